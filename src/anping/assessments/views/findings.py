"""Pages: findings and their rectification (Art. 6 ¶1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anping.assessments import flows
from anping.assessments.lookups import finding_for, rectification_for
from anping.assessments.models import Rectification
from anping.assessments.views.common import _date, _int, _run, _team_user
from anping.core.errors import Invalid


def _to_finding(assessment_id: int, finding_id: int) -> HttpResponse:
    return redirect(f"/assessments/{assessment_id}/#finding-{finding_id}")


def _on_rectification(
    request: HttpRequest,
    rectification_id: int,
    step: Callable[[Rectification], Any],
    success: str,
) -> HttpResponse:
    """Run one flow on the rectification, then back to its finding on the assessment page."""
    rect = rectification_for(request.user, rectification_id)
    _run(request, lambda: step(rect), success)
    return _to_finding(rect.finding.assessment_id, rect.finding_id)


@login_required
@require_POST
def plan_rectification(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = finding_for(request.user, finding_id)

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
    finding = finding_for(request.user, finding_id)
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
    return _on_rectification(
        request,
        rectification_id,
        lambda rect: flows.mark_rectification_done(
            rect, actor=request.user, note=request.POST.get("note", "")
        ),
        _("整改已记录为完成，等待另一人验证。"),
    )


@login_required
@require_POST
def verify_rectification(request: HttpRequest, rectification_id: int) -> HttpResponse:
    return _on_rectification(
        request,
        rectification_id,
        lambda rect: flows.verify_rectification(
            rect,
            actor=request.user,
            accept=request.POST.get("accept") != "0",
            note=request.POST.get("note", ""),
        ),
        _("整改验证已记录。"),
    )
