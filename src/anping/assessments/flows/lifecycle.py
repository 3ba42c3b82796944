"""Starting an assessment, adding points its service now needs, moving it between states."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.assessments.flows.applicable import (
    _point_row,
    applicable_points,
    features_for,
    kinds_for,
)
from anping.assessments.flows.rights import (
    _locked,
    _record,
    _refuse,
    _require_editable,
    active_engagement,
    can_work_on_service,
    require_worker,
)
from anping.assessments.models import (
    TRANSITIONS,
    Assessment,
    AssessmentStatus,
    Finding,
    PointResult,
)
from anping.core.errors import Conflict, Invalid
from anping.core.models import AuditAction
from anping.core.scoping import has_role, restrict
from anping.law.triggers import RequiredAssessment
from anping.orgs.models import Engagement, Organisation, OrganisationKind
from anping.services import due
from anping.services.models import InformationService


def _default_assessor(actor: Any, service: InformationService) -> Organisation:
    if actor is None or has_role(actor, service.provider_id):
        return service.provider
    for engagement in Engagement.objects.filter(
        provider_id=service.provider_id, ended_on__isnull=True
    ).select_related("firm"):
        if has_role(actor, engagement.firm_id):
            return engagement.firm
    return service.provider


def required_items(
    service: InformationService, situation: int, event_date: dt.date | None, today: dt.date
) -> list[RequiredAssessment]:
    """The sa-2018 assessments `service` needs for an Art. 3 situation (and event date, if given)."""
    return [
        i
        for i in due.required_assessments(service, today)
        if i.situation == situation
        and i.regime == "sa-2018"
        and (event_date is None or i.event_date == event_date)
    ]


@transaction.atomic
def start_assessment(
    service: InformationService,
    *,
    actor: Any,
    assessor: Organisation | None = None,
    item: RequiredAssessment | None = None,
    title: str = "",
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Start an assessment of `service`, from a required-assessment item (Art. 3 situation,
    event and due date copied in) or by hand; the assessor is the provider or an engaged firm."""
    assessor = assessor or _default_assessor(actor, service)
    engagement = None
    if assessor.pk != service.provider_id:
        if assessor.kind != OrganisationKind.FIRM:
            raise Invalid(_("评估实施方只能是服务提供者本身或其委托的第三方安全评估机构。"))
        engagement = active_engagement(service.provider_id, assessor.pk)
        if engagement is None:
            raise Invalid(_("该评估机构与服务提供者之间没有正在进行的委托（第四条）。"))
    if actor is not None and not can_work_on_service(actor, service, assessor.pk):
        visible = restrict(InformationService.objects.filter(pk=service.pk), actor).exists()
        _refuse(actor, visible)
    day = today or timezone.localdate()
    if item is not None and item.regime != "sa-2018":
        raise Invalid(_("该情形按其他规定另行评估（第十六条）。"))
    title = title.strip()[:200]
    if not title:
        title = (
            _("%(service)s 安全评估（第三条第%(n)s项情形）")
            % {"service": service.name, "n": item.situation}
            if item
            else _("%(service)s 安全评估") % {"service": service.name}
        )
    assessment = Assessment.objects.create(
        service=service,
        assessor=assessor,
        engagement=engagement,
        title=title,
        situation=item.situation if item else None,
        event=item.event if item else "",
        event_date=item.event_date if item else None,
        due_date=item.deadline_date if item else due_date,
        catalog_date=day,
        kinds=kinds_for(service),
        features=features_for(service),
        created_by=actor,
    )
    refs = applicable_points(service, day)
    PointResult.objects.bulk_create(
        [_point_row(assessment, ref, n) for n, ref in enumerate(refs, start=1)]
    )
    _record(
        AuditAction.ASSESSMENT_STARTED,
        actor,
        assessment,
        assessment,
        {
            "service": service.name,
            "assessor": assessor.name,
            "situation": assessment.situation,
            "points": len(refs),
        },
    )
    return assessment


@transaction.atomic
def add_missing_points(assessment: Assessment, *, actor: Any) -> list[PointResult]:
    """Add the points that apply to the service now but are missing (its facts changed)."""
    require_worker(actor, assessment)
    assessment = _locked(assessment)
    _require_editable(assessment)
    have = set(assessment.points.values_list("urn", flat=True))
    start = (assessment.points.aggregate(m=Max("order"))["m"] or 0) + 1
    missing = [
        r
        for r in applicable_points(assessment.service, assessment.catalog_date)
        if r.urn not in have
    ]
    rows = PointResult.objects.bulk_create(
        [_point_row(assessment, ref, start + n) for n, ref in enumerate(missing)]
    )
    if rows:
        _record(
            AuditAction.ASSESSMENT_POINTS_ADDED,
            actor,
            assessment,
            assessment,
            {"points": [r.cite for r in rows]},
        )
    return rows


@transaction.atomic
def transition(
    assessment: Assessment, to: str, *, actor: Any, today: dt.date | None = None
) -> Assessment:
    """Move the assessment to `to` if TRANSITIONS allows it; `ready` needs every finding closed
    (Art. 6 ¶1) and the completeness check passed (Art. 8 ¶2)."""
    from anping.assessments.completeness import problems

    require_worker(actor, assessment)
    assessment = _locked(assessment)
    current = assessment.status
    allowed = TRANSITIONS.get(current, frozenset())
    if current == AssessmentStatus.SIGNED:
        _require_editable(assessment)
    if to == AssessmentStatus.SIGNED and to in allowed:
        raise Conflict(
            _("评估报告须经审批人全部审批后自动签署，不能直接变更为已签署。"),
            details={"from": current, "to": to},
        )
    if to not in allowed:
        raise Conflict(
            _("不能从“%(from)s”变更为“%(to)s”。")
            % {
                "from": assessment.get_status_display(),
                "to": dict(AssessmentStatus.choices).get(to, to),
            },
            details={"from": current, "to": to, "allowed": sorted(allowed)},
        )
    if to == AssessmentStatus.READY:
        open_findings = assessment.findings.filter(status=Finding.Status.OPEN).count()
        if open_findings:
            raise Conflict(
                _("还有 %(n)s 个安全隐患未整改关闭（第六条第一款）。") % {"n": open_findings},
                details={"open_findings": open_findings},
            )
        found = problems(assessment, today=today)
        if found:
            raise Conflict(
                _("完整性检查未通过：%(n)s 个问题。") % {"n": len(found)},
                details={"problems": [p.code for p in found]},
            )
    _set_status(assessment, to, actor)
    return assessment


def _set_status(assessment: Assessment, to: str, actor: Any) -> None:
    """Save the new status and write the transition to the audit trail."""
    before = assessment.status
    assessment.status = to
    assessment.save(update_fields=["status", "updated_at"])
    _record(
        AuditAction.ASSESSMENT_TRANSITIONED,
        actor,
        assessment,
        assessment,
        {"from": before, "to": to},
    )
