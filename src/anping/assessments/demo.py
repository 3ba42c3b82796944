"""Demo data for assessments (called from `anping.demo`): the demo forum's assessment, in progress.

Idempotent: when the forum already has an assessment, nothing changes. Without the services demo
(no forum), nothing is added. The assessment is carried out by the engaged firm (sa-2018 Art. 4)
when there is one, answers most points and has two open findings, one with a rectification plan.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from anping.assessments import flows
from anping.assessments.models import Assessment, AssessmentStatus, Result
from anping.orgs.models import Engagement, OrganisationKind, User
from anping.services import due
from anping.services.models import InformationService

FORUM = "南山社区论坛"
#: cite → (result, statement); the rest of the points are left to assess.
ANSWERS: dict[str, tuple[str, str]] = {
    "sa-2018:art5.1": (
        Result.MET,
        "已任命安全管理负责人（副总经理），设立内容安全部，配备专职信息审核人员 24 名，三班轮值。",
    ),
    "sa-2018:art5.2": (
        Result.MET,
        "注册时通过手机号码进行真实身份核验；注册信息留存于用户库，注销后保留六个月。",
    ),
    "sa-2018:art5.3": (
        Result.PARTLY_MET,
        "发帖和评论记录留存六个月以上；但登录日志未记录网络源端口和客户端硬件特征。",
    ),
    "sa-2018:art5.6": (
        Result.NOT_MET,
        "网站公布了举报邮箱，但未建立受理和处理时限制度，抽查 20 件举报中 7 件超过 15 日未处理。",
    ),
    "sa-2018:art5.7": (
        Result.MET,
        "已建立与属地网信部门的联络机制，指定联络人，按要求提供技术和数据支持。",
    ),
}


@transaction.atomic
def load_assessments_demo() -> Assessment | None:
    """Add the demo assessment of the forum, unless it (or any assessment of it) exists."""
    service = (
        InformationService.objects.filter(name=FORUM, provider__kind=OrganisationKind.PROVIDER)
        .select_related("provider")
        .first()
    )
    if service is None:
        return None
    existing = service.assessments.order_by("pk").first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    items = [i for i in due.required_assessments(service, today) if i.regime == "sa-2018"]
    item = next((i for i in items if i.submitted is None), None)
    engagement = Engagement.objects.filter(provider=service.provider, ended_on__isnull=True).first()
    assessment = flows.start_assessment(
        service,
        actor=None,
        assessor=engagement.firm if engagement else None,
        item=item,
        today=today,
    )
    assessment = flows.transition(assessment, AssessmentStatus.IN_PROGRESS, actor=None)
    assessor = User.objects.filter(username="firm_assessor").first()
    owner = User.objects.filter(username="provider_assessor").first()
    for point in assessment.points.filter(cite__in=ANSWERS):
        result, statement = ANSWERS[point.cite]
        flows.update_point(point, actor=None, result=result, statement=statement)
        if assessor is not None:
            flows.assign_point(point, assessor, actor=None)
    finding = assessment.findings.select_related("point").filter(point__cite="sa-2018:art5.6")
    first = finding.first()
    if first is not None and owner is not None:
        flows.plan_rectification(
            first,
            actor=None,
            action="制定投诉举报处理制度，明确 15 个工作日内办结；上线举报处理工单系统并每周抽查。",
            owner=owner,
            due_date=today + dt.timedelta(days=30),
        )
    return assessment
