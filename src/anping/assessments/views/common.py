"""What the assessment pages share: running a flow with its refusal shown as a message, form
values, the team and the posted point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from anping.assessments import flows
from anping.assessments.lookups import assessment_for
from anping.assessments.models import Assessment, PointResult
from anping.core.errors import DomainError, Invalid
from anping.orgs.models import User


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


def _posted_point(request: HttpRequest, assessment: Assessment) -> PointResult | None:
    """The point of the assessment named by the form's `point` field, if any."""
    point_id = _int(request.POST.get("point"))
    return assessment.points.filter(pk=point_id).first() if point_id else None


def _on_assessment(
    request: HttpRequest,
    assessment_id: int,
    step: Callable[[Assessment], Any],
    success: str,
) -> HttpResponse:
    """Run one flow on the assessment, then back to its page."""
    assessment = assessment_for(request.user, assessment_id)
    _run(request, lambda: step(assessment), success)
    return redirect("assessments:detail", assessment_id=assessment.pk)


def _team_user(assessment: Assessment, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = next((u for u in flows.team(assessment) if u.pk == user_id), None)
    if user is None:
        raise Invalid(_("只能指定服务提供者或评估机构的成员。"))
    return user
