"""Demo data for the service register (called from `anping.demo`): a forum in Shenzhen Nanshan.

Idempotent: whatever already exists is left alone. The samples show marked growth in July 2026
(decision 0003: ≥ 50 % and ≥ 1,000,000 within 180 days), so the forum owes a situation-3 report;
a function added in November 2026 owes a situation-1 report.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from anping.orgs.models import Organisation
from anping.services import flows
from anping.services.models import EventKind, InformationService, ServiceKind

FORUM = "南山社区论坛"
LAUNCH = dt.date(2024, 3, 1)
FUNCTIONS = [
    # name, kind, launched, description
    ("发帖", ServiceKind.FORUM, LAUNCH, "用户发布主题帖"),
    ("评论", ServiceKind.FORUM, LAUNCH, "用户回复、评论帖子"),
    ("短视频分享", ServiceKind.SHORT_VIDEO, dt.date(2026, 11, 2), "用户在帖子中上传和分享短视频"),
]
SAMPLES = [
    (dt.date(2025, 7, 31), 520_000),
    (dt.date(2025, 10, 31), 610_000),
    (dt.date(2026, 1, 31), 720_000),
    (dt.date(2026, 4, 30), 1_000_000),
    (dt.date(2026, 7, 31), 2_150_000),
    (dt.date(2026, 10, 31), 2_400_000),
]


@transaction.atomic
def load_services_demo(provider: Organisation) -> InformationService:
    """Add the demo forum service of `provider`, or complete it if part of it exists."""
    service = InformationService.objects.filter(provider=provider, name=FORUM).first()
    if service is None:
        service = flows.create_service(
            provider,
            actor=None,
            name=FORUM,
            kinds=[ServiceKind.FORUM],
            division_code="440305",
            website_url="https://bbs.nanshan.example.cn",
            app_identifiers=["cn.example.nanshan.bbs"],
            hardware_facilities="深圳南山数据中心自有机柜 2 个，Web 服务器 6 台，数据库服务器 2 台",
            software_facilities="内容审核系统、敏感词过滤、用户实名认证、日志留存（不少于六个月）",
            icp_number="粤ICP备2024000001号-1",
            psb_filing_number="44030502000001",
        )
    if not service.events.filter(kind=EventKind.WENT_ONLINE).exists():
        flows.add_event(
            service,
            actor=None,
            kind=EventKind.WENT_ONLINE,
            date=LAUNCH,
            report_submitted=dt.date(2024, 2, 20),
        )
    existing = set(service.functions.values_list("name", flat=True))
    for name, kind, launched, description in FUNCTIONS:
        if name not in existing:
            flows.add_function(
                service,
                actor=None,
                name=name,
                kind=kind,
                launched=launched,
                description=description,
            )
    dated = set(service.samples.values_list("date", flat=True))
    for day, users in SAMPLES:
        if day not in dated:
            flows.add_sample(service, actor=None, date=day, users=users)
    return service
