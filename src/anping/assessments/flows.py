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
    Assessment,
    AssessmentStatus,
    CheckRun,
    Evidence,
    EvidenceRequest,
    EvidenceRevision,
    Finding,
    PointResult,
    Rectification,
    Result,
)
from anping.core import audit
from anping.core.errors import Conflict, Invalid
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
    point.updated_by = actor
    point.updated_at = timezone.now()
    point.save()
    _record(
        AuditAction.POINT_UPDATED,
        actor,
        assessment,
        point,
        {"point": point.cite, "from": before, "to": point.result, "fields": sorted(changes)},
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
