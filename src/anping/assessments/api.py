"""API: assessments, their points, evidence, findings, rectifications and completeness.

Reads go through `anping.core.scoping`; changes through `anping.assessments.flows`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from anping.assessments import evidence as files
from anping.assessments import flows
from anping.assessments.completeness import problems
from anping.assessments.models import (
    Assessment,
    CheckRun,
    Evidence,
    EvidenceRequest,
    EvidenceRevision,
    Finding,
    PointResult,
    Rectification,
    Report,
)
from anping.core.errors import Invalid
from anping.core.scoping import get_for, restrict
from anping.orgs.models import Organisation, User
from anping.services import due
from anping.services.models import InformationService

router = Router(tags=["assessments"])


# --- schemas ------------------------------------------------------------------------------------


class AssessmentListOut(Schema):
    id: int
    service_id: int
    service: str
    status: str
    title: str


class AssessmentOut(AssessmentListOut):
    provider_id: int
    assessor_id: int
    assessor: str
    situation: int | None
    event: str
    event_date: dt.date | None
    due_date: dt.date | None
    catalog_date: dt.date
    kinds: list[str]
    features: list[str]
    results: dict[str, int]
    open_findings: int
    created_at: dt.datetime
    parent_id: int | None = None
    clone_reason: str = ""


class StartIn(Schema):
    service_id: int
    assessor_id: int | None = None
    #: An Art. 3 situation (1-5) among the service's required assessments; omit to start by hand.
    situation: int | None = None
    event_date: dt.date | None = None
    title: str = ""
    due_date: dt.date | None = None


class TransitionIn(Schema):
    to: str


class PointOut(Schema):
    id: int
    urn: str
    cite: str
    area: str
    article_n: int
    title_zh: str
    title_en: str
    result: str
    na_reason: str
    statement: str
    comments: str
    assignee_id: int | None
    updated_at: dt.datetime | None
    open_finding_id: int | None
    to_reconfirm: bool


class PointIn(Schema):
    result: str | None = None
    statement: str | None = None
    comments: str | None = None
    na_reason: str | None = None
    assignee_id: int | None = None
    severity: str | None = None
    finding_description: str | None = None
    #: Confirm a carried-over answer as it is (clears "to re-confirm").
    confirm: bool = False


class RectificationOut(Schema):
    id: int
    action: str
    owner_id: int
    due_date: dt.date
    status: str
    done_by_id: int | None
    done_at: dt.datetime | None
    done_note: str
    verified_by_id: int | None
    verified_at: dt.datetime | None
    verification_note: str
    evidence_ids: list[int]


class FindingOut(Schema):
    id: int
    point_id: int
    cite: str
    severity: str
    description: str
    status: str
    withdrawn_reason: str
    rectification: RectificationOut | None


class RectificationIn(Schema):
    action: str
    owner_id: int
    due_date: dt.date


class NoteIn(Schema):
    note: str = ""


class VerifyIn(Schema):
    accept: bool = True
    note: str = ""


class WithdrawIn(Schema):
    reason: str


class RevisionOut(Schema):
    id: int
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by_id: int | None


class EvidenceOut(Schema):
    id: int
    title: str
    kind: str
    point_id: int | None
    rectification_id: int | None
    check_run_id: int | None
    effective_from: dt.date | None
    effective_until: dt.date | None
    expired: bool
    revisions: list[RevisionOut]


class CheckRunLinkIn(Schema):
    check_run_id: int
    point_id: int | None = None
    title: str = ""


class EvidenceRequestIn(Schema):
    requested_from_id: int
    description: str
    due_date: dt.date
    point_id: int | None = None


class EvidenceRequestOut(Schema):
    id: int
    point_id: int | None
    requested_from_id: int
    description: str
    due_date: dt.date
    status: str
    evidence_id: int | None


class CloseRequestIn(Schema):
    evidence_id: int | None = None
    cancel: bool = False


class ProblemOut(Schema):
    code: str
    message: str
    message_zh: str
    message_en: str
    target: str


class CompletenessOut(Schema):
    complete: bool
    problems: list[ProblemOut]


# --- helpers ------------------------------------------------------------------------------------


def _assessments(request: HttpRequest) -> Any:
    return restrict(Assessment.objects.select_related("service", "assessor"), request.user)


def _assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    return get_for(
        Assessment.objects.select_related("service", "service__provider", "assessor"),
        request.user,
        assessment_id,
    )


def _user(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Invalid(_("未知用户。"))
    return user


def _assessment_out(a: Assessment) -> AssessmentOut:
    results = dict(
        a.points.values_list("result").annotate(n=Count("pk")).values_list("result", "n")
    )
    return AssessmentOut(
        id=a.pk,
        service_id=a.service_id,
        service=a.service.name,
        status=a.status,
        title=a.title,
        provider_id=a.service.provider_id,
        assessor_id=a.assessor_id,
        assessor=a.assessor.name,
        situation=a.situation,
        event=a.event,
        event_date=a.event_date,
        due_date=a.due_date,
        catalog_date=a.catalog_date,
        kinds=a.kinds,
        features=a.features,
        results={(k or "pending"): v for k, v in results.items()},
        open_findings=a.findings.filter(status=Finding.Status.OPEN).count(),
        created_at=a.created_at,
        parent_id=a.parent_id,
        clone_reason=a.clone_reason,
    )


def _point_out(p: PointResult) -> PointOut:
    finding = next((f for f in p.findings.all() if f.status == Finding.Status.OPEN), None)
    return PointOut(
        id=p.pk,
        urn=p.urn,
        cite=p.cite,
        area=p.area,
        article_n=p.article_n,
        title_zh=p.title_zh,
        title_en=p.title_en,
        result=p.result,
        na_reason=p.na_reason,
        statement=p.statement,
        comments=p.comments,
        assignee_id=p.assignee_id,
        updated_at=p.updated_at,
        open_finding_id=finding.pk if finding else None,
        to_reconfirm=p.to_reconfirm,
    )


def _rect_out(r: Rectification) -> RectificationOut:
    return RectificationOut(
        id=r.pk,
        action=r.action,
        owner_id=r.owner_id,
        due_date=r.due_date,
        status=r.status,
        done_by_id=r.done_by_id,
        done_at=r.done_at,
        done_note=r.done_note,
        verified_by_id=r.verified_by_id,
        verified_at=r.verified_at,
        verification_note=r.verification_note,
        evidence_ids=[e.pk for e in r.evidence.all()],
    )


def _finding_out(f: Finding) -> FindingOut:
    rect = Rectification.objects.filter(finding=f).first()
    return FindingOut(
        id=f.pk,
        point_id=f.point_id,
        cite=f.point.cite,
        severity=f.severity,
        description=f.description,
        status=f.status,
        withdrawn_reason=f.withdrawn_reason,
        rectification=_rect_out(rect) if rect else None,
    )


def _evidence_out(e: Evidence, today: dt.date) -> EvidenceOut:
    return EvidenceOut(
        id=e.pk,
        title=e.title,
        kind=e.kind,
        point_id=e.point_id,
        rectification_id=e.rectification_id,
        check_run_id=e.check_run_id,
        effective_from=e.effective_from,
        effective_until=e.effective_until,
        expired=e.expired(today),
        revisions=[
            RevisionOut(
                id=r.pk,
                number=r.number,
                original_name=r.original_name,
                content_type=r.content_type,
                size=r.size,
                sha256=r.sha256,
                uploaded_at=r.uploaded_at,
                uploaded_by_id=r.uploaded_by_id,
            )
            for r in e.revisions.all()
        ],
    )


def _point(assessment: Assessment, point_id: int | None) -> PointResult | None:
    if point_id is None:
        return None
    point = assessment.points.filter(pk=point_id).first()
    if point is None:
        raise Invalid(_("该评估要点不属于本评估。"))
    return point


# --- assessments --------------------------------------------------------------------------------


@router.get("/assessments", response=list[AssessmentListOut])
def list_assessments(
    request: HttpRequest, status: str | None = None, service_id: int | None = None
) -> list[AssessmentListOut]:
    found = _assessments(request)
    if status:
        found = found.filter(status=status)
    if service_id:
        found = found.filter(service_id=service_id)
    return [
        AssessmentListOut(
            id=a.pk, service_id=a.service_id, service=a.service.name, status=a.status, title=a.title
        )
        for a in found
    ]


@router.post("/assessments", response={201: AssessmentOut})
def start_assessment(request: HttpRequest, payload: StartIn) -> Status[AssessmentOut]:
    service = get_for(
        InformationService.objects.select_related("provider"), request.user, payload.service_id
    )
    assessor = None
    if payload.assessor_id is not None:
        assessor = Organisation.objects.filter(pk=payload.assessor_id).first()
        if assessor is None:
            raise Invalid(_("未知的评估实施方。"))
    item = None
    today = timezone.localdate()
    if payload.situation is not None:
        matching = [
            i
            for i in due.required_assessments(service, today)
            if i.situation == payload.situation
            and i.regime == "sa-2018"
            and (payload.event_date is None or i.event_date == payload.event_date)
        ]
        if not matching:
            raise Invalid(
                _("该服务没有这一需要开展的安全评估（第三条情形 %(n)s）。")
                % {"n": payload.situation}
            )
        item = min(matching, key=lambda i: (i.submitted is not None, i.event_date))
    assessment = flows.start_assessment(
        service,
        actor=request.user,
        assessor=assessor,
        item=item,
        title=payload.title,
        due_date=payload.due_date,
        today=today,
    )
    return Status(201, _assessment_out(assessment))


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def get_assessment(request: HttpRequest, assessment_id: int) -> AssessmentOut:
    return _assessment_out(_assessment(request, assessment_id))


@router.post("/assessments/{assessment_id}/transitions", response=AssessmentOut)
def transition(request: HttpRequest, assessment_id: int, payload: TransitionIn) -> AssessmentOut:
    assessment = _assessment(request, assessment_id)
    return _assessment_out(flows.transition(assessment, payload.to, actor=request.user))


@router.get("/assessments/{assessment_id}/completeness", response=CompletenessOut)
def completeness(request: HttpRequest, assessment_id: int) -> CompletenessOut:
    found = problems(_assessment(request, assessment_id))
    return CompletenessOut(complete=not found, problems=[ProblemOut(**p.to_dict()) for p in found])


@router.post("/assessments/{assessment_id}/points/sync", response=list[PointOut])
def add_missing_points(request: HttpRequest, assessment_id: int) -> list[PointOut]:
    rows = flows.add_missing_points(_assessment(request, assessment_id), actor=request.user)
    return [_point_out(p) for p in rows]


# --- points -------------------------------------------------------------------------------------


@router.get("/assessments/{assessment_id}/points", response=list[PointOut])
def list_points(
    request: HttpRequest,
    assessment_id: int,
    result: str | None = None,
    assignee_id: int | None = None,
    article: str | None = None,
) -> list[PointOut]:
    assessment = _assessment(request, assessment_id)
    points = assessment.points.prefetch_related("findings")
    if result is not None:
        points = points.filter(result="" if result == "pending" else result)
    if assignee_id is not None:
        points = points.filter(assignee_id=assignee_id)
    if article:
        points = points.filter(Q(area=article) | Q(cite__startswith=article))
    return [_point_out(p) for p in points]


@router.patch("/assessments/{assessment_id}/points/{point_id}", response=PointOut)
def update_point(
    request: HttpRequest, assessment_id: int, point_id: int, payload: PointIn
) -> PointOut:
    assessment = _assessment(request, assessment_id)
    point = _point(assessment, point_id)
    assert point is not None
    given = payload.model_dump(exclude_unset=True)
    if "assignee_id" in given:
        point = flows.assign_point(point, _user(given.pop("assignee_id")), actor=request.user)
    severity = given.pop("severity", None)
    description = given.pop("finding_description", None)
    confirm = given.pop("confirm", False)
    changes = {k: v for k, v in given.items() if v is not None}
    if changes or severity or description or confirm:
        point = flows.update_point(
            point,
            actor=request.user,
            severity=severity,
            finding_description=description,
            **changes,
        )
    return _point_out(PointResult.objects.prefetch_related("findings").get(pk=point.pk))


# --- findings and rectification ------------------------------------------------------------------


@router.get("/assessments/{assessment_id}/findings", response=list[FindingOut])
def list_findings(request: HttpRequest, assessment_id: int) -> list[FindingOut]:
    assessment = _assessment(request, assessment_id)
    return [_finding_out(f) for f in assessment.findings.select_related("point")]


def _finding(request: HttpRequest, finding_id: int) -> Finding:
    return get_for(
        Finding.objects.select_related("assessment__service__provider", "point"),
        request.user,
        finding_id,
    )


def _rectification(request: HttpRequest, rectification_id: int) -> Rectification:
    return get_for(
        Rectification.objects.select_related("finding__assessment__service__provider"),
        request.user,
        rectification_id,
    )


@router.post("/findings/{finding_id}/rectification", response={201: FindingOut})
def plan_rectification(
    request: HttpRequest, finding_id: int, payload: RectificationIn
) -> Status[FindingOut]:
    finding = _finding(request, finding_id)
    owner = _user(payload.owner_id)
    flows.plan_rectification(
        finding, actor=request.user, action=payload.action, owner=owner, due_date=payload.due_date
    )
    return Status(201, _finding_out(finding))


@router.post("/findings/{finding_id}/withdraw", response=FindingOut)
def withdraw_finding(request: HttpRequest, finding_id: int, payload: WithdrawIn) -> FindingOut:
    finding = flows.withdraw_finding(
        _finding(request, finding_id), actor=request.user, reason=payload.reason
    )
    return _finding_out(finding)


@router.post("/rectifications/{rectification_id}/done", response=FindingOut)
def rectification_done(request: HttpRequest, rectification_id: int, payload: NoteIn) -> FindingOut:
    rect = flows.mark_rectification_done(
        _rectification(request, rectification_id), actor=request.user, note=payload.note
    )
    return _finding_out(rect.finding)


@router.post("/rectifications/{rectification_id}/verify", response=FindingOut)
def verify_rectification(
    request: HttpRequest, rectification_id: int, payload: VerifyIn
) -> FindingOut:
    rect = flows.verify_rectification(
        _rectification(request, rectification_id),
        actor=request.user,
        accept=payload.accept,
        note=payload.note,
    )
    return _finding_out(rect.finding)


# --- evidence -----------------------------------------------------------------------------------


@router.get("/assessments/{assessment_id}/evidence", response=list[EvidenceOut])
def list_evidence(request: HttpRequest, assessment_id: int) -> list[EvidenceOut]:
    assessment = _assessment(request, assessment_id)
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
    assessment = _assessment(request, assessment_id)
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
    assessment = _assessment(request, assessment_id)
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
    return list(_assessment(request, assessment_id).evidence_requests.all())


@router.post("/assessments/{assessment_id}/evidence-requests", response={201: EvidenceRequestOut})
def request_evidence(
    request: HttpRequest, assessment_id: int, payload: EvidenceRequestIn
) -> Status[EvidenceRequest]:
    assessment = _assessment(request, assessment_id)
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
    wanted = get_for(
        EvidenceRequest.objects.select_related("assessment__service__provider"),
        request.user,
        request_id,
    )
    evidence = None
    if payload.evidence_id is not None:
        evidence = wanted.assessment.evidence.filter(pk=payload.evidence_id).first()
        if evidence is None:
            raise Http404
    return flows.close_evidence_request(
        wanted, actor=request.user, evidence=evidence, cancel=payload.cancel
    )


# --- report details, reports and sign-off ---------------------------------------------------------


class DetailsIn(Schema):
    contact_name: str | None = None
    contact_phone: str | None = None
    registered_division: str | None = None
    operating_division: str | None = None
    situation: int | None = None
    conclusion: str | None = None
    other_matters: str | None = None


class DetailsOut(Schema):
    contact_name: str
    #: masked: the full number is personal data (shown in full only in the form of the web page)
    contact_phone_masked: str
    registered_division: str
    operating_division: str
    situation: int | None
    conclusion: str
    other_matters: str
    parent_id: int | None
    clone_reason: str


class ReportFileOut(Schema):
    id: int
    format: str
    lang: str
    name: str
    final: bool
    size: int
    sha256: str
    url: str


class ApprovalOut(Schema):
    user_id: int
    username: str
    member_role: str
    signer_role: str
    snapshot_hash: str
    approved_at: dt.datetime
    valid: bool


class ReportOut(Schema):
    id: int
    assessment_id: int
    number: int
    content_hash: str
    current_hash: str
    current: bool
    frozen_at: dt.datetime
    signed_at: dt.datetime | None
    files: list[ReportFileOut]
    approvals: list[ApprovalOut]
    quorum_complete: bool
    more_needed: int
    missing_roles: list[str]
    missing_user_ids: list[int]


class ApproveIn(Schema):
    signer_role: str | None = None


class PolicyIn(Schema):
    min_approvers: int = 2
    approver_roles: list[str] = ["admin", "assessor"]
    required_roles: list[str] = ["admin"]
    required_user_ids: list[int] = []


class PolicyOut(Schema):
    provider_id: int
    min_approvers: int
    approver_roles: list[str]
    required_roles: list[str]
    required_user_ids: list[int]
    default: bool


class CloneIn(Schema):
    reason: str
    title: str = ""
    situation: int | None = None


class DiffRowOut(Schema):
    cite: str
    title_zh: str
    title_en: str
    status: str
    before_result: str
    after_result: str
    before_statement: str
    after_statement: str
    to_reconfirm: bool


class DiffOut(Schema):
    before_id: int
    after_id: int
    rows: list[DiffRowOut]


class ImportOut(Schema):
    updated: list[PointOut]


def _details_out(a: Assessment) -> DetailsOut:
    from anping.reports.snapshot import mask_phone

    return DetailsOut(
        contact_name=a.contact_name,
        contact_phone_masked=mask_phone(a.contact_phone) if a.contact_phone else "",
        registered_division=a.registered_division,
        operating_division=a.operating_division,
        situation=a.situation,
        conclusion=a.conclusion,
        other_matters=a.other_matters,
        parent_id=a.parent_id,
        clone_reason=a.clone_reason,
    )


def report_out(report: Report) -> ReportOut:
    from anping.assessments import signoff
    from anping.assessments.snapshot import current_hash

    digest = current_hash(report)
    approvals = list(report.approvals.select_related("user"))
    policy = signoff.policy_for(report.assessment.service.provider_id)
    state = signoff.quorum(policy, approvals, digest)
    valid = {a.pk for a in state.valid}
    return ReportOut(
        id=report.pk,
        assessment_id=report.assessment_id,
        number=report.number,
        content_hash=report.content_hash,
        current_hash=digest,
        current=digest == report.content_hash,
        frozen_at=report.frozen_at,
        signed_at=report.signed_at,
        files=[
            ReportFileOut(
                id=f.pk,
                format=f.fmt,
                lang=f.lang,
                name=f.name,
                final=f.final,
                size=f.size,
                sha256=f.sha256,
                url=f"/api/reports/{report.pk}/files/{f.pk}",
            )
            for f in report.files.all()
        ],
        approvals=[
            ApprovalOut(
                user_id=a.user_id,
                username=a.user.get_username(),
                member_role=a.member_role,
                signer_role=a.signer_role,
                snapshot_hash=a.snapshot_hash,
                approved_at=a.approved_at,
                valid=a.pk in valid,
            )
            for a in approvals
        ],
        quorum_complete=state.complete,
        more_needed=state.more_needed,
        missing_roles=state.missing_roles,
        missing_user_ids=state.missing_user_ids,
    )


def _report(request: HttpRequest, report_id: int) -> Report:
    return get_for(
        Report.objects.select_related("assessment__service__provider", "assessment__assessor"),
        request.user,
        report_id,
    )


@router.get("/assessments/{assessment_id}/details", response=DetailsOut)
def get_details(request: HttpRequest, assessment_id: int) -> DetailsOut:
    return _details_out(_assessment(request, assessment_id))


@router.patch("/assessments/{assessment_id}/details", response=DetailsOut)
def update_details(request: HttpRequest, assessment_id: int, payload: DetailsIn) -> DetailsOut:
    """Subject information, Art. 3 situation, conclusion and other matters of the report."""
    assessment = _assessment(request, assessment_id)
    given = payload.model_dump(exclude_unset=True)
    return _details_out(flows.update_details(assessment, actor=request.user, **given))


@router.get("/assessments/{assessment_id}/reports", response=list[ReportOut])
def list_reports(request: HttpRequest, assessment_id: int) -> list[ReportOut]:
    assessment = _assessment(request, assessment_id)
    return [report_out(r) for r in assessment.reports.order_by("-number")]


@router.post("/assessments/{assessment_id}/reports", response={201: ReportOut})
def freeze_report(request: HttpRequest, assessment_id: int) -> Status[ReportOut]:
    """Freeze the report of a *ready* assessment (409 with the completeness problems otherwise)."""
    report = flows.freeze_report(_assessment(request, assessment_id), actor=request.user)
    return Status(201, report_out(report))


@router.get("/reports/{report_id}", response=ReportOut)
def get_report(request: HttpRequest, report_id: int) -> ReportOut:
    return report_out(_report(request, report_id))


@router.get("/reports/{report_id}/files/{file_id}", response={200: None})
def download_report_file(request: HttpRequest, report_id: int, file_id: int) -> FileResponse:
    from anping.assessments import reportfiles

    report = _report(request, report_id)
    found = report.files.filter(pk=file_id).first()
    if found is None:
        raise Http404
    return reportfiles.download_response(found)


@router.post("/reports/{report_id}/approvals", response={201: ReportOut})
def approve_report(request: HttpRequest, report_id: int, payload: ApproveIn) -> Status[ReportOut]:
    """Approve the report (403 outside the quorum, 409 twice, stale or already signed)."""
    report = _report(request, report_id)
    flows.approve_report(report, actor=request.user, signer_role=payload.signer_role)
    return Status(201, report_out(Report.objects.get(pk=report.pk)))


def _policy_out(provider_id: int) -> PolicyOut:
    from anping.assessments import signoff

    policy = signoff.policy_for(provider_id)
    return PolicyOut(provider_id=provider_id, **policy.to_dict())


def _provider(request: HttpRequest, provider_id: int) -> Organisation:
    from anping.core.scoping import own_org_ids

    provider = Organisation.objects.filter(pk=provider_id).first()
    if provider is None or provider_id not in own_org_ids(request.user):
        raise Http404
    return provider


@router.get("/providers/{provider_id}/approval-policy", response=PolicyOut)
def get_policy(request: HttpRequest, provider_id: int) -> PolicyOut:
    return _policy_out(_provider(request, provider_id).pk)


@router.put("/providers/{provider_id}/approval-policy", response=PolicyOut)
def set_policy(request: HttpRequest, provider_id: int, payload: PolicyIn) -> PolicyOut:
    """Set the sign-off quorum (provider admins only; decision 0005)."""
    provider = _provider(request, provider_id)
    users = [_user(pk) for pk in payload.required_user_ids]
    flows.set_approval_policy(
        provider,
        actor=request.user,
        min_approvers=payload.min_approvers,
        approver_roles=payload.approver_roles,
        required_roles=payload.required_roles,
        required_users=users,
    )
    return _policy_out(provider.pk)


# --- re-assessment, diff, Excel ------------------------------------------------------------------


@router.post("/assessments/{assessment_id}/clone", response={201: AssessmentOut})
def clone_assessment(
    request: HttpRequest, assessment_id: int, payload: CloneIn
) -> Status[AssessmentOut]:
    """A new assessment from this one: answers carried over and marked to re-confirm."""
    made = flows.clone_assessment(
        _assessment(request, assessment_id),
        actor=request.user,
        reason=payload.reason,
        title=payload.title,
        situation=payload.situation,
    )
    return Status(201, _assessment_out(made))


@router.get("/assessments/{assessment_id}/diff", response=DiffOut)
def diff(request: HttpRequest, assessment_id: int, against: int | None = None) -> DiffOut:
    """Per point, result and statement of `against` (default: the parent) → this assessment."""
    from anping.assessments.diff import diff as compare

    after = _assessment(request, assessment_id)
    before_id = against or after.parent_id
    if before_id is None:
        raise Invalid(_("该评估没有上一次评估，请指定要比较的评估。"))
    before = _assessment(request, before_id)
    if before.service_id != after.service_id:
        raise Invalid(_("只能比较同一信息服务的评估。"))
    rows = [DiffRowOut(**r.to_dict()) for r in compare(before, after)]
    return DiffOut(before_id=before.pk, after_id=after.pk, rows=rows)


@router.get("/assessments/{assessment_id}/points.xlsx", response={200: None})
def export_points(request: HttpRequest, assessment_id: int) -> HttpResponse:
    from anping.assessments import excel

    assessment = _assessment(request, assessment_id)
    return xlsx_response(excel.export(assessment), assessment)


@router.post("/assessments/{assessment_id}/points.xlsx", response=ImportOut)
def import_points(request: HttpRequest, assessment_id: int, file: File[UploadedFile]) -> ImportOut:
    """Import an edited export; 400 listing the bad rows (nothing written) if any row is bad."""
    assessment = _assessment(request, assessment_id)
    content = files.read_upload(file)
    updated = flows.import_points(assessment, content, actor=request.user)
    ids = [p.pk for p in updated]
    return ImportOut(
        updated=[
            _point_out(p)
            for p in PointResult.objects.filter(pk__in=ids).prefetch_related("findings")
        ]
    )


def xlsx_response(content: bytes, assessment: Assessment) -> HttpResponse:
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{assessment.pk}-points.xlsx"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
