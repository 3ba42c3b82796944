"""Report details (Art. 6 ¶2 (3)-(4)), frozen reports and their sign-off quorum (decision 0005)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.assessments.flows.lifecycle import _set_status
from anping.assessments.flows.rights import (
    _locked,
    _record,
    _refuse,
    _require_editable,
    require_worker,
)
from anping.assessments.models import (
    Approval,
    ApprovalPolicy,
    Assessment,
    AssessmentStatus,
    Report,
    ReportFile,
)
from anping.core import audit
from anping.core.errors import Conflict, DomainError, Invalid
from anping.core.models import AuditAction
from anping.core.scoping import has_role, restrict
from anping.orgs.models import Engagement, Membership, Organisation, Role

DETAIL_FIELDS = (
    "contact_name",
    "contact_phone",
    "registered_division",
    "operating_division",
    "situation",
    "conclusion",
    "other_matters",
)


@transaction.atomic
def update_details(assessment: Assessment, *, actor: Any, **changes: Any) -> Assessment:
    """Subject information (contact, registered and operating-team locations), the Art. 3
    situation, the conclusion and other matters. The phone number is never written to the
    audit trail: only the names of the changed fields are."""
    from anping.law import divisions

    require_worker(actor, assessment)
    assessment = _locked(assessment)
    _require_editable(assessment)
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise Invalid(_("未知字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    for name in ("registered_division", "operating_division"):
        code = (changes.get(name) or "").strip()
        if code:
            try:
                divisions.get(code)
            except divisions.UnknownDivision:
                raise Invalid(_("未知的行政区划代码：%(c)s") % {"c": code}) from None
    if changes.get("situation") not in (None, "") and changes["situation"] not in range(1, 6):
        raise Invalid(_("评估情形只能是第三条第一项至第五项。"))
    changed = []
    for name, value in changes.items():
        value = (value or None) if name == "situation" else (value or "").strip()
        if getattr(assessment, name) != value:
            setattr(assessment, name, value)
            changed.append(name)
    if changed:
        assessment.save(update_fields=[*changed, "updated_at"])
        _record(
            AuditAction.ASSESSMENT_DETAILS_UPDATED,
            actor,
            assessment,
            assessment,
            {"fields": sorted(changed)},
        )
    return assessment


class NotApprover(DomainError):
    """The person is not among the approvers the provider's policy names."""

    status = 403
    code = "not_in_quorum"


def _render_files(report: Report, snap: Any, *, final: bool) -> dict[str, str]:
    """Render and store every format × language; returns {file name: sha256}."""
    from anping.assessments import reportfiles
    from anping.reports import render

    written: list[str] = []
    hashes = {}
    try:
        for fmt, lang in reportfiles.KINDS:
            rendered = render(snap, fmt, lang)  # type: ignore[arg-type]
            stored = reportfiles.store(rendered)
            written.append(stored)
            ReportFile.objects.create(
                report=report,
                fmt=fmt,
                lang=lang,
                final=final,
                name=rendered.name,
                stored_name=stored,
                media_type=rendered.media_type,
                size=len(rendered.content),
                sha256=rendered.sha256,
            )
            hashes[rendered.name] = rendered.sha256
    except BaseException:
        for name in written:
            reportfiles.discard(name)
        raise
    return hashes


def _problem_details(assessment: Assessment, today: dt.date | None) -> list[dict[str, str]]:
    from anping.assessments.completeness import problems

    return [p.to_dict() for p in problems(assessment, today=today)]


def current_report(assessment: Assessment) -> Report | None:
    """The latest report if it still matches the assessment's content, else None."""
    from anping.assessments.snapshot import current_hash

    latest = assessment.reports.order_by("-number").first()
    if latest is None or current_hash(latest) != latest.content_hash:
        return None
    return latest


@transaction.atomic
def freeze_report(
    assessment: Assessment, *, actor: Any, render: bool = True, today: dt.date | None = None
) -> Report:
    """Freeze the report of a *ready* assessment: its snapshot, content hash and rendered files
    (.docx .pdf .html .json × zh en). Refused with the completeness problems otherwise. When the
    latest report still matches the assessment, it is returned unchanged."""
    from anping.assessments.snapshot import build, to_json

    require_worker(actor, assessment)
    assessment = _locked(assessment)
    if assessment.status == AssessmentStatus.SIGNED:
        raise Conflict(_("评估已签署，报告已定稿。"), details={"status": assessment.status})
    found = _problem_details(assessment, today)
    if assessment.status != AssessmentStatus.READY or found:
        raise Conflict(
            _("只有待签署且完整性检查通过的评估才能生成报告（%(n)s 个问题）。") % {"n": len(found)},
            details={"status": assessment.status, "problems": found},
        )
    existing = current_report(assessment)
    if existing is not None:
        return existing
    latest = assessment.reports.order_by("-number").first()
    snap = build(assessment)
    report = Report.objects.create(
        assessment=assessment,
        number=(latest.number + 1) if latest else 1,
        snapshot=to_json(snap),
        content_hash=snap.content_hash(),
        frozen_at=snap.frozen_at,
        frozen_by=actor,
    )
    files = _render_files(report, snap, final=False) if render else {}
    _record(
        AuditAction.REPORT_FROZEN,
        actor,
        assessment,
        report,
        {"report": report.number, "content_hash": report.content_hash, "files": files},
    )
    return report


