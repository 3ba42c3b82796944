"""Web pages of assessments: dashboard, assessment page, point form, evidence, findings.

Thin: read through `anping.core.scoping`, change state only through `anping.assessments.flows`.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from anping.assessments import evidence as files
from anping.assessments import flows
from anping.assessments.completeness import problems
from anping.assessments.models import (
    TRANSITIONS,
    Assessment,
    AssessmentStatus,
    CloneReason,
    EvidenceRequest,
    EvidenceRevision,
    Finding,
    PointResult,
    Rectification,
    Report,
    ReportFile,
    Result,
)
from anping.core.errors import DomainError, Invalid
from anping.core.scoping import get_for, restrict
from anping.law import catalog
from anping.orgs.models import Engagement, Organisation, User
from anping.reports.snapshot import mask_phone
from anping.services import due
from anping.services.models import InformationService
from anping.web.context import current_membership

BAR_WIDTH = 240


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _run(request: HttpRequest, action: Callable[[], Any], success: str) -> Any:
    """Call a flow; show its refusal as a message instead of an error page."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result


def _date(value: str | None, *, required: bool = False) -> dt.date | None:
    if not value:
        if required:
            raise Invalid(_("请填写日期。"))
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("日期格式无效：%(v)s") % {"v": value}) from None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    return get_for(
        Assessment.objects.select_related("service", "service__provider", "assessor"),
        request.user,
        assessment_id,
    )


