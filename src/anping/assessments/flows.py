"""Every change to assessments: one function each (docs/architecture.md rule 3).

Who may work on an assessment: admins and assessors of the provider, and admins and assessors of
the assessment firm that carries it out while its engagement with the provider runs (sa-2018
Art. 4). Others who can see it get 403, anyone else 404. Each function changes state in one
transaction and writes its audit event in that transaction. `actor=None` is the system (demo).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.assessments import evidence as files
from anping.assessments.models import (
    EDITABLE,
    FAILING,
    TRANSITIONS,
    Approval,
    ApprovalPolicy,
    Assessment,
    AssessmentStatus,
    CheckRun,
    CloneReason,
    Evidence,
    EvidenceRequest,
    EvidenceRevision,
    Finding,
    PointResult,
    Rectification,
    Report,
    ReportFile,
    Result,
)
from anping.core import audit
from anping.core.errors import Conflict, DomainError, Invalid
from anping.core.models import AuditAction
from anping.core.scoping import has_role, restrict
from anping.law import catalog
from anping.law.catalog_schema import SERVICE_KINDS
from anping.law.triggers import RequiredAssessment
from anping.orgs.models import Engagement, Membership, Organisation, OrganisationKind, Role
from anping.services.models import InformationService

WORKER_ROLES = (Role.ADMIN, Role.ASSESSOR)

#: Words in a function's name or description that reveal a feature (catalog_schema.SERVICE_FEATURES).
FEATURE_WORDS: dict[str, tuple[str, ...]] = {
    "posts": ("发帖", "发布", "投稿", "post"),
    "comments": ("评论", "回复", "留言", "跟帖", "comment", "repl"),
    "reposts": ("转发", "分享", "repost", "share"),
    "messaging": ("私信", "私聊", "message"),
    "group_chat": ("群聊", "群组", "group chat"),
    "live_interaction": ("弹幕", "连麦", "打赏", "bullet", "live chat"),
    "accounts": ("注册", "账号", "account", "sign up"),
}
#: Kinds whose users publish content by definition (sa-2018 Art. 2(1)).
POSTING_KINDS = frozenset(
    {"forum", "blog", "microblog", "info_sharing", "short_video", "live_streaming"}
)
SEVERITY_OF = {Result.NOT_MET: Finding.Severity.HIGH, Result.PARTLY_MET: Finding.Severity.MEDIUM}


# --- rights -------------------------------------------------------------------------------------


def active_engagement(provider_id: int, firm_id: int) -> Engagement | None:
    return Engagement.objects.filter(
        provider_id=provider_id, firm_id=firm_id, ended_on__isnull=True
    ).first()


def can_work_on_service(user: Any, service: InformationService, assessor_id: int) -> bool:
    """Admins/assessors of the provider; of the assessing firm while it is engaged (Art. 4)."""
    if has_role(user, service.provider_id, *WORKER_ROLES):
        return True
    return (
        assessor_id != service.provider_id
        and has_role(user, assessor_id, *WORKER_ROLES)
        and active_engagement(service.provider_id, assessor_id) is not None
    )


def can_work(user: Any, assessment: Assessment) -> bool:
    return can_work_on_service(user, assessment.service, assessment.assessor_id)


def _refuse(actor: Any, visible: bool) -> None:
    if visible:
        raise PermissionDenied
    raise Http404


def require_worker(actor: Any, assessment: Assessment) -> None:
    if actor is None or can_work(actor, assessment):
        return
    _refuse(actor, restrict(Assessment.objects.filter(pk=assessment.pk), actor).exists())


def _require_editable(assessment: Assessment) -> None:
    if assessment.status == AssessmentStatus.SIGNED:
        raise Conflict(
            _("评估已签署，内容不可更改；如需修改，请以本评估为基础开展复评。"),
            details={"status": assessment.status},
        )
    if assessment.status not in EDITABLE:
        raise Conflict(
            _("评估处于“%(status)s”状态，不能修改；请先退回评估中。")
            % {"status": assessment.get_status_display()},
            details={"status": assessment.status},
        )


def _locked(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock, so concurrent changes queue up."""
    fresh = Assessment.objects.select_for_update().select_related("service").get(pk=assessment.pk)
    assessment.status = fresh.status
    return fresh


