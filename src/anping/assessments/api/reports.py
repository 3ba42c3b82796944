"""API: report details, frozen reports, approvals and the provider's approval policy."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from ninja import Status

from anping.assessments import flows
from anping.assessments.api.common import _provider, _user, router
from anping.assessments.api.outputs import _details_out, _policy_out, report_out
from anping.assessments.api.schemas import (
    ApproveIn,
    DetailsIn,
    DetailsOut,
    PolicyIn,
    PolicyOut,
    ReportOut,
)
from anping.assessments.lookups import assessment_for, report_for
from anping.assessments.models import Report


@router.get("/assessments/{assessment_id}/details", response=DetailsOut)
def get_details(request: HttpRequest, assessment_id: int) -> DetailsOut:
    return _details_out(assessment_for(request.user, assessment_id))


@router.patch("/assessments/{assessment_id}/details", response=DetailsOut)
def update_details(request: HttpRequest, assessment_id: int, payload: DetailsIn) -> DetailsOut:
    """Subject information, Art. 3 situation, conclusion and other matters of the report."""
    assessment = assessment_for(request.user, assessment_id)
    given = payload.model_dump(exclude_unset=True)
    return _details_out(flows.update_details(assessment, actor=request.user, **given))


@router.get("/assessments/{assessment_id}/reports", response=list[ReportOut])
def list_reports(request: HttpRequest, assessment_id: int) -> list[ReportOut]:
    assessment = assessment_for(request.user, assessment_id)
    return [report_out(r) for r in assessment.reports.order_by("-number")]


@router.post("/assessments/{assessment_id}/reports", response={201: ReportOut})
def freeze_report(request: HttpRequest, assessment_id: int) -> Status[ReportOut]:
    """Freeze the report of a *ready* assessment (409 with the completeness problems otherwise)."""
    report = flows.freeze_report(assessment_for(request.user, assessment_id), actor=request.user)
    return Status(201, report_out(report))


@router.get("/reports/{report_id}", response=ReportOut)
def get_report(request: HttpRequest, report_id: int) -> ReportOut:
    return report_out(report_for(request.user, report_id))


@router.get("/reports/{report_id}/files/{file_id}", response={200: None})
def download_report_file(request: HttpRequest, report_id: int, file_id: int) -> FileResponse:
    from anping.assessments import reportfiles

    report = report_for(request.user, report_id)
    found = report.files.filter(pk=file_id).first()
    if found is None:
        raise Http404
    return reportfiles.download_response(found)


@router.post("/reports/{report_id}/approvals", response={201: ReportOut})
def approve_report(request: HttpRequest, report_id: int, payload: ApproveIn) -> Status[ReportOut]:
    """Approve the report (403 outside the quorum, 409 twice, stale or already signed)."""
    report = report_for(request.user, report_id)
    flows.approve_report(report, actor=request.user, signer_role=payload.signer_role)
    return Status(201, report_out(Report.objects.get(pk=report.pk)))


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
