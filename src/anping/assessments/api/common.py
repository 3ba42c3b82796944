"""The assessments API router and the request helpers its handlers share."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from anping.assessments.models import Assessment, PointResult
from anping.core.errors import Invalid
from anping.core.scoping import restrict
from anping.orgs.models import Organisation, User

router = Router(tags=["assessments"])


def _assessments(request: HttpRequest) -> Any:
    return restrict(Assessment.objects.select_related("service", "assessor"), request.user)


def _user(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Invalid(_("未知用户。"))
    return user


def _point(assessment: Assessment, point_id: int | None) -> PointResult | None:
    if point_id is None:
        return None
    point = assessment.points.filter(pk=point_id).first()
    if point is None:
        raise Invalid(_("该评估要点不属于本评估。"))
    return point


def _provider(request: HttpRequest, provider_id: int) -> Organisation:
    from anping.core.scoping import own_org_ids

    provider = Organisation.objects.filter(pk=provider_id).first()
    if provider is None or provider_id not in own_org_ids(request.user):
        raise Http404
    return provider