def team(assessment: Assessment) -> Iterable[Any]:
    """Members of the provider and of the assessing organisation (assignees, owners)."""
    ids = {assessment.service.provider_id, assessment.assessor_id}
    return [
        m.user
        for m in Membership.objects.filter(organisation_id__in=ids)
        .select_related("user")
        .order_by("user__username")
        .distinct()
    ]


def _require_team_member(assessment: Assessment, user: Any) -> None:
    ids = {assessment.service.provider_id, assessment.assessor_id}
    if not Membership.objects.filter(user=user, organisation_id__in=ids).exists():
        raise Invalid(_("只能指定服务提供者或评估机构的成员。"))


def _record(action: str, actor: Any, assessment: Assessment, obj: Any, data: dict) -> None:
    audit.record(
        AuditAction(action),
        actor=actor,
        organisation=assessment.service.provider,
        obj=obj,
        data={"assessment": assessment.pk, **data},
    )


# --- applicable points --------------------------------------------------------------------------


def kinds_for(service: InformationService) -> list[str]:
    kinds = set(service.kinds) | {f.kind for f in service.functions.all() if f.kind}
    return sorted(k for k in kinds if k in SERVICE_KINDS)


def features_for(service: InformationService) -> list[str]:
    """The catalog features of a service: `app` when it has an app identifier; interactive
    features from its kinds and from its functions' names and descriptions."""
    features = set()
    if service.app_identifiers:
        features.add("app")
    kinds = set(kinds_for(service))
    if kinds & POSTING_KINDS:
        features.add("posts")
    text = " ".join(f"{f.name} {f.description}" for f in service.functions.all()).lower()
    for feature, words in FEATURE_WORDS.items():
        if any(word in text for word in words):
            features.add(feature)
    return sorted(features)


def applicable_points(service: InformationService, on: dt.date) -> list[catalog.PointRef]:
    """The points the service must answer on `on` (catalogs in force that day)."""
    return catalog.points_for(kinds_for(service), features_for(service), on=on)


def area_of(ref: catalog.PointRef) -> str:
    """The focus area of a point: the eight Art. 5 items, the rest of sa-2018, other catalogs."""
    if ref.catalog_id == "sa-2018":
        if ref.article.n == 5:
            _head, _sep, tail = ref.local_id.partition(".")
            return f"sa-2018:art5.{tail}" if tail.isdigit() else "sa-2018:art5"
        return "sa-2018"
    return ref.catalog_id


def _point_row(assessment: Assessment, ref: catalog.PointRef, order: int) -> PointResult:
    return PointResult(
        assessment=assessment,
        urn=ref.urn,
        cite=ref.cite,
        catalog_id=ref.catalog_id,
        article_n=ref.article.n,
        area=area_of(ref),
        order=order,
        title_zh=ref.point.title.zh,
        title_en=ref.point.title.en,
    )


# --- assessments --------------------------------------------------------------------------------


def _default_assessor(actor: Any, service: InformationService) -> Organisation:
    if actor is None or has_role(actor, service.provider_id):
        return service.provider
    for engagement in Engagement.objects.filter(
        provider_id=service.provider_id, ended_on__isnull=True
    ).select_related("firm"):
        if has_role(actor, engagement.firm_id):
            return engagement.firm
    return service.provider


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
    assessment.status = to
    assessment.save(update_fields=["status", "updated_at"])
    _record(
        AuditAction.ASSESSMENT_TRANSITIONED,
        actor,
        assessment,
        assessment,
        {"from": current, "to": to},
    )
    return assessment


# --- points -------------------------------------------------------------------------------------

POINT_FIELDS = ("result", "statement", "comments", "na_reason")