def _team_user(assessment: Assessment, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = next((u for u in flows.team(assessment) if u.pk == user_id), None)
    if user is None:
        raise Invalid(_("只能指定服务提供者或评估机构的成员。"))
    return user


# --- dashboard and start ------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    current = current_membership(request)
    org = current.organisation if current else None
    assessments = restrict(
        Assessment.objects.select_related("service", "assessor"), request.user
    ).order_by("due_date", "-created_at")
    by_status: OrderedDict[str, dict[str, Any]] = OrderedDict(
        (value, {"label": label, "rows": []}) for value, label in AssessmentStatus.choices
    )
    for a in assessments:
        by_status[a.status]["rows"].append(a)
    services = due.visible_services(request.user, org)
    startable = [s for s in services if _may_start(request.user, s)]
    required = [
        d
        for d in due.deadlines(
            InformationService.objects.filter(pk__in=[s.pk for s in startable]),
            timezone.localdate(),
        )
        if d.open
    ]
    started = {
        (a.service_id, a.situation, a.event_date) for a in assessments if a.situation is not None
    }
    rows = [
        {
            "deadline": d,
            "reason": d.item.reason.en if _english() else d.item.reason.zh,
            "started": (d.service.pk, d.item.situation, d.item.event_date) in started,
        }
        for d in required
    ]
    return render(
        request,
        "assessments/dashboard.html",
        {
            "by_status": by_status.values(),
            "total": len(assessments),
            "required": rows,
            "services": startable,
        },
    )


def _may_start(user: Any, service: InformationService) -> bool:
    if flows.can_work_on_service(user, service, service.provider_id):
        return True
    firms = Engagement.objects.filter(provider_id=service.provider_id, ended_on__isnull=True)
    return any(flows.can_work_on_service(user, service, e.firm_id) for e in firms)


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    service = get_for(
        InformationService.objects.select_related("provider"),
        request.user,
        _int(request.POST.get("service")),
    )
    situation = _int(request.POST.get("situation"))

    def action() -> Assessment:
        today = timezone.localdate()
        item = None
        if situation is not None:
            event_date = _date(request.POST.get("event_date"))
            item = next(
                (
                    i
                    for i in due.required_assessments(service, today)
                    if i.situation == situation
                    and i.regime == "sa-2018"
                    and (event_date is None or i.event_date == event_date)
                ),
                None,
            )
            if item is None:
                raise Invalid(_("该服务没有这一需要开展的安全评估。"))
        assessor = None
        assessor_id = _int(request.POST.get("assessor"))
        if assessor_id is not None:
            assessor = Organisation.objects.filter(pk=assessor_id).first()
        return flows.start_assessment(
            service,
            actor=request.user,
            assessor=assessor,
            item=item,
            title=request.POST.get("title", ""),
            due_date=_date(request.POST.get("due_date")),
            today=today,
        )

    assessment = _run(request, action, _("已开始安全评估。"))
    if assessment is None:
        return redirect("assessments:dashboard")
    return redirect("assessments:detail", assessment_id=assessment.pk)


# --- the assessment page ------------------------------------------------------------------------


def _area_labels(points: list[PointResult]) -> dict[str, str]:
    english = _english()
    labels: dict[str, str] = {}
    for p in points:
        if p.area.startswith("sa-2018:art5.") and p.cite == p.area:
            n = p.area.rsplit(".", 1)[1]
            title = p.title_en if english else p.title_zh
            labels[p.area] = f"Art. 5({n}) {title}" if english else f"第五条第（{n}）项 {title}"
    labels["sa-2018:art5"] = _("第五条：合法性与安全措施、风险防控的有效性")
    labels["sa-2018"] = _("安全评估规定其他条款（第三、六、七条）")
    for cid in {p.catalog_id for p in points if p.catalog_id != "sa-2018"}:
        title = catalog.load_all()[cid].title
        labels[cid] = title.en if english else title.zh
    return labels


def progress(points: list[PointResult]) -> list[dict[str, Any]]:
    """Per focus area: how many points are answered, met and failing, with bar widths."""
    labels = _area_labels(points)
    areas: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for p in points:
        row = areas.setdefault(
            p.area,
            {
                "area": p.area,
                "label": labels.get(p.area, p.area),
                "total": 0,
                "done": 0,
                "met": 0,
                "failing": 0,
            },
        )
        row["total"] += 1
        if p.result != Result.PENDING:
            row["done"] += 1
        if p.result in (Result.MET, Result.NOT_APPLICABLE):
            row["met"] += 1
        elif p.result in (Result.NOT_MET, Result.PARTLY_MET):
            row["failing"] += 1
    for row in areas.values():
        row["met_w"] = round(BAR_WIDTH * row["met"] / row["total"])
        row["failing_w"] = round(BAR_WIDTH * row["failing"] / row["total"])
        row["percent"] = round(100 * row["done"] / row["total"])
    return list(areas.values())


@login_required
def detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    all_points = list(
        assessment.points.select_related("assignee").prefetch_related("findings", "evidence")
    )
    result = request.GET.get("result")
    assignee = _int(request.GET.get("assignee"))
    area = request.GET.get("article") or ""
    shown = all_points
    if result is not None and result != "all":
        wanted = "" if result == "pending" else result
        shown = [p for p in shown if p.result == wanted]
    if assignee is not None:
        shown = [p for p in shown if p.assignee_id == assignee]
    if area:
        shown = [p for p in shown if p.area == area or p.cite.startswith(area)]
    today = timezone.localdate()
    evidence = list(
        assessment.evidence.select_related("point", "check_run").prefetch_related("revisions")
    )
    findings = list(assessment.findings.select_related("point").order_by("status", "pk"))
    rects = {
        r.finding_id: r
        for r in Rectification.objects.filter(finding__assessment=assessment).select_related(
            "owner", "done_by", "verified_by"
        )
    }
    for f in findings:
        f.rect = rects.get(f.pk)
    team = flows.team(assessment)
    labels = _area_labels(all_points)
    context = {
        "a": assessment,
        "points": shown,
        "point_count": len(all_points),
        "progress": progress(all_points),
        "bar_width": BAR_WIDTH,
        "problems": problems(assessment, today=today),
        "findings": findings,
        "evidence": [(e, e.expired(today)) for e in evidence],
        "requests": assessment.evidence_requests.select_related("requested_from", "point"),
        "team": team,
        "results": Result.choices,
        "areas": [
            (key, labels.get(key, key)) for key in OrderedDict.fromkeys(p.area for p in all_points)
        ],
        "filters": {"result": result or "", "assignee": assignee, "article": area},
        "next_states": [
            (s, dict(AssessmentStatus.choices)[s])
            for s in AssessmentStatus.values
            if s in TRANSITIONS.get(assessment.status, ()) and s != AssessmentStatus.SIGNED
        ],
        "can_work": flows.can_work(request.user, assessment),
        "today": today,
        "english": _english(),
        "max_mb": files.max_bytes() // (1024 * 1024),
        "situations": range(1, 6),
        "clone_reasons": CloneReason.choices,
        "masked_phone": mask_phone(assessment.contact_phone) if assessment.contact_phone else "",
    }
    return render(request, "assessments/detail.html", context)


@login_required
@require_POST
def transition(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    _run(
        request,
        lambda: flows.transition(assessment, request.POST.get("to", ""), actor=request.user),
        _("评估状态已变更。"),
    )
    return redirect("assessments:detail", assessment_id=assessment.pk)


@login_required
@require_POST
def sync_points(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    _run(
        request,
        lambda: flows.add_missing_points(assessment, actor=request.user),
        _("已补充缺少的评估要点。"),
    )
    return redirect("assessments:detail", assessment_id=assessment.pk)


# --- a point ------------------------------------------------------------------------------------


@login_required
def point(request: HttpRequest, assessment_id: int, point_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    p = assessment.points.select_related("assignee").filter(pk=point_id).first()
    if p is None:
        raise Http404
    if request.method == "POST":

        def action() -> PointResult:
            assignee = _team_user(assessment, _int(request.POST.get("assignee")))
            if assignee != p.assignee:
                flows.assign_point(p, assignee, actor=request.user)
            return flows.update_point(
                p,
                actor=request.user,
                severity=request.POST.get("severity") or None,
                result=request.POST.get("result", ""),
                statement=request.POST.get("statement", ""),
                comments=request.POST.get("comments", ""),
                na_reason=request.POST.get("na_reason", ""),
            )

        if _run(request, action, _("评估要点已保存。")) is not None:
            return redirect("assessments:detail", assessment_id=assessment.pk)
    ref = catalog.load_all().resolve(p.urn)
    today = timezone.localdate()
    context = {
        "a": assessment,
        "p": p,
        "ref": ref,
        "results": Result.choices,
        "severities": Finding.Severity.choices,
        "team": flows.team(assessment),
        "evidence": [(e, e.expired(today)) for e in p.evidence.prefetch_related("revisions")],
        "findings": p.findings.all(),
        "can_work": flows.can_work(request.user, assessment),
        "english": _english(),
        "max_mb": files.max_bytes() // (1024 * 1024),
    }
    return render(request, "assessments/point.html", context)


# --- evidence -----------------------------------------------------------------------------------


@login_required
@require_POST
def upload(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    back = request.POST.get("back") or ""

    def action() -> EvidenceRevision:
        upload_file = request.FILES.get("file")
        if upload_file is None:
            raise Invalid(_("请选择要上传的文件。"))
        point_id = _int(request.POST.get("point"))
        point = assessment.points.filter(pk=point_id).first() if point_id else None
        rect_id = _int(request.POST.get("rectification"))
        rect = (
            Rectification.objects.filter(pk=rect_id, finding__assessment=assessment).first()
            if rect_id
            else None
        )
        evidence_id = _int(request.POST.get("evidence"))
        existing = assessment.evidence.filter(pk=evidence_id).first() if evidence_id else None
        return flows.upload_evidence(
            assessment,
            upload_file,
            actor=request.user,
            title=request.POST.get("title", ""),
            description=request.POST.get("description", ""),
            point=point,
            rectification=rect,
            evidence=existing,
            effective_from=_date(request.POST.get("effective_from")),
            effective_until=_date(request.POST.get("effective_until")),
        )

    _run(request, action, _("证据已上传。"))
    if back == "point" and _int(request.POST.get("point")):
        return redirect(
            "assessments:point", assessment_id=assessment.pk, point_id=request.POST["point"]
        )
    return redirect(f"/assessments/{assessment.pk}/#evidence")


@login_required
def download(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = get_for(EvidenceRevision.objects.all(), request.user, revision_id)
    return files.download_response(revision)


@login_required
@require_POST
def request_evidence(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)

    def action() -> EvidenceRequest:
        colleague = _team_user(assessment, _int(request.POST.get("requested_from")))
        if colleague is None:
            raise Invalid(_("请选择提供人。"))
        point_id = _int(request.POST.get("point"))
        return flows.request_evidence(
            assessment,
            actor=request.user,
            requested_from=colleague,
            description=request.POST.get("description", ""),
            due_date=_date(request.POST.get("due_date"), required=True),
            point=assessment.points.filter(pk=point_id).first() if point_id else None,
        )

    _run(request, action, _("证据请求已发出。"))
    return redirect(f"/assessments/{assessment.pk}/#requests")


@login_required
@require_POST
def close_request(request: HttpRequest, request_id: int) -> HttpResponse:
    wanted = get_for(
        EvidenceRequest.objects.select_related("assessment__service__provider"),
        request.user,
        request_id,
    )
    _run(
        request,
        lambda: flows.close_evidence_request(
            wanted, actor=request.user, cancel=request.POST.get("cancel") == "1"
        ),
        _("证据请求已关闭。"),
    )
    return redirect(f"/assessments/{wanted.assessment_id}/#requests")


# --- findings and rectification -----------------------------------------------------------------


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


def _to_finding(assessment_id: int, finding_id: int) -> HttpResponse:
    return redirect(f"/assessments/{assessment_id}/#finding-{finding_id}")


@login_required
@require_POST
def plan_rectification(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = _finding(request, finding_id)

    def action() -> Rectification:
        owner = _team_user(finding.assessment, _int(request.POST.get("owner")))
        if owner is None:
            raise Invalid(_("请选择整改负责人。"))
        return flows.plan_rectification(
            finding,
            actor=request.user,
            action=request.POST.get("action", ""),
            owner=owner,
            due_date=_date(request.POST.get("due_date"), required=True),
        )

    _run(request, action, _("整改措施已记录。"))
    return _to_finding(finding.assessment_id, finding.pk)


@login_required
@require_POST
def withdraw_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = _finding(request, finding_id)
    _run(
        request,
        lambda: flows.withdraw_finding(
            finding, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("安全隐患已撤销。"),
    )
    return _to_finding(finding.assessment_id, finding.pk)


@login_required
@require_POST
def rectification_done(request: HttpRequest, rectification_id: int) -> HttpResponse:
    rect = _rectification(request, rectification_id)
    _run(
        request,
        lambda: flows.mark_rectification_done(
            rect, actor=request.user, note=request.POST.get("note", "")
        ),
        _("整改已记录为完成，等待另一人验证。"),
    )
    return _to_finding(rect.finding.assessment_id, rect.finding_id)


@login_required
@require_POST
def verify_rectification(request: HttpRequest, rectification_id: int) -> HttpResponse:
    rect = _rectification(request, rectification_id)
    _run(
        request,
        lambda: flows.verify_rectification(
            rect,
            actor=request.user,
            accept=request.POST.get("accept") != "0",
            note=request.POST.get("note", ""),
        ),
        _("整改验证已记录。"),
    )
    return _to_finding(rect.finding.assessment_id, rect.finding_id)


# --- report details, report page, sign-off -------------------------------------------------------


@login_required
@require_POST
def details(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
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

    assessment = _assessment(request, assessment_id)
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
    }
    return render(request, "assessments/report.html", context)


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
    assessment = _assessment(request, assessment_id)
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

    found = get_for(
        Report.objects.select_related("assessment__service__provider"), request.user, report_id
    )
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


# --- re-assessment, diff, Excel ------------------------------------------------------------------


@login_required
@require_POST
def clone(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    made = _run(
        request,
        lambda: flows.clone_assessment(
            assessment,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            title=request.POST.get("title", ""),
            situation=_int(request.POST.get("situation")),
        ),
        _("已基于本评估开展新的评估；沿用的结论须逐项重新确认。"),
    )
    if made is None:
        return redirect("assessments:detail", assessment_id=assessment.pk)
    return redirect("assessments:detail", assessment_id=made.pk)


@login_required
def diff(request: HttpRequest, assessment_id: int) -> HttpResponse:
    from anping.assessments.diff import diff as compare

    after = _assessment(request, assessment_id)
    before_id = _int(request.GET.get("against")) or after.parent_id
    if before_id is None:
        raise Http404
    before = _assessment(request, before_id)
    if before.service_id != after.service_id:
        raise Http404
    rows = compare(before, after)
    show = request.GET.get("show", "changed")
    if show != "all":
        rows = [r for r in rows if r.status != "same" or r.to_reconfirm]
    context = {
        "a": after,
        "before": before,
        "rows": rows,
        "show": show,
        "labels": dict(Result.choices),
        "english": _english(),
    }
    return render(request, "assessments/diff.html", context)


@login_required
def export_xlsx(request: HttpRequest, assessment_id: int) -> HttpResponse:
    from anping.assessments import excel
    from anping.assessments.api import xlsx_response

    assessment = _assessment(request, assessment_id)
    return xlsx_response(excel.export(assessment), assessment)


@login_required
@require_POST
def import_xlsx(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)

    def action() -> list[PointResult]:
        upload_file = request.FILES.get("file")
        if upload_file is None:
            raise Invalid(_("请选择要上传的文件。"))
        return flows.import_points(assessment, files.read_upload(upload_file), actor=request.user)

    try:
        updated = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        for error in exc.details.get("errors", [])[1:20]:
            messages.error(request, error["message"])
    else:
        messages.success(request, _("已导入：%(n)s 个评估要点有变更。") % {"n": len(updated)})
    return redirect(f"/assessments/{assessment.pk}/#points")
