"""Re-assessment and yearly cycles (a new assessment cloned from an old one) and the Excel import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.assessments import evidence as files
from anping.assessments.flows.answers import POINT_FIELDS, update_point
from anping.assessments.flows.applicable import (
    _point_row,
    applicable_points,
    features_for,
    kinds_for,
)
from anping.assessments.flows.rights import (
    _locked,
    _record,
    _require_editable,
    active_engagement,
    require_worker,
)
from anping.assessments.models import (
    Assessment,
    CloneReason,
    Evidence,
    EvidenceRevision,
    PointResult,
    Result,
)
from anping.core.errors import Invalid
from anping.core.models import AuditAction


def _copy_evidence(source: Evidence, target: Assessment, point: PointResult | None) -> bool:
    """Copy one piece of evidence (its current file) into `target`; False if nothing to copy."""
    copy = Evidence(
        assessment=target,
        point=point,
        kind=source.kind,
        title=source.title,
        description=source.description,
        check_run=source.check_run,
        effective_from=source.effective_from,
        effective_until=source.effective_until,
        carried_from=source,
        created_by=source.created_by,
    )
    if source.kind == Evidence.Kind.CHECK_RUN:
        copy.save()
        return True
    current = source.current
    if current is None:
        return False
    try:
        content = files.path_of(current.stored_name).read_bytes()
    except OSError:
        return False
    stored = files.store(content, current.original_name)
    try:
        copy.save()
        EvidenceRevision.objects.create(
            evidence=copy,
            number=1,
            stored_name=stored.stored_name,
            original_name=current.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=current.uploaded_by,
        )
    except BaseException:
        files.discard(stored.stored_name)
        raise
    return True


@transaction.atomic
def clone_assessment(
    source: Assessment,
    *,
    actor: Any,
    reason: str,
    title: str = "",
    situation: int | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Start a new assessment from `source` (re-assessment order, new trigger, new year).

    The points that apply today are created; answers of the same points are carried over and
    marked "to re-confirm"; evidence of the points is kept (flagged by completeness when past its
    effective date); subject information is copied; conclusion, findings and reports are not.
    """
    require_worker(actor, source)
    if reason not in CloneReason.values:
        raise Invalid(_("未知的复评原因：%(r)s") % {"r": reason})
    if situation is not None and situation not in range(1, 6):
        raise Invalid(_("评估情形只能是第三条第一项至第五项。"))
    service = source.service
    day = today or timezone.localdate()
    assessor = source.assessor
    engagement = None
    if assessor.pk != service.provider_id:
        engagement = active_engagement(service.provider_id, assessor.pk)
        if engagement is None:
            assessor = service.provider
    title = title.strip()[:200] or (
        _("%(service)s 安全评估（%(reason)s，%(year)s）")
        % {"service": service.name, "reason": CloneReason(reason).label, "year": day.year}
    )
    assessment = Assessment.objects.create(
        service=service,
        assessor=assessor,
        engagement=engagement,
        title=title,
        situation=situation or source.situation,
        event=source.event,
        event_date=source.event_date,
        catalog_date=day,
        kinds=kinds_for(service),
        features=features_for(service),
        contact_name=source.contact_name,
        contact_phone=source.contact_phone,
        registered_division=source.registered_division,
        operating_division=source.operating_division,
        parent=source,
        clone_reason=reason,
        created_by=actor,
    )
    old = {p.urn: p for p in source.points.all()}
    rows = []
    for n, ref in enumerate(applicable_points(service, day), start=1):
        row = _point_row(assessment, ref, n)
        before = old.get(ref.urn)
        if before is not None and before.result != Result.PENDING:
            for name in (*POINT_FIELDS, "assignee_id"):
                setattr(row, name, getattr(before, name))
            row.to_reconfirm = True
        rows.append(row)
    PointResult.objects.bulk_create(rows)
    by_urn = {p.urn: p for p in assessment.points.all()}
    by_old_pk = {p.pk: p.urn for p in old.values()}
    kept = expired = 0
    for e in source.evidence.filter(rectification__isnull=True).prefetch_related("revisions"):
        point = by_urn.get(by_old_pk.get(e.point_id, "")) if e.point_id else None
        if _copy_evidence(e, assessment, point):
            kept += 1
            expired += e.expired(day)
    _record(
        AuditAction.ASSESSMENT_CLONED,
        actor,
        assessment,
        assessment,
        {
            "from": source.pk,
            "reason": reason,
            "points": len(rows),
            "carried": sum(r.to_reconfirm for r in rows),
            "evidence": kept,
            "expired_evidence": expired,
        },
    )
    return assessment


@transaction.atomic
def import_points(assessment: Assessment, content: bytes, *, actor: Any) -> list[PointResult]:
    """Apply an edited export (`anping.assessments.excel`): all rows are validated first and
    nothing is written if any is bad; each changed point goes through `update_point`."""
    from anping.assessments import excel

    require_worker(actor, assessment)
    assessment = _locked(assessment)
    _require_editable(assessment)
    rows = excel.parse(assessment, content)
    updated = []
    for row in rows:
        row.point.assessment = assessment
        updated.append(update_point(row.point, actor=actor, **row.changes))
    if not rows:
        return updated
    _record(
        AuditAction.POINTS_IMPORTED,
        actor,
        assessment,
        assessment,
        {"rows": len(rows), "points": [r.point.cite for r in rows]},
    )
    return updated