@transaction.atomic
def update_point(
    point: PointResult,
    *,
    actor: Any,
    severity: str | None = None,
    finding_description: str | None = None,
    **changes: Any,
) -> PointResult:
    """Record the result, actual situation, comments and "not applicable" reason of a point.

    A result of not met or partly met yields a `Finding` (Art. 6 ¶1) unless the point already
    has an open one, whose severity then follows the new result.
    """
    assessment = point.assessment
    require_worker(actor, assessment)
    _locked(assessment)
    _require_editable(assessment)
    unknown = set(changes) - set(POINT_FIELDS)
    if unknown:
        raise Invalid(_("未知字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    if "result" in changes and changes["result"] not in Result.values:
        raise Invalid(_("未知的评估结果：%(r)s") % {"r": changes["result"]})
    if severity is not None and severity not in Finding.Severity.values:
        raise Invalid(_("未知的严重程度：%(s)s") % {"s": severity})
    before = point.result
    for name, value in changes.items():
        setattr(point, name, (value or "").strip() if name != "result" else value)
    reconfirmed = point.to_reconfirm
    point.to_reconfirm = False
    point.updated_by = actor
    point.updated_at = timezone.now()
    point.save()
    _record(
        AuditAction.POINT_UPDATED,
        actor,
        assessment,
        point,
        {
            "point": point.cite,
            "from": before,
            "to": point.result,
            "fields": sorted(changes),
            **({"reconfirmed": True} if reconfirmed else {}),
        },
    )
    if point.result in FAILING:
        _open_finding(point, actor, severity, finding_description)
    return point


def _open_finding(
    point: PointResult, actor: Any, severity: str | None, description: str | None
) -> Finding:
    existing = point.findings.filter(status=Finding.Status.OPEN).first()
    wanted = severity or SEVERITY_OF[Result(point.result)]
    if existing is not None:
        changed = []
        if existing.severity != wanted:
            existing.severity = wanted
            changed.append("severity")
        if description and description.strip() != existing.description:
            existing.description = description.strip()
            changed.append("description")
        if changed:
            existing.save(update_fields=changed)
        return existing
    text = (description or "").strip() or point.statement or point.title_zh
    finding = Finding.objects.create(
        assessment=point.assessment,
        point=point,
        severity=wanted,
        description=text,
        created_by=actor,
    )
    _record(
        AuditAction.FINDING_CREATED,
        actor,
        point.assessment,
        finding,
        {"point": point.cite, "severity": wanted},
    )
    return finding


@transaction.atomic
def assign_point(point: PointResult, assignee: Any, *, actor: Any) -> PointResult:
    """Give a point to a member of the provider or the assessing organisation (or nobody)."""
    assessment = point.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if assignee is not None:
        _require_team_member(assessment, assignee)
    point.assignee = assignee
    point.save(update_fields=["assignee"])
    _record(
        AuditAction.POINT_ASSIGNED,
        actor,
        assessment,
        point,
        {"point": point.cite, "assignee": assignee.get_username() if assignee else None},
    )
    return point


# --- findings and rectification (Art. 6 ¶1) ------------------------------------------------------


@transaction.atomic
def withdraw_finding(finding: Finding, *, actor: Any, reason: str) -> Finding:
    """Withdraw a finding raised in error, after the point's result was revised."""
    assessment = finding.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if finding.status != Finding.Status.OPEN:
        raise Conflict(_("该安全隐患已关闭。"))
    if not reason.strip():
        raise Invalid(_("请说明撤销理由。"))
    if finding.point.result in FAILING:
        raise Conflict(_("该要点仍评为不符合或部分符合；请先修改评估结果，或完成整改。"))
    finding.status = Finding.Status.WITHDRAWN
    finding.withdrawn_reason = reason.strip()
    finding.closed_at = timezone.now()
    finding.save(update_fields=["status", "withdrawn_reason", "closed_at"])
    _record(AuditAction.FINDING_WITHDRAWN, actor, assessment, finding, {"reason": reason.strip()})
    return finding


@transaction.atomic
def plan_rectification(
    finding: Finding, *, actor: Any, action: str, owner: Any, due_date: dt.date
) -> Rectification:
    """The rectification of a finding: what will be done, by whom, by when."""
    assessment = finding.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if finding.status != Finding.Status.OPEN:
        raise Conflict(_("该安全隐患已关闭。"))
    if Rectification.objects.filter(finding=finding).exists():
        raise Conflict(_("该安全隐患已有整改措施。"))
    if not action.strip():
        raise Invalid(_("请填写整改措施。"))
    _require_team_member(assessment, owner)
    rectification = Rectification.objects.create(
        finding=finding, action=action.strip(), owner=owner, due_date=due_date
    )
    _record(
        AuditAction.RECTIFICATION_PLANNED,
        actor,
        assessment,
        rectification,
        {"finding": finding.pk, "owner": owner.get_username(), "due": due_date.isoformat()},
    )
    return rectification


@transaction.atomic
def mark_rectification_done(
    rectification: Rectification, *, actor: Any, note: str = ""
) -> Rectification:
    """Record the rectification as done; evidence that it was done must be attached first."""
    assessment = rectification.finding.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if rectification.status != Rectification.Status.PLANNED:
        raise Conflict(_("该整改已记录为完成。"))
    if not rectification.evidence.exists():
        raise Conflict(_("请先上传整改完成的证据。"))
    rectification.status = Rectification.Status.DONE
    rectification.done_by, rectification.done_at = actor, timezone.now()
    rectification.done_note = note.strip()
    rectification.save()
    _record(
        AuditAction.RECTIFICATION_DONE,
        actor,
        assessment,
        rectification,
        {"finding": rectification.finding_id},
    )
    return rectification


@transaction.atomic
def verify_rectification(
    rectification: Rectification, *, actor: Any, accept: bool = True, note: str = ""
) -> Rectification:
    """A second person verifies a done rectification: accepted closes the finding; rejected
    sends it back. The person who recorded it as done may not verify it."""
    assessment = rectification.finding.assessment
    if actor is None:
        raise Invalid(_("整改验证必须由具体人员进行。"))
    require_worker(actor, assessment)
    _require_editable(assessment)
    if rectification.status != Rectification.Status.DONE:
        raise Conflict(_("只能验证已记录为完成的整改。"))
    if rectification.done_by_id == actor.pk:
        raise Conflict(
            _("整改须由另一人验证：记录整改完成的人员不能验证自己的整改。"),
            details={"reason": "same_person"},
        )
    finding = rectification.finding
    if accept:
        rectification.status = Rectification.Status.VERIFIED
        rectification.verified_by, rectification.verified_at = actor, timezone.now()
        finding.status, finding.closed_at = Finding.Status.CLOSED, timezone.now()
        finding.save(update_fields=["status", "closed_at"])
    else:
        rectification.status = Rectification.Status.PLANNED
        rectification.done_by, rectification.done_at = None, None
    rectification.verification_note = note.strip()
    rectification.save()
    _record(
        AuditAction.RECTIFICATION_VERIFIED,
        actor,
        assessment,
        rectification,
        {"finding": finding.pk, "accepted": accept},
    )
    return rectification


# --- evidence -----------------------------------------------------------------------------------


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
    if actor is not None and not can_work_on_service(actor, service, service.provider_id):
        firms = Engagement.objects.filter(provider=service.provider, ended_on__isnull=True)
        if not any(can_work_on_service(actor, service, e.firm_id) for e in firms):
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


# --- report details (platform form, Art. 6 ¶2 (3)-(4)) -------------------------------------------

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


# --- reports and sign-off (Art. 6 ¶2; decision 0005) -------------------------------------------


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
    before = assessment.status
    assessment.status = AssessmentStatus.SIGNED
    assessment.save(update_fields=["status", "updated_at"])
    _record(
        AuditAction.ASSESSMENT_TRANSITIONED,
        actor,
        assessment,
        assessment,
        {"from": before, "to": assessment.status},
    )
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


# --- re-assessment and yearly cycles -------------------------------------------------------------


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


# --- Excel round trip ----------------------------------------------------------------------------


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
