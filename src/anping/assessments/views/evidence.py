"""Pages: evidence uploads and downloads, evidence requests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anping.assessments import evidence as files
from anping.assessments import flows
from anping.assessments.lookups import assessment_for, evidence_request_for
from anping.assessments.models import EvidenceRequest, EvidenceRevision, Rectification
from anping.assessments.views.common import _date, _int, _posted_point, _run, _team_user
from anping.core.errors import Invalid
from anping.core.scoping import get_for


@login_required
@require_POST
def upload(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for(request.user, assessment_id)
    back = request.POST.get("back") or ""

    def action() -> EvidenceRevision:
        upload_file = request.FILES.get("file")
        if upload_file is None:
            raise Invalid(_("请选择要上传的文件。"))
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
            point=_posted_point(request, assessment),
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
    assessment = assessment_for(request.user, assessment_id)

    def action() -> EvidenceRequest:
        colleague = _team_user(assessment, _int(request.POST.get("requested_from")))
        if colleague is None:
            raise Invalid(_("请选择提供人。"))
        return flows.request_evidence(
            assessment,
            actor=request.user,
            requested_from=colleague,
            description=request.POST.get("description", ""),
            due_date=_date(request.POST.get("due_date"), required=True),
            point=_posted_point(request, assessment),
        )

    _run(request, action, _("证据请求已发出。"))
    return redirect(f"/assessments/{assessment.pk}/#requests")


@login_required
@require_POST
def close_request(request: HttpRequest, request_id: int) -> HttpResponse:
    wanted = evidence_request_for(request.user, request_id)
    _run(
        request,
        lambda: flows.close_evidence_request(
            wanted, actor=request.user, cancel=request.POST.get("cancel") == "1"
        ),
        _("证据请求已关闭。"),
    )
    return redirect(f"/assessments/{wanted.assessment_id}/#requests")
