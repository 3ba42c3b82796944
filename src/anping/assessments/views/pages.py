"""Pages: the assessment page (progress by focus area, transitions, points sync) and a point's form."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anping.assessments import evidence as files
from anping.assessments import flows
from anping.assessments.completeness import problems
from anping.assessments.lookups import assessment_for
from anping.assessments.models import (
    TRANSITIONS,
    AssessmentStatus,
    CloneReason,
    Finding,
    PointResult,
    Rectification,
    Result,
)
from anping.assessments.views.common import _int, _on_assessment, _run, _team_user
from anping.law import catalog
from anping.reports.snapshot import mask_phone
from anping.web.language import is_english

BAR_WIDTH = 240


def _area_labels(points: list[PointResult]) -> dict[str, str]:
    english = is_english()
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
    assessment = assessment_for(request.user, assessment_id)
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
        "english": is_english(),
        "max_mb": files.max_bytes() // (1024 * 1024),
        "situations": range(1, 6),
        "clone_reasons": CloneReason.choices,
        "masked_phone": mask_phone(assessment.contact_phone) if assessment.contact_phone else "",
    }
    return render(request, "assessments/detail.html", context)


@login_required
@require_POST
def transition(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _on_assessment(
        request,
        assessment_id,
        lambda a: flows.transition(a, request.POST.get("to", ""), actor=request.user),
        _("评估状态已变更。"),
    )


@login_required
@require_POST
def sync_points(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _on_assessment(
        request,
        assessment_id,
        lambda a: flows.add_missing_points(a, actor=request.user),
        _("已补充缺少的评估要点。"),
    )


@login_required
def point(request: HttpRequest, assessment_id: int, point_id: int) -> HttpResponse:
    assessment = assessment_for(request.user, assessment_id)
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
        "english": is_english(),
        "max_mb": files.max_bytes() // (1024 * 1024),
    }
    return render(request, "assessments/point.html", context)
