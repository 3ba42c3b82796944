"""Shared fixtures for the report tests: the sample snapshot, an individual's variant, and the
form fields each rendered report must show (built from the snapshot and the label table directly,
not from the layout code under test)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from anping.reports import ReportSnapshot, sample
from anping.reports.labels import ART3, ART5, label
from anping.reports.snapshot import IndividualSubject, Lang, UnitSubject

ID_NUMBER = "440305198506121237"
ID_MASKED = "4403**********1237"
PHONE = "13912345678"
PHONE_MASKED = "1391***5678"
SAMPLE_PHONE = "+8613800138000"
SAMPLE_PHONE_MASKED = "+86138****8000"


@pytest.fixture(scope="session")
def snapshot() -> ReportSnapshot:
    return sample()


@pytest.fixture(scope="session")
def individual(snapshot: ReportSnapshot) -> ReportSnapshot:
    """The sample, filed by an individual (the platform form's personal subject fields)."""
    data = snapshot.model_dump(mode="json")
    data["subject"] = {
        "kind": "individual",
        "name": "王小明",
        "phone": PHONE,
        "id_number": ID_NUMBER,
        "residence": {"code": "440305", "name": {"zh": "广东省深圳市南山区", "en": "Nanshan"}},
    }
    data["signatures"] = []
    return ReportSnapshot.model_validate(data)


def squash(text: str) -> str:
    """Whitespace removed: paged formats wrap lines anywhere, even inside a hash."""
    return re.sub(r"\s+", "", text)


def section_headings(lang: Lang) -> list[str]:
    return [label(f"section{n}", lang) for n in range(1, 5)]


def expected_fields(s: ReportSnapshot, lang: Lang) -> list[tuple[str, str]]:
    """(label, value) of every field of the platform form and Art. 6 ¶2, as shown (masked or not)."""
    sv = s.service
    fields: list[tuple[str, str]] = [
        (label("assessment_id", lang), s.assessment_id),
        (label("report_date", lang), s.report_date.isoformat()),
        (label("service_name", lang), sv.service_name.get(lang)),
        (label("function_name", lang), sv.function_name.get(lang)),
        (label("function_description", lang), sv.function_description.get(lang)),
        (label("network_link", lang), sv.network_link),
        (label("channel", lang), label(f"channel.{sv.channel}", lang)),
        (label("functions", lang), sv.functions[0].get(lang)),
        (label("service_scope", lang), sv.service_scope.get(lang)),
        (label("facilities", lang), sv.facilities.get(lang)),
        (label("deployment", lang), sv.deployment.code),
        (label("deployment", lang), sv.deployment.name.get(lang)),
        (label("icp", lang), sv.licences.icp),
        (label("news_licence", lang), label("not_held", lang)),
        (label("psb_filing", lang), sv.licences.psb_filing),
        (sv.licences.other[0].name.get(lang), sv.licences.other[0].number),
        (label("assessor_kind", lang), label(f"assessor_kind.{s.assessor.kind}", lang)),
        (label("assessor_name", lang), s.assessor.name.get(lang)),
        (label("outcome", lang), label(f"outcome.{s.conclusion.outcome}", lang)),
        (label("statement", lang), s.conclusion.statement.get(lang)),
        (label("section4", lang), s.other_matters.get(lang)),
        (label("content_hash", lang), s.content_hash()),
    ]
    subj = s.subject
    if isinstance(subj, UnitSubject):
        fields += [
            (label("unit_name", lang), subj.name.get(lang)),
            (label("credit_code", lang), subj.credit_code),
            (label("registered_location", lang), subj.registered_location.name.get(lang)),
            (label("operating_location", lang), subj.operating_location.name.get(lang)),
            (label("contact_name", lang), subj.contact_name),
            (label("contact_phone", lang), subj.contact_phone),
        ]
    else:
        assert isinstance(subj, IndividualSubject)
        fields += [
            (label("individual_name", lang), subj.name),
            (label("phone", lang), subj.phone),
            (label("id_number", lang), subj.id_number),
            (label("residence", lang), subj.residence.name.get(lang)),
        ]
    # Art. 3: all five situations are listed, the applying ones with their note
    fields += [(label("situations", lang), ART3[n][0 if lang == "zh" else 1]) for n in range(1, 6)]
    fields += [
        (label("situation_note", lang), sit.note.get(lang)) for sit in s.situations if sit.note
    ]
    # Art. 5: the eight main contents and their actual situations
    for content in s.main_contents:
        fields.append(
            (ART5[content.item][0 if lang == "zh" else 1], content.actual_situation.get(lang))
        )
    # points, evidence, findings
    for p in s.points:
        fields.append((p.point_id, p.title.get(lang)))
        fields.append((label(f"result.{p.result}", lang), p.actual_situation.get(lang)))
        if p.na_reason:
            fields.append((label("na_reason", lang), p.na_reason.get(lang)))
        for e in p.evidence:
            fields.append((e.name.get(lang), e.sha256))
            fields.append((label("effective_on", lang), e.effective_on.isoformat()))
        for f in p.findings:
            fields += [
                (label("finding", lang), f.description.get(lang)),
                (label("action", lang), f.action.get(lang)),
                (label("owner", lang), f.owner),
                (label("due", lang), f.due.isoformat()),
                (label("verified_by", lang), f.verified_by),
            ]
    for sig in s.signatures:
        fields += [
            (label("signer_name", lang), sig.signer_name),
            (label("signer_role", lang), label(f"role.{sig.role}", lang)),
            (label("snapshot_hash", lang), sig.snapshot_hash),
            (label("signature_valid", lang), label("signature_valid.yes", lang)),
        ]
    return fields


def _missing_from(text: str, s: ReportSnapshot, lang: Lang) -> list[str]:
    """Every heading, label and value of `s` that `text` lacks (whitespace ignored)."""
    flat = squash(text)
    wanted = [label("title", lang), *section_headings(lang)]
    for key, value in expected_fields(s, lang):
        wanted += [key, value]
    return [w for w in wanted if w and squash(w) not in flat]


@pytest.fixture(scope="session")
def missing_from() -> Callable[[str, ReportSnapshot, Lang], list[str]]:
    """`missing_from(text, snapshot, lang)`: what of the report's content `text` lacks."""
    return _missing_from


@pytest.fixture(scope="session")
def pii() -> dict[str, str]:
    """Personal data of the fixtures, in full and masked."""
    return {
        "id": ID_NUMBER,
        "id_masked": ID_MASKED,
        "phone": PHONE,
        "phone_masked": PHONE_MASKED,
        "sample_phone": SAMPLE_PHONE,
        "sample_phone_masked": SAMPLE_PHONE_MASKED,
    }