@transaction.atomic
def approve_report(
    report: Report, *, actor: Any, signer_role: str | None = None, render: bool = True
) -> Approval:
    """One approver signs the report's content hash. When the valid approvals make the quorum
    of the provider's policy, the assessment becomes *signed*, the report is marked signed and
    its final files (with the signature table) are rendered and stored (unless `render` is
    False: the demo's switch for test runs; the CLI renders from the stored snapshot then)."""
    from anping.assessments import signoff
    from anping.assessments.snapshot import current_hash
    from anping.reports.snapshot import SIGNER_ROLES

    if actor is None:
        raise Invalid(_("审批必须由具体人员进行。"))
    assessment = report.assessment
    if not restrict(Assessment.objects.filter(pk=assessment.pk), actor).exists():
        raise Http404
    assessment = _locked(assessment)
    if assessment.status == AssessmentStatus.SIGNED:
        raise Conflict(_("评估已签署，无需再审批。"), details={"status": assessment.status})
    if assessment.status != AssessmentStatus.READY:
        raise Conflict(_("只有待签署的评估才能审批报告。"), details={"status": assessment.status})
    latest = assessment.reports.order_by("-number").first()
    if latest is None or latest.pk != report.pk:
        raise Conflict(_("该报告已被新版本取代，请审批最新的报告。"))
    digest = current_hash(report)
    if digest != report.content_hash:
        raise Conflict(
            _("评估内容在报告生成后已变更，原有审批失效；请重新生成报告后再审批。"),
            details={"report_hash": report.content_hash, "current_hash": digest},
        )
    provider_id = assessment.service.provider_id
    policy = signoff.policy_for(provider_id)
    role = signoff.approver_role(policy, actor, provider_id)
    if role is None:
        raise NotApprover(
            _("您不在本服务提供者报告审批规则规定的审批人范围内，不能审批。"),
            details={"policy": policy.to_dict()},
        )
    if report.approvals.filter(user=actor).exists():
        raise Conflict(_("同一人不能重复审批同一份报告。"), details={"reason": "already_approved"})
    in_provider = has_role(actor, provider_id)
    signer = signer_role or signoff.default_signer_role(role, firm=not in_provider)
    if signer not in SIGNER_ROLES:
        raise Invalid(_("未知的签署身份：%(r)s") % {"r": signer})
    approval = Approval.objects.create(
        report=report,
        user=actor,
        member_role=role,
        signer_role=signer,
        snapshot_hash=digest,
        approved_at=timezone.now().replace(microsecond=0),
    )
    _record(
        AuditAction.REPORT_APPROVED,
        actor,
        assessment,
        approval,
        {"report": report.number, "content_hash": digest, "role": role, "signer_role": signer},
    )
    approvals = list(report.approvals.select_related("user").order_by("approved_at", "pk"))
    state = signoff.quorum(policy, approvals, digest)
    if state.complete:
        _sign(assessment, report, state.valid, actor, render=render)
    return approval


def _sign(
    assessment: Assessment,
    report: Report,
    approvals: list[Approval],
    actor: Any,
    *,
    render: bool = True,
) -> None:
    from anping.assessments import reportfiles
    from anping.assessments.snapshot import signatures, stored, to_json

    snap = stored(report).model_copy(update={"signatures": signatures(report, approvals)})
    drafts = list(report.files.filter(final=False))
    report.snapshot = to_json(snap)
    report.signed_at = timezone.now()
    report.save(update_fields=["snapshot", "signed_at"])
    files = _render_files(report, snap, final=True) if render else {}
    for draft in drafts:
        name = draft.stored_name
        transaction.on_commit(lambda name=name: reportfiles.discard(name))
        draft.delete()
    _set_status(assessment, AssessmentStatus.SIGNED, actor)
    _record(
        AuditAction.ASSESSMENT_SIGNED,
        actor,
        assessment,
        report,
        {
            "report": report.number,
            "content_hash": report.content_hash,
            "approvers": [a.user.get_username() for a in approvals],
            "files": files,
        },
    )


@transaction.atomic
def set_approval_policy(
    provider: Organisation,
    *,
    actor: Any,
    min_approvers: int,
    approver_roles: list[str],
    required_roles: list[str],
    required_users: list[Any],
) -> ApprovalPolicy:
    """The provider's sign-off quorum; only the provider's admins may set it."""
    if actor is not None and not has_role(actor, provider.pk, Role.ADMIN):
        visible = has_role(actor, provider.pk)
        _refuse(actor, visible)
    roles = set(Role.values)
    if not set(approver_roles) <= roles or not set(required_roles) <= roles:
        raise Invalid(_("未知的角色。"))
    if not set(required_roles) <= set(approver_roles):
        raise Invalid(_("必需角色必须是可审批角色之一。"))
    firms = set(
        Engagement.objects.filter(provider=provider, ended_on__isnull=True).values_list(
            "firm_id", flat=True
        )
    )
    for user in required_users:
        if not Membership.objects.filter(
            user=user, organisation_id__in={provider.pk, *firms}
        ).exists():
            raise Invalid(_("必需审批人必须是服务提供者或其委托评估机构的成员。"))
    wanted = max(len(required_users), 1)
    if min_approvers < wanted:
        raise Invalid(
            _("最少审批人数不能少于 %(n)s（必需审批人人数，且至少一人）。") % {"n": wanted}
        )
    policy, _created = ApprovalPolicy.objects.update_or_create(
        provider=provider,
        defaults={
            "min_approvers": min_approvers,
            "approver_roles": sorted(set(approver_roles)),
            "required_roles": sorted(set(required_roles)),
        },
    )
    policy.required_users.set(required_users)
    audit.record(
        AuditAction.APPROVAL_POLICY_SET,
        actor=actor,
        organisation=provider,
        obj=policy,
        data={
            "min_approvers": min_approvers,
            "approver_roles": sorted(set(approver_roles)),
            "required_roles": sorted(set(required_roles)),
            "required_users": sorted(u.get_username() for u in required_users),
        },
    )
    return policy
