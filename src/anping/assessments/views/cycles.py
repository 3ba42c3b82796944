"""Pages: re-assessment (clone), diff against an earlier assessment, Excel export and import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anping.assessments import evidence as files
from anping.assessments import flows
from anping.assessments.lookups import assessment_for
from anping.assessments.models import PointResult, Result
from anping.assessments.views.common import _int, _run
from anping.core.errors import DomainError, Invalid
from anping.web.language import is_english


@login_required
@require_POST
def clone(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for(request.user, assessment_id)
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
    from anping.assessments.diff import ADDED, REMOVED
    from anping.assessments.diff import diff as compare

    after = assessment_for(request.user, assessment_id)
    before_id = _int(request.GET.get("against")) or after.parent_id
    if before_id is None:
        raise Http404
    before = assessment_for(request.user, before_id)
    if before.service_id != after.service_id:
        raise Http404
    rows = compare(before, after)
    show = request.GET.get("show", "changed")
    if show != "all":
        rows = [r for r in rows if r.status != "same" or r.to_reconfirm]
    labels = dict(Result.choices)
    context = {
        "a": after,
        "before": before,
        "rows": [
            (
                r,
                labels.get(r.before_result, r.before_result) if r.status != ADDED else "",
                labels.get(r.after_result, r.after_result) if r.status != REMOVED else "",
            )
            for r in rows
        ],
        "show": show,
        "english": is_english(),
    }
    return render(request, "assessments/diff.html", context)


@login_required
def export_xlsx(request: HttpRequest, assessment_id: int) -> HttpResponse:
    from anping.assessments import excel
    from anping.assessments.api import xlsx_response

    assessment = assessment_for(request.user, assessment_id)
    return xlsx_response(excel.export(assessment), assessment)


@login_required
@require_POST
def import_xlsx(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for(request.user, assessment_id)

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
