"""API: evidence files and revisions, check runs as evidence, evidence requests."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Status
from ninja.files import UploadedFile

from anping.assessments import evidence as files
from anping.assessments import flows
from anping.assessments.api.common import _point, _user, router
from anping.assessments.api.outputs import _evidence_out
from anping.assessments.api.schemas import (
    CheckRunLinkIn,
    CloseRequestIn,
    EvidenceOut,
    EvidenceRequestIn,
    EvidenceRequestOut,
)
from anping.assessments.lookups import assessment_for, evidence_request_for
from anping.assessments.models import CheckRun, EvidenceRequest, EvidenceRevision, Rectification
from anping.core.errors import Invalid
from anping.core.scoping import get_for, restrict


@router.get("/assessments/{assessment_id}/evidence", response=list[EvidenceOut])
def list_evidence(request: HttpRequest, assessment_id: int) -> list[EvidenceOut]:
    assessment = assessment_for(request.user, assessment_id)
    today = timezone.localdate()
    return [_evidence_out(e, today) for e in assessment.evidence.prefetch_related("revisions")]


@router.post("/assessments/{assessment_id}/evidence", response={201: EvidenceOut})
def upload_evidence(
    request: HttpRequest,
    assessment_id: int,
    file: File[UploadedFile],
    title: Form[str] = "",
    description: Form[str] = "",
    point_id: Form[int | None] = None,
    rectification_id: Form[int | None] = None,
    evidence_id: Form[int | None] = None,
    effective_from: Form[dt.date | None] = None,
    effective_until: Form[dt.date | None] = None,
) -> Status[EvidenceOut]:
    """Upload a file (multipart); with `evidence_id`, a new revision of that evidence."""
    assessment = assessment_for(request.user, assessment_id)
    rectification = None
    if rectification_id is not None:
        rectification = Rectification.objects.filter(
            pk=rectification_id, finding__assessment=assessment
        ).first()
        if rectification is None:
            raise Invalid(_("该整改不属于本评估。"))
    evidence = None
    if evidence_id is not None:
        evidence = assessment.evidence.filter(pk=evidence_id).first()
        if evidence is None:
            raise Invalid(_("该证据不属于本评估。"))
    revision = flows.upload_evidence(
        assessment,
        file,
        actor=request.user,
        title=title,
        description=description,
        point=_point(assessment, point_id),
        rectification=rectification,
        evidence=evidence,
        effective_from=effective_from,
        effective_until=effective_until,
    )
    return Status(201, _evidence_out(revision.evidence, timezone.localdate()))


@router.get("/evidence/{evidence_id}/revisions/{number}/file", response={200: None})
def download_evidence(request: HttpRequest, evidence_id: int, number: int) -> FileResponse:
    revision = (
        restrict(EvidenceRevision.objects.all(), request.user)
        .filter(evidence_id=evidence_id, number=number)
        .first()
    )
    if revision is None:
        raise Http404
    return files.download_response(revision)


@router.post("/assessments/{assessment_id}/evidence/check-run", response={201: EvidenceOut})
def link_check_run(
    request: HttpRequest, assessment_id: int, payload: CheckRunLinkIn
) -> Status[EvidenceOut]:
    assessment = assessment_for(request.user, assessment_id)
    run = get_for(CheckRun.objects.all(), request.user, payload.check_run_id)
    evidence = flows.link_check_run(
        assessment,
        run,
        actor=request.user,
        point=_point(assessment, payload.point_id),
        title=payload.title,
    )
    return Status(201, _evidence_out(evidence, timezone.localdate()))


@router.get("/assessments/{assessment_id}/evidence-requests", response=list[EvidenceRequestOut])
def list_requests(request: HttpRequest, assessment_id: int) -> list[EvidenceRequest]:
    return list(assessment_for(request.user, assessment_id).evidence_requests.all())


@router.post("/assessments/{assessment_id}/evidence-requests", response={201: EvidenceRequestOut})
def request_evidence(
    request: HttpRequest, assessment_id: int, payload: EvidenceRequestIn
) -> Status[EvidenceRequest]:
    assessment = assessment_for(request.user, assessment_id)
    colleague = _user(payload.requested_from_id)
    made = flows.request_evidence(
        assessment,
        actor=request.user,
        requested_from=colleague,
        description=payload.description,
        due_date=payload.due_date,
        point=_point(assessment, payload.point_id),
    )
    return Status(201, made)


@router.post("/evidence-requests/{request_id}/close", response=EvidenceRequestOut)
def close_request(
    request: HttpRequest, request_id: int, payload: CloseRequestIn
) -> EvidenceRequest:
    wanted = evidence_request_for(request.user, request_id)
    evidence = None
    if payload.evidence_id is not None:
        evidence = wanted.assessment.evidence.filter(pk=payload.evidence_id).first()
        if evidence is None:
            raise Http404
    return flows.close_evidence_request(
        wanted, actor=request.user, evidence=evidence, cancel=payload.cancel
    )
