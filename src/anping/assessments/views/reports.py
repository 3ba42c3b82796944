"""Pages: report details, the report page, freezing, approval and report files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from anping.assessments import flows
from anping.assessments.completeness import problems
from anping.assessments.lookups import assessment_for, report_for
from anping.assessments.models import AssessmentStatus, ReportFile
from anping.assessments.views.common import _int, _run
from anping.core.errors import DomainError
from anping.core.scoping import get_for, has_role
from anping.orgs.models import Engagement, Membership, Role, User


@login_required
@require_POST
def details(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for(request.user, assessment_id)
    fields = {
        name: request.POST.get(name, "")
        for name in flows.DETAIL_FIELDS
        if name in request.POST and name != "situation"
    }
    if "situation" in request.POST:
        fields["situation"] = _int(request.POST.get("situation"))
    _run(
        request,
        lambda: flows.update_details(assessment, actor=request.user, **fields),
        _("评估报告信息已保存。"),
    )
    return redirect(f"/assessments/{assessment.pk}/#report-details")


@login_required
def report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    from anping.assessments import signoff
    from anping.assessments.api import report_out

    assessment = assessment_for(request.user, assessment_id)
    latest = assessment.reports.order_by("-number").first()
    shown = report_out(latest) if latest else None
    policy = signoff.policy_for(assessment.service.provider_id)
    may_approve = (
        shown is not None
        and assessment.status == AssessmentStatus.READY
        and shown.current
        and signoff.approver_role(policy, request.user, assessment.service.provider_id) is not None
        and not any(a.user_id == request.user.pk for a in shown.approvals)
    )
    names = dict(User.objects.filter(pk__in=policy.required_user_ids).values_list("pk", "username"))
    provider_id = assessment.service.provider_id
    roles = dict(Role.choices)
    signers = dict(SIGNER_ROLE_LABELS)
    context = {
        "a": assessment,
        "report": shown,
        "files": list(latest.files.all()) if latest else [],
        "policy": policy,
        "required_users": [names.get(pk, pk) for pk in policy.required_user_ids],
        "problems": problems(assessment) if assessment.status != AssessmentStatus.SIGNED else [],
        "can_work": flows.can_work(request.user, assessment),
        "may_approve": may_approve,
        "may_freeze": assessment.status == AssessmentStatus.READY
        and (shown is None or not shown.current),
        "signer_roles": SIGNER_ROLE_LABELS,
        "approvals": [
            (
                ap,
                roles.get(ap.member_role, ap.member_role),
                signers.get(ap.signer_role, ap.signer_role),
            )
            for ap in (shown.approvals if shown else [])
        ],
        "required_roles": [roles.get(r, r) for r in policy.required_roles],
        "policy_form": _policy_form(policy, provider_id)
        if has_role(request.user, provider_id, Role.ADMIN)
        else None,
    }
    return render(request, "assessments/report.html", context)


def _policy_candidates(provider_id: int) -> list[User]:
    """Who may be named as a required approver: members of the provider and its engaged firms."""
    firms = Engagement.objects.filter(provider_id=provider_id, ended_on__isnull=True).values_list(
        "firm_id", flat=True
    )
    ids = Membership.objects.filter(organisation_id__in={provider_id, *firms}).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def _policy_form(policy: Any, provider_id: int) -> dict[str, Any]:
    """What the approval-policy form of a provider admin shows (decision 0005)."""
    return {
        "roles": [
            (value, label, value in policy.approver_roles, value in policy.required_roles)
            for value, label in Role.choices
        ],
        "users": [
            (u.pk, u.get_username(), u.pk in policy.required_user_ids)
            for u in _policy_candidates(provider_id)
        ],
    }


@login_required
@require_POST
def approval_policy(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Set the provider's sign-off quorum from the report page (provider admins only)."""
    from django.core.exceptions import PermissionDenied

    assessment = assessment_for(request.user, assessment_id)
    provider = assessment.service.provider
    wanted = {_int(v) for v in request.POST.getlist("required_users")}
    users = [u for u in _policy_candidates(provider.pk) if u.pk in wanted]
    try:
        _run(
            request,
            lambda: flows.set_approval_policy(
                provider,
                actor=request.user,
                min_approvers=_int(request.POST.get("min_approvers")) or 0,
                approver_roles=request.POST.getlist("approver_roles"),
                required_roles=request.POST.getlist("required_roles"),
                required_users=users,
            ),
            _("审批规则已保存。"),
        )
    except (PermissionDenied, Http404):
        messages.error(request, _("只有服务提供者的管理员才能设置审批规则。"))
    return redirect(f"/assessments/{assessment.pk}/report/#policy-h")


SIGNER_ROLE_LABELS = [
    ("responsible_person", _lazy("单位负责人")),
    ("security_lead", _lazy("安全负责人")),
    ("assessment_lead", _lazy("评估负责人")),
    ("third_party_lead", _lazy("第三方评估机构负责人")),
    ("reviewer", _lazy("审核人")),
]


@login_required
@require_POST
def freeze(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for(request.user, assessment_id)
    try:
        flows.freeze_report(assessment, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        for p in exc.details.get("problems", [])[:20]:
            messages.error(request, p["message"])
    else:
        messages.success(request, _("评估报告已生成。"))
    return redirect("assessments:report", assessment_id=assessment.pk)


@login_required
@require_POST
def approve(request: HttpRequest, report_id: int) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    found = report_for(request.user, report_id)
    try:
        _run(
            request,
            lambda: flows.approve_report(
                found, actor=request.user, signer_role=request.POST.get("signer_role") or None
            ),
            _("审批已记录。"),
        )
    except PermissionDenied:
        messages.error(request, _("您没有执行此操作的权限。"))
    return redirect("assessments:report", assessment_id=found.assessment_id)


@login_required
def report_file(request: HttpRequest, file_id: int) -> HttpResponse:
    from anping.assessments import reportfiles

    found = get_for(ReportFile.objects.all(), request.user, file_id)
    return reportfiles.download_response(found)
