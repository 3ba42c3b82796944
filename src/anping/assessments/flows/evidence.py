"""Evidence: uploaded files and their revisions, check runs linked as evidence, evidence requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.assessments import evidence as files
from anping.assessments.flows.rights import (
    _locked,
    _record,
    _refuse,
    _require_editable,
    _require_team_member,
    can_work_for_provider,
    require_worker,
)
from anping.assessments.models import (
    Assessment,
    CheckRun,
    Evidence,
    EvidenceRequest,
    EvidenceRevision,
    PointResult,
    Rectification,
)
from anping.core import audit
from anping.core.errors import Conflict, Invalid
from anping.core.models import AuditAction
from anping.core.scoping import restrict
from anping.services.models import InformationService


def _belongs(assessment: Assessment, point: Any, rectification: Any) -> None:
    if point is not None and point.assessment_id != assessment.pk:
        raise Invalid(_("该评估要点不属于本评估。"))
    if rectification is not None and rectification.finding.assessment_id != assessment.pk:
        raise Invalid(_("该整改不属于本评估。"))


@transaction.atomic
def upload_evidence(
    assessment: Assessment,
    upload: Any,
    *,
    actor: Any,
    title: str = "",
    description: str = "",
    point: PointResult | None = None,
    rectification: Rectification | None = None,
    evidence: Evidence | None = None,
    effective_from: dt.date | None = None,
    effective_until: dt.date | None = None,
) -> EvidenceRevision:
    """Store an uploaded file as evidence, or as a new revision of `evidence` (history kept).

    Refused: larger than the limit (413), a type other than PDF/PNG/JPEG/DOCX/XLSX/text/CSV or
    a content that does not match the file name (415).
    """
    require_worker(actor, assessment)
    _locked(assessment)
    _require_editable(assessment)
    _belongs(assessment, point, rectification)
    if evidence is not None and (
        evidence.assessment_id != assessment.pk or evidence.kind != Evidence.Kind.FILE
    ):
        raise Invalid(_("该证据不属于本评估。"))
    if effective_from and effective_until and effective_until < effective_from:
        raise Invalid(_("有效期不能早于生效日期。"))
    name = files.display_name(getattr(upload, "name", "") or "")
    content = files.read_upload(upload)
    stored = files.store(content, name)
    try:
        if evidence is None:
            evidence = Evidence.objects.create(
                assessment=assessment,
                point=point,
                rectification=rectification,
                title=(title.strip() or name)[:200],
                description=description.strip(),
                effective_from=effective_from,
                effective_until=effective_until,
                created_by=actor,
            )
        else:
            for field, value in (
                ("effective_from", effective_from),
                ("effective_until", effective_until),
            ):
                if value is not None:
                    setattr(evidence, field, value)
            evidence.save()
        number = (evidence.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
        revision = EvidenceRevision.objects.create(
            evidence=evidence,
            number=number,
            stored_name=stored.stored_name,
            original_name=name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=actor,
        )
        _record(
            AuditAction.EVIDENCE_UPLOADED,
            actor,
            assessment,
            revision,
            {
                "evidence": evidence.pk,
                "revision": number,
                "sha256": stored.sha256,
                "size": stored.size,
                "type": stored.content_type,
            },
        )
    except BaseException:
        files.discard(stored.stored_name)
        raise
    return revision


@transaction.atomic
def record_check_run(
    service: InformationService,
    *,
    actor: Any,
    result: Any,
    started_at: dt.datetime | None = None,
    finished_at: dt.datetime | None = None,
    status: str = CheckRun.Status.FINISHED,
) -> CheckRun:
    """Keep the result of an automated check (`anping.checks.result.CheckResult`) of a service."""
    if actor is not None and not can_work_for_provider(actor, service):
        visible = restrict(InformationService.objects.filter(pk=service.pk), actor).exists()
        _refuse(actor, visible)
    summary = result.model_dump(mode="json") if hasattr(result, "model_dump") else dict(result)
    outcome = str(getattr(result, "status", "") or summary.get("status", ""))
    run = CheckRun.objects.create(
        service=service,
        check_id=summary.get("check_id", ""),
        parameters=summary.get("parameters", {}),
        status=status,
        outcome=outcome,
        summary=summary,
        started_at=started_at or timezone.now(),
        finished_at=finished_at or timezone.now(),
        created_by=actor,
    )
    audit.record(
        AuditAction.CHECK_RUN_RECORDED,
        actor=actor,
        organisation=service.provider,
        obj=run,
        data={"check": run.check_id, "outcome": outcome},
    )
    return run


@transaction.atomic
def link_check_run(
    assessment: Assessment,
    run: CheckRun,
    *,
    actor: Any,
    point: PointResult | None = None,
    title: str = "",
) -> Evidence:
    """Use a check run of the same service as evidence for a point."""
    require_worker(actor, assessment)
    _require_editable(assessment)
    _belongs(assessment, point, None)
    if run.service_id != assessment.service_id:
        raise Invalid(_("该自动检查不属于本评估的信息服务。"))
    evidence = Evidence.objects.create(
        assessment=assessment,
        point=point,
        kind=Evidence.Kind.CHECK_RUN,
        check_run=run,
        title=(title.strip() or run.check_id)[:200],
        effective_from=(run.finished_at or timezone.now()).date(),
        created_by=actor,
    )
    _record(
        AuditAction.EVIDENCE_LINKED,
        actor,
        assessment,
        evidence,
        {"check_run": run.pk, "check": run.check_id},
    )
    return evidence


@transaction.atomic
def request_evidence(
    assessment: Assessment,
    *,
    actor: Any,
    requested_from: Any,
    description: str,
    due_date: dt.date,
    point: PointResult | None = None,
) -> EvidenceRequest:
    """Ask a colleague to provide evidence by a date."""
    require_worker(actor, assessment)
    _require_editable(assessment)
    _belongs(assessment, point, None)
    _require_team_member(assessment, requested_from)
    if not description.strip():
        raise Invalid(_("请说明需要提供的证据。"))
    request = EvidenceRequest.objects.create(
        assessment=assessment,
        point=point,
        requested_from=requested_from,
        description=description.strip(),
        due_date=due_date,
        created_by=actor,
    )
    _record(
        AuditAction.EVIDENCE_REQUESTED,
        actor,
        assessment,
        request,
        {"to": requested_from.get_username(), "due": due_date.isoformat()},
    )
    return request


@transaction.atomic
def close_evidence_request(
    request: EvidenceRequest,
    *,
    actor: Any,
    evidence: Evidence | None = None,
    cancel: bool = False,
) -> EvidenceRequest:
    """Mark a request fulfilled (by the person asked or a worker) or cancel it."""
    assessment = request.assessment
    if actor is None or actor.pk != request.requested_from_id:
        require_worker(actor, assessment)
    if request.status != EvidenceRequest.Status.OPEN:
        raise Conflict(_("该证据请求已关闭。"))
    if evidence is not None and evidence.assessment_id != assessment.pk:
        raise Invalid(_("该证据不属于本评估。"))
    request.status = (
        EvidenceRequest.Status.CANCELLED if cancel else EvidenceRequest.Status.FULFILLED
    )
    request.evidence = evidence
    request.fulfilled_at = timezone.now()
    request.save(update_fields=["status", "evidence", "fulfilled_at"])
    _record(
        AuditAction.EVIDENCE_REQUEST_CLOSED,
        actor,
        assessment,
        request,
        {"status": request.status},
    )
    return request
