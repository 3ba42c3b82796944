"""The report laid out once, as headings, paragraphs and tables, for every output format.

The four renderers (.docx, .pdf, .html; .json is the snapshot itself) draw the same `Layout`, so
the Word, PDF and HTML copies of a report cannot drift apart: a field added here appears in all
three. The order follows sa-2018 Art. 6 ¶2 — (1) basic information and licences, (2) security
management system, technical measures and effect of risk prevention, (3) conclusion, (4) other
matters — with the platform form's fields (subject, basic situation, Art. 3 situation, the eight
Art. 5 contents, signatures and date) placed in the part they belong to.

The layout is built from the snapshot *as given*: masking is decided before (`render`), so what is
laid out is exactly what is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from anping.reports.labels import art3, art5, item_marker, label
from anping.reports.snapshot import IndividualSubject, Lang, ReportSnapshot, Text


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: level 1 for the four parts of Art. 6 ¶2, level 2 for their subsections."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class FieldTable:
    """Label/value rows, as on the platform's form (the label is a row header)."""

    caption: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class GridTable:
    """A table with column headers (point results, evidence, findings, signatures)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: relative column widths, for the paged formats
    widths: tuple[float, ...] = ()


Block = Heading | Paragraph | FieldTable | GridTable


@dataclass(frozen=True, slots=True)
class Layout:
    lang: Lang
    title: str
    subject: str  # document metadata: what the report is about
    author: str
    frozen_at: dt.datetime
    blocks: tuple[Block, ...] = field(default=())


def fmt_datetime(value: dt.datetime | None) -> str:
    """ISO-like, minutes, with the offset the timestamp was recorded in."""
    if value is None:
        return ""
    return value.isoformat(sep=" ", timespec="minutes")


def fmt_date(value: dt.date) -> str:
    return value.isoformat()


def _t(text: Text | None, lang: Lang) -> str:
    return "" if text is None else text.get(lang)


def _or_not_held(value: str, lang: Lang) -> str:
    return value or label("not_held", lang)


def _report_info(s: ReportSnapshot, lang: Lang) -> list[Block]:
    privacy = "personal_data_masked" if s.is_masked else "personal_data_full"
    return [
        Heading(1, label("report_info", lang)),
        FieldTable(
            label("report_info", lang),
            (
                (label("assessment_id", lang), s.assessment_id),
                (label("regulation", lang), s.regulation),
                (label("report_date", lang), fmt_date(s.report_date)),
                (label("created_at", lang), fmt_datetime(s.created_at)),
                (label("frozen_at", lang), fmt_datetime(s.frozen_at)),
                (label("schema_version", lang), str(s.schema_version)),
                (label("personal_data", lang), label(privacy, lang)),
                (label("content_hash", lang), s.content_hash()),
            ),
        ),
    ]


def _subject(s: ReportSnapshot, lang: Lang) -> Block:
    subj = s.subject
    caption = label("subject", lang)
    if isinstance(subj, IndividualSubject):
        return FieldTable(
            caption,
            (
                (label("subject_kind", lang), label("subject_kind.individual", lang)),
                (label("individual_name", lang), subj.name),
                (label("phone", lang), subj.phone),
                (label("id_number", lang), subj.id_number),
                (label("residence", lang), subj.residence.get(lang)),
            ),
        )
    return FieldTable(
        caption,
        (
            (label("subject_kind", lang), label("subject_kind.unit", lang)),
            (label("unit_name", lang), subj.name.get(lang)),
            (label("credit_code", lang), subj.credit_code),
            (label("registered_location", lang), subj.registered_location.get(lang)),
            (label("operating_location", lang), subj.operating_location.get(lang)),
            (label("contact_name", lang), subj.contact_name),
            (label("contact_phone", lang), subj.contact_phone),
        ),
    )


def _section1(s: ReportSnapshot, lang: Lang) -> list[Block]:
    sv = s.service
    sep = "；" if lang == "zh" else "; "
    lic = sv.licences
    licence_rows = [
        (label("icp", lang), _or_not_held(lic.icp, lang)),
        (label("news_licence", lang), _or_not_held(lic.news_licence, lang)),
        (label("psb_filing", lang), _or_not_held(lic.psb_filing, lang)),
    ]
    licence_rows += [(o.name.get(lang), o.number) for o in lic.other]
    applies = {sit.item: sit for sit in s.situations}
    situation_rows = tuple(
        (
            art3(n, lang),
            label("applies.yes" if n in applies else "applies.no", lang),
            _t(applies[n].note, lang) if n in applies else "",
        )
        for n in range(1, 6)
    )
    return [
        Heading(1, label("section1", lang)),
        Heading(2, label("subject", lang)),
        _subject(s, lang),
        Heading(2, label("service", lang)),
        FieldTable(
            label("service", lang),
            (
                (label("service_name", lang), sv.service_name.get(lang)),
                (label("function_name", lang), sv.function_name.get(lang)),
                (label("function_description", lang), sv.function_description.get(lang)),
                (label("network_link", lang), sv.network_link),
                (label("channel", lang), label(f"channel.{sv.channel}", lang)),
                (label("functions", lang), sep.join(f.get(lang) for f in sv.functions)),
                (label("service_scope", lang), sv.service_scope.get(lang)),
                (label("facilities", lang), sv.facilities.get(lang)),
                (label("deployment", lang), sv.deployment.get(lang)),
            ),
        ),
        Heading(2, label("licences", lang)),
        FieldTable(label("licences", lang), tuple(licence_rows)),
        Heading(2, label("situations", lang)),
        GridTable(
            label("situations", lang),
            (
                label("content", lang),
                label("situation_applies", lang),
                label("situation_note", lang),
            ),
            situation_rows,
            (5, 1, 3),
        ),
        Heading(2, label("assessor", lang)),
        FieldTable(
            label("assessor", lang),
            (
                (label("assessor_kind", lang), label(f"assessor_kind.{s.assessor.kind}", lang)),
                (label("assessor_name", lang), s.assessor.name.get(lang)),
                (label("credit_code", lang), s.assessor.credit_code),
            ),
        ),
    ]


def _result(p_result: str, reason: Text | None, lang: Lang) -> str:
    text = label(f"result.{p_result}", lang)
    if reason is not None:
        colon = "：" if lang == "zh" else ": "
        text += (
            f"（{label('na_reason', lang)}{colon}{reason.get(lang)}）"
            if lang == "zh"
            else (f" ({label('na_reason', lang)}{colon}{reason.get(lang)})")
        )
    return text


def _section2(s: ReportSnapshot, lang: Lang) -> list[Block]:
    blocks: list[Block] = [
        Heading(1, label("section2", lang)),
        Heading(2, label("main_contents", lang)),
        GridTable(
            label("main_contents", lang),
            (label("item", lang), label("content", lang), label("actual_situation", lang)),
            tuple(
                (
                    item_marker(c.item, lang),
                    art5(c.item, lang, marker=False),
                    c.actual_situation.get(lang),
                )
                for c in s.main_contents
            ),
            (1, 4, 5),
        ),
        Heading(2, label("points", lang)),
        GridTable(
            label("points", lang),
            (
                label("point_id", lang),
                label("point_title", lang),
                label("result", lang),
                label("actual_situation", lang),
            ),
            tuple(
                (
                    p.point_id,
                    p.title.get(lang),
                    _result(p.result, p.na_reason, lang),
                    p.actual_situation.get(lang),
                )
                for p in s.points
            ),
            (1.6, 2.6, 1.6, 4.2),
        ),
        Heading(2, label("evidence", lang)),
    ]
    evidence = tuple(
        (p.point_id, e.name.get(lang), e.sha256, fmt_date(e.effective_on))
        for p in s.points
        for e in p.evidence
    )
    if evidence:
        blocks.append(
            GridTable(
                label("evidence", lang),
                (
                    label("point_id", lang),
                    label("evidence_name", lang),
                    label("sha256", lang),
                    label("effective_on", lang),
                ),
                evidence,
                (1.5, 3, 3.5, 1.6),
            )
        )
    else:
        blocks.append(Paragraph(label("no_evidence", lang)))
    blocks.append(Heading(2, label("findings", lang)))
    findings = tuple(
        (
            p.point_id,
            f.description.get(lang),
            f.action.get(lang),
            f.owner,
            fmt_date(f.due),
            f.verified_by,
            fmt_datetime(f.closed_at) if f.closed_at else label("open", lang),
        )
        for p in s.points
        for f in p.findings
    )
    if findings:
        blocks.append(
            GridTable(
                label("findings", lang),
                (
                    label("point_id", lang),
                    label("finding", lang),
                    label("action", lang),
                    label("owner", lang),
                    label("due", lang),
                    label("verified_by", lang),
                    label("closed_at", lang),
                ),
                findings,
                (1.3, 2.6, 2.6, 1.1, 1.3, 1.1, 1.6),
            )
        )
    else:
        blocks.append(Paragraph(label("no_findings", lang)))
    return blocks


def _signatures(s: ReportSnapshot, lang: Lang) -> list[Block]:
    blocks: list[Block] = [Heading(1, label("signatures", lang))]
    digest = s.content_hash()
    if s.signatures:
        blocks.append(
            GridTable(
                label("signatures", lang),
                (
                    label("signer_name", lang),
                    label("signer_role", lang),
                    label("signed_at", lang),
                    label("snapshot_hash", lang),
                    label("signature_valid", lang),
                ),
                tuple(
                    (
                        sig.signer_name,
                        label(f"role.{sig.role}", lang),
                        fmt_datetime(sig.signed_at),
                        sig.snapshot_hash,
                        label(
                            "signature_valid.yes"
                            if sig.snapshot_hash == digest
                            else "signature_valid.no",
                            lang,
                        ),
                    )
                    for sig in s.signatures
                ),
                (1.4, 1.6, 1.8, 3.6, 1),
            )
        )
    else:
        blocks.append(Paragraph(label("no_signatures", lang)))
    colon = "：" if lang == "zh" else ": "
    blocks.append(Paragraph(f"{label('report_date', lang)}{colon}{fmt_date(s.report_date)}"))
    return blocks


def build(s: ReportSnapshot, lang: Lang) -> Layout:
    """Lay out the report for `lang` (Art. 6 ¶2 (1)–(4), then signatures and date)."""
    blocks: list[Block] = [Paragraph(label("subtitle", lang)), *_report_info(s, lang)]
    blocks += _section1(s, lang)
    blocks += _section2(s, lang)
    blocks += [
        Heading(1, label("section3", lang)),
        FieldTable(
            label("section3", lang),
            (
                (label("outcome", lang), label(f"outcome.{s.conclusion.outcome}", lang)),
                (label("statement", lang), s.conclusion.statement.get(lang)),
            ),
        ),
        Heading(1, label("section4", lang)),
        Paragraph(s.other_matters.get(lang)),
    ]
    blocks += _signatures(s, lang)
    name = s.subject.name if isinstance(s.subject, IndividualSubject) else s.subject.name.get(lang)
    return Layout(
        lang=lang,
        title=label("title", lang),
        subject=f"{s.service.service_name.get(lang)} — {name}",
        author=s.assessor.name.get(lang),
        frozen_at=s.frozen_at,
        blocks=tuple(blocks),
    )
