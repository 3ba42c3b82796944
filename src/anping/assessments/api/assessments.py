"""API: assessments (list, start, read, transitions, completeness, points sync) and their points."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from anping.assessments import flows
from anping.assessments.api.common import _assessments, _point, _user, router
from anping.assessments.api.outputs import _assessment_out, _point_out
from anping.assessments.api.schemas import (
    AssessmentListOut,
    AssessmentOut,
    CompletenessOut,
    PointIn,
    PointOut,
    ProblemOut,
    StartIn,
    TransitionIn,
)
from anping.assessments.completeness import problems
from anping.assessments.lookups import assessment_for
from anping.assessments.models import PointResult
from anping.core.errors import Invalid
from anping.core.scoping import get_for
from anping.orgs.models import Organisation
from anping.services.models import InformationService


@router.get("/assessments", response=list[AssessmentListOut])
def list_assessments(
    request: HttpRequest, status: str | None = None, service_id: int | None = None
) -> list[AssessmentListOut]:
    found = _assessments(request)
    if status:
        found = found.filter(status=status)
    if service_id:
        found = found.filter(service_id=service_id)
    return [
        AssessmentListOut(
            id=a.pk, service_id=a.service_id, service=a.service.name, status=a.status, title=a.title
        )
        for a in found
    ]


@router.post("/assessments", response={201: AssessmentOut})
def start_assessment(request: HttpRequest, payload: StartIn) -> Status[AssessmentOut]:
    service = get_for(
        InformationService.objects.select_related("provider"), request.user, payload.service_id
    )
    assessor = None
    if payload.assessor_id is not None:
        assessor = Organisation.objects.filter(pk=payload.assessor_id).first()
        if assessor is None:
            raise Invalid(_("未知的评估实施方。"))
    item = None
    today = timezone.localdate()
    if payload.situation is not None:
        matching = flows.required_items(service, payload.situation, payload.event_date, today)
        if not matching:
            raise Invalid(
                _("该服务没有这一需要开展的安全评估（第三条情形 %(n)s）。")
                % {"n": payload.situation}
            )
        item = min(matching, key=lambda i: (i.submitted is not None, i.event_date))
    assessment = flows.start_assessment(
        service,
        actor=request.user,
        assessor=assessor,
        item=item,
        title=payload.title,
        due_date=payload.due_date,
        today=today,
    )
    return Status(201, _assessment_out(assessment))


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def get_assessment(request: HttpRequest, assessment_id: int) -> AssessmentOut:
    return _assessment_out(assessment_for(request.user, assessment_id))


@router.post("/assessments/{assessment_id}/transitions", response=AssessmentOut)
def transition(request: HttpRequest, assessment_id: int, payload: TransitionIn) -> AssessmentOut:
    assessment = assessment_for(request.user, assessment_id)
    return _assessment_out(flows.transition(assessment, payload.to, actor=request.user))


@router.get("/assessments/{assessment_id}/completeness", response=CompletenessOut)
def completeness(request: HttpRequest, assessment_id: int) -> CompletenessOut:
    found = problems(assessment_for(request.user, assessment_id))
    return CompletenessOut(complete=not found, problems=[ProblemOut(**p.to_dict()) for p in found])


@router.post("/assessments/{assessment_id}/points/sync", response=list[PointOut])
def add_missing_points(request: HttpRequest, assessment_id: int) -> list[PointOut]:
    rows = flows.add_missing_points(assessment_for(request.user, assessment_id), actor=request.user)
    return [_point_out(p) for p in rows]


@router.get("/assessments/{assessment_id}/points", response=list[PointOut])
def list_points(
    request: HttpRequest,
    assessment_id: int,
    result: str | None = None,
    assignee_id: int | None = None,
    article: str | None = None,
) -> list[PointOut]:
    assessment = assessment_for(request.user, assessment_id)
    points = assessment.points.prefetch_related("findings")
    if result is not None:
        points = points.filter(result="" if result == "pending" else result)
    if assignee_id is not None:
        points = points.filter(assignee_id=assignee_id)
    if article:
        points = points.filter(Q(area=article) | Q(cite__startswith=article))
    return [_point_out(p) for p in points]


@router.patch("/assessments/{assessment_id}/points/{point_id}", response=PointOut)
def update_point(
    request: HttpRequest, assessment_id: int, point_id: int, payload: PointIn
) -> PointOut:
    assessment = assessment_for(request.user, assessment_id)
    point = _point(assessment, point_id)
    assert point is not None
    given = payload.model_dump(exclude_unset=True)
    if "assignee_id" in given:
        point = flows.assign_point(point, _user(given.pop("assignee_id")), actor=request.user)
    severity = given.pop("severity", None)
    description = given.pop("finding_description", None)
    confirm = given.pop("confirm", False)
    changes = {k: v for k, v in given.items() if v is not None}
    if changes or severity or description or confirm:
        point = flows.update_point(
            point,
            actor=request.user,
            severity=severity,
            finding_description=description,
            **changes,
        )
    return _point_out(PointResult.objects.prefetch_related("findings").get(pk=point.pk))
