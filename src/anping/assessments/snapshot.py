"""Build the `anping.reports.ReportSnapshot` of an assessment (sa-2018 Art. 6 ¶2).

Everything a report shows is read here, once, from the assessment, its service and provider:
the platform form's subject information, the service's basic information and licences, the Art. 3
situation, every point with its result, statement, evidence and findings, the eight Art. 5 items
with their actual situation, the conclusion and other matters, and the assessor (Art. 4).

`build(assessment, frozen_at=…, report_date=…)` is a pure read. With the frozen time and date of
an existing `Report` it gives the snapshot the assessment would have now, so
`current_hash(report)` tells whether the assessment changed after the report was frozen (and
therefore whether approvals of it still hold).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils import timezone

from anping.assessments.models import (
    Approval,
    Assessment,
    Evidence,
    Finding,
    PointResult,
    Rectification,
    Report,
    Result,
)
from anping.reports import snapshot as rs

NONE_ZH = "无"
MISSING_ZH = "（未填写）"


def _text(zh: str, en: str = "") -> rs.Text:
    zh = (zh or "").strip()
    return rs.Text(zh=zh or MISSING_ZH, en=(en or "").strip())


def division(code: str, detail: str = "") -> rs.Division:
    """A GB/T 2260 division with its full Chinese name (province › city › county)."""
    from anping.law import divisions

    try:
        name = "".join(d.name for d in divisions.path(code))
    except divisions.UnknownDivision:
        name = ""
    return rs.Division(code=code, name=_text(name or code), detail=detail)


def report_id(assessment: Assessment) -> str:
    """The identifier printed on the report, e.g. SA-2026-0042."""
    return f"SA-{timezone.localtime(assessment.created_at):%Y}-{assessment.pk:04d}"


def _subject(assessment: Assessment) -> rs.UnitSubject:
    provider = assessment.service.provider
    return rs.UnitSubject(
        name=_text(provider.name, provider.name_en),
        credit_code=provider.credit_code,
        registered_location=division(assessment.registered_division or provider.division_code),
        operating_location=division(assessment.operating_division or provider.division_code),
        contact_name=assessment.contact_name.strip() or MISSING_ZH,
        contact_phone=assessment.contact_phone.strip() or "-",
    )


def _service(assessment: Assessment) -> rs.Service:
    service = assessment.service
    functions = list(service.functions.all())
    added = next((f for f in functions if assessment.event == "function_added"), None)
    if added is None and functions:
        function_name = "、".join(f.name for f in functions)
        description = "；".join(f"{f.name}：{f.description}" for f in functions if f.description)
    else:
        function_name = added.name if added else ""
        description = added.description if added else ""
    link = service.website_url or (service.app_identifiers[0] if service.app_identifiers else "")
    channel = "website" if service.website_url else ("app" if service.app_identifiers else "other")
    scope = "；".join(
        part
        for part in (
            service.website_url,
            "、".join(service.app_identifiers),
        )
        if part
    )
    facilities = "\n".join(
        part
        for part in (
            service.hardware_facilities.strip() and f"硬件：{service.hardware_facilities.strip()}",
            service.software_facilities.strip() and f"软件：{service.software_facilities.strip()}",
        )
        if part
    )
    return rs.Service(
        service_name=_text(service.name),
        function_name=_text(function_name or service.name),
        function_description=_text(description or function_name or service.name),
        network_link=link or "-",
        channel=channel,
        functions=tuple(_text(f.name) for f in functions) or (_text(service.name),),
        service_scope=_text(scope),
        facilities=_text(facilities),
        deployment=division(service.division_code),
        licences=rs.Licences(
            icp=service.icp_number.strip(),
            news_licence=service.news_licence_number.strip(),
            psb_filing=service.psb_filing_number.strip(),
        ),
    )


def _situations(assessment: Assessment) -> tuple[rs.Situation, ...]:
    if not assessment.situation:
        return ()
    note = None
    if assessment.event_date:
        note = _text(
            f"事件日期：{assessment.event_date:%Y-%m-%d}。",
            f"Event date: {assessment.event_date:%Y-%m-%d}.",
        )
    return (rs.Situation(item=assessment.situation, note=note),)


def _assessor(assessment: Assessment) -> rs.Assessor:
    org = assessment.assessor
    return rs.Assessor(
        kind="self" if org.pk == assessment.service.provider_id else "third_party",
        name=_text(org.name, org.name_en),
        credit_code=org.credit_code,
    )


def _evidence(e: Evidence) -> rs.Evidence | None:
    if e.kind == Evidence.Kind.CHECK_RUN and e.check_run is not None:
        digest = hashlib.sha256(
            json.dumps(e.check_run.summary, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        day = e.effective_from or (e.check_run.finished_at or e.created_at).date()
        return rs.Evidence(name=_text(e.title), sha256=digest, effective_on=day)
    revisions = list(e.revisions.all())
    if not revisions:
        return None
    current = revisions[-1]
    day = e.effective_from or timezone.localtime(current.uploaded_at).date()
    return rs.Evidence(name=_text(e.title), sha256=current.sha256, effective_on=day)


def _finding(f: Finding, rect: Rectification | None) -> rs.Finding | None:
    if rect is None or f.status == Finding.Status.WITHDRAWN:
        return None
    return rs.Finding(
        description=_text(f.description),
        action=_text(rect.action),
        owner=rect.owner.get_username(),
        due=rect.due_date,
        verified_by=rect.verified_by.get_username() if rect.verified_by else "",
        closed_at=f.closed_at,
    )


def _points(assessment: Assessment) -> list[rs.PointResult]:
    points = list(assessment.points.order_by("order", "pk"))
    evidence: dict[int, list[Evidence]] = {}
    for e in assessment.evidence.select_related("check_run").prefetch_related("revisions"):
        if e.point_id:
            evidence.setdefault(e.point_id, []).append(e)
    rects = {
        r.finding_id: r
        for r in Rectification.objects.filter(finding__assessment=assessment).select_related(
            "owner", "verified_by"
        )
    }
    findings: dict[int, list[Finding]] = {}
    for f in assessment.findings.order_by("pk"):
        findings.setdefault(f.point_id, []).append(f)
    out = []
    for p in points:
        result = p.result or Result.NOT_APPLICABLE
        na = result == Result.NOT_APPLICABLE
        statement = p.statement.strip() or (p.na_reason.strip() if na else "")
        shown = [x for x in (_evidence(e) for e in evidence.get(p.pk, [])) if x is not None]
        found = [
            x
            for x in (_finding(f, rects.get(f.pk)) for f in findings.get(p.pk, []))
            if x is not None
        ]
        out.append(
            rs.PointResult(
                point_id=p.cite,
                title=_text(p.title_zh, p.title_en),
                result=str(result),  # type: ignore[arg-type]
                na_reason=_text(p.na_reason) if na else None,
                actual_situation=_text(statement),
                evidence=tuple(shown),
                findings=tuple(found),
            )
        )
    return out


def _main_contents(assessment: Assessment) -> tuple[rs.MainContent, ...]:
    by_cite: dict[str, PointResult] = {
        p.cite: p for p in assessment.points.filter(cite__startswith="sa-2018:art5.")
    }
    items = []
    for n in range(1, 9):
        p = by_cite.get(f"sa-2018:art5.{n}")
        text = ""
        if p is not None:
            text = p.statement.strip() or p.na_reason.strip()
        items.append(rs.MainContent(item=n, actual_situation=_text(text)))
    return tuple(items)


def outcome(assessment: Assessment) -> str:
    """compliant, or compliant after rectification when hazards were found and closed."""
    if assessment.findings.filter(status=Finding.Status.OPEN).exists():
        return "not_compliant"
    if assessment.findings.filter(status=Finding.Status.CLOSED).exists():
        return "compliant_after_rectification"
    return "compliant"


def signatures(report: Report, approvals: list[Approval]) -> tuple[rs.Signature, ...]:
    return tuple(
        rs.Signature(
            signer_name=getattr(a.user, "display_name", "") or a.user.get_username(),
            role=a.signer_role,  # type: ignore[arg-type]
            signed_at=a.approved_at,
            snapshot_hash=a.snapshot_hash,
        )
        for a in approvals
    )


def build(
    assessment: Assessment,
    *,
    frozen_at: dt.datetime | None = None,
    report_date: dt.date | None = None,
) -> rs.ReportSnapshot:
    """The snapshot of the assessment as it is now (a pure read; raises pydantic's
    ValidationError when something the report needs is missing — gate with completeness)."""
    frozen_at = frozen_at or timezone.now().replace(microsecond=0)
    created_at = assessment.created_at.replace(microsecond=0)
    return rs.ReportSnapshot(
        assessment_id=report_id(assessment),
        created_at=min(created_at, frozen_at),
        frozen_at=frozen_at,
        report_date=report_date or timezone.localtime(frozen_at).date(),
        subject=_subject(assessment),
        service=_service(assessment),
        situations=_situations(assessment),
        assessor=_assessor(assessment),
        main_contents=_main_contents(assessment),
        points=tuple(_points(assessment)),
        conclusion=rs.Conclusion(
            outcome=outcome(assessment),  # type: ignore[arg-type]
            statement=_text(assessment.conclusion),
        ),
        other_matters=_text(assessment.other_matters or NONE_ZH),
    )


def stored(report: Report) -> rs.ReportSnapshot:
    """The snapshot frozen in `report` (validated)."""
    return rs.ReportSnapshot.model_validate(report.snapshot)


def current_hash(report: Report) -> str:
    """The content hash the report's assessment has now, at the report's frozen time."""
    snap = stored(report)
    fresh = build(report.assessment, frozen_at=snap.frozen_at, report_date=snap.report_date)
    return fresh.content_hash()


def to_json(snapshot: rs.ReportSnapshot) -> dict[str, Any]:
    return snapshot.model_dump(mode="json")
