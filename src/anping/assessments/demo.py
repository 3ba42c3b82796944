"""Demo data for assessments (called from `anping.demo`): two assessments of the demo forum.

1. In progress: carried out by the engaged firm (sa-2018 Art. 4) when there is one, answers most
   points and has two open findings, one with a rectification plan.
2. Signed: a self-assessment with every point answered, one hazard found, rectified and verified
   by a second person, the report frozen, approved by the provider's admin and assessor (the
   default quorum, decision 0005) and its final files rendered.

Idempotent: each is added only when missing. Without the services demo (no forum), nothing is
added; without the demo users, the signed one is not.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from anping.assessments import flows
from anping.assessments.models import Assessment, AssessmentStatus, Result
from anping.orgs.models import Engagement, OrganisationKind, User
from anping.services import due
from anping.services.models import InformationService

FORUM = "南山社区论坛"
SIGNED_TITLE = "南山社区论坛 年度安全评估（已签署）"
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
    """Add the demo assessments of the forum that are missing; returns the in-progress one."""
    service = (
        InformationService.objects.filter(name=FORUM, provider__kind=OrganisationKind.PROVIDER)
        .select_related("provider")
        .first()
    )
    if service is None:
        return None
    in_progress = _in_progress(service)
    load_signed_demo(service)
    return in_progress


def _in_progress(service: InformationService) -> Assessment:
    existing = service.assessments.exclude(title=SIGNED_TITLE).order_by("pk").first()
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


#: Art. 5 item → statement of the signed demo assessment.
SIGNED_ART5 = {
    1: "已任命安全管理负责人（副总经理），设立内容安全部，配备专职信息审核人员 24 名，三班轮值。",
    2: "注册时通过手机号码进行真实身份核验；注册信息留存于用户库，注销后保留六个月。",
    3: "账号、操作时间、操作类型、网络源地址和目标地址、源端口、客户端硬件特征等日志及用户发布"
    "信息记录留存不少于六个月。",
    4: "昵称、头像、简介、群组名称先审后发；帖子、评论经关键词和模型过滤，并由人工复核。",
    5: "已制定个人信息保护制度，敏感字段加密存储；设置转发频次限制和突发事件一键限流。",
    6: "网站和应用公布举报邮箱及电话，举报处理工单系统 15 个工作日内办结，每周抽查。",
    7: "已建立与属地网信部门的联络机制，指定联络人，按要求提供技术和数据支持。",
    8: "已建立与公安机关、国家安全机关的协助机制，指定联络人，依法提供技术和数据支持。",
}


def load_signed_demo(service: InformationService) -> Assessment | None:
    """The signed demo assessment of the forum (see the module docstring); idempotent."""
    existing = service.assessments.filter(title=SIGNED_TITLE).first()
    if existing is not None:
        return existing
    users = {u.username: u for u in User.objects.filter(username__in=APPROVERS)}
    if len(users) != len(APPROVERS):
        return None
    admin, assessor = users["provider_admin"], users["provider_assessor"]
    assessment = flows.start_assessment(
        service, actor=None, assessor=service.provider, title=SIGNED_TITLE
    )
    flows.update_details(
        assessment,
        actor=None,
        contact_name="张安",
        contact_phone="+8613800138000",
        registered_division=service.provider.division_code,
        operating_division=service.provider.division_code,
        situation=1,
        conclusion=(
            "经评估，南山社区论坛已落实安全评估规定第五条所列各项安全管理制度和技术措施；"
            "评估中发现的投诉举报处理时限问题已整改并经复核，服务符合规定要求。"
        ),
        other_matters="无。",
    )
    assessment = flows.transition(assessment, AssessmentStatus.IN_PROGRESS, actor=None)
    for point in assessment.points.all():
        n = point.cite.removeprefix("sa-2018:art5.")
        if n.isdigit() and int(n) in SIGNED_ART5:
            statement = SIGNED_ART5[int(n)]
        else:
            statement = f"已落实：{point.title_zh}。详见管理制度文件和系统配置截图。"
        failing = point.cite == "sa-2018:art5.6"
        flows.update_point(
            point,
            actor=None,
            result=Result.PARTLY_MET if failing else Result.MET,
            statement=(
                "举报处理曾无时限要求，抽查中 3 件超过 15 日未处理；已整改。"
                if failing
                else statement
            ),
        )
    finding = assessment.findings.get()
    rectification = flows.plan_rectification(
        finding,
        actor=None,
        action="制定投诉举报处理制度，明确 15 个工作日内办结；上线举报处理工单系统。",
        owner=assessor,
        due_date=timezone.localdate(),
    )
    proof = SimpleUploadedFile(
        "举报处理制度.txt", "投诉举报处理制度（2026 年修订版）\n".encode(), "text/plain"
    )
    flows.upload_evidence(
        assessment, proof, actor=assessor, rectification=rectification, point=finding.point
    )
    flows.mark_rectification_done(rectification, actor=assessor, note="制度已发布，工单系统上线")
    flows.verify_rectification(rectification, actor=admin, note="抽查 10 件，均按时办结")
    assessment = flows.transition(assessment, AssessmentStatus.READY, actor=None)
    report = flows.freeze_report(assessment, actor=None, render=False)
    # ANPING_DEMO_RENDER_REPORTS=False (a setting) skips rendering the eight files (~3 s), e.g.
    # for test suites that load the demo for every test and never open the report.
    render = getattr(settings, "ANPING_DEMO_RENDER_REPORTS", True)
    flows.approve_report(report, actor=admin)
    flows.approve_report(report, actor=assessor, render=render)
    assessment.refresh_from_db()
    return assessment


APPROVERS = ("provider_admin", "provider_assessor")
