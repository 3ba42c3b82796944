"""Demo data (`anping demo`): enough of a world to try every side of the platform.

A provider with a forum service in Shenzhen Nanshan (440305), an assessment firm it engaged, the
Shenzhen cyberspace office and public security bureau (city level, 440300) and the Guangdong
provincial level; one user per role. Idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from anping.assessments.demo import load_assessments_demo
from anping.orgs import flows
from anping.orgs.models import Level, Organisation, OrganisationKind, Role, User
from anping.services.demo import load_services_demo

DEMO_PASSWORD = "anping-demo-2026"  # noqa: S105 - published demo credential, never in production

ORGANISATIONS = [
    # key, name, English name, kind, level, division code
    (
        "provider",
        "深圳南山示例网络科技有限公司",
        "Nanshan Example Network Technology Co., Ltd.",
        OrganisationKind.PROVIDER,
        "",
        "440305",
    ),
    (
        "firm",
        "示例网络安全评估有限公司",
        "Example Cybersecurity Assessment Co., Ltd.",
        OrganisationKind.FIRM,
        "",
        "440304",
    ),
    (
        "cac_sz",
        "深圳市互联网信息办公室",
        "Shenzhen Cyberspace Administration",
        OrganisationKind.CYBERSPACE_OFFICE,
        Level.CITY,
        "440300",
    ),
    (
        "psb_sz",
        "深圳市公安局网络安全保卫支队",
        "Shenzhen Public Security Bureau, Cyber Security Division",
        OrganisationKind.PUBLIC_SECURITY,
        Level.CITY,
        "440300",
    ),
    (
        "cac_gd",
        "广东省互联网信息办公室",
        "Guangdong Cyberspace Administration",
        OrganisationKind.CYBERSPACE_OFFICE,
        Level.PROVINCIAL,
        "440000",
    ),
    (
        "psb_gd",
        "广东省公安厅网络警察总队",
        "Guangdong Public Security Department, Cyber Police",
        OrganisationKind.PUBLIC_SECURITY,
        Level.PROVINCIAL,
        "440000",
    ),
]

USERS = [
    # username, display name, organisation key, role
    ("provider_admin", "张安（提供者管理员）", "provider", Role.ADMIN),
    ("provider_assessor", "李评（提供者评估人员）", "provider", Role.ASSESSOR),
    ("provider_reader", "王阅（提供者只读）", "provider", Role.READER),
    ("firm_admin", "赵衡（评估机构管理员）", "firm", Role.ADMIN),
    ("firm_assessor", "钱审（评估机构评估人员）", "firm", Role.ASSESSOR),
    ("cac_reviewer", "孙审（深圳网信审查人员）", "cac_sz", Role.REVIEWER),
    ("cac_admin", "周管（深圳网信管理员）", "cac_sz", Role.ADMIN),
    ("psb_inspector", "吴检（深圳公安检查人员）", "psb_sz", Role.INSPECTOR),
    ("psb_reviewer", "郑审（深圳公安审查人员）", "psb_sz", Role.REVIEWER),
    ("gd_reviewer", "冯省（广东网信审查人员）", "cac_gd", Role.REVIEWER),
    ("gd_inspector", "陈省（广东公安检查人员）", "psb_gd", Role.INSPECTOR),
]


@transaction.atomic
def load_demo() -> list[str]:
    """Create what is missing and return the lines to print (logins included)."""
    orgs = {key: _organisation(*spec) for key, *spec in ORGANISATIONS}
    for username, display, org_key, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=DEMO_PASSWORD, display_name=display
            )
        flows.add_member(orgs[org_key], user, role, actor=None)
    if not orgs["provider"].engaged_by.filter(firm=orgs["firm"], ended_on__isnull=True).exists():
        flows.start_engagement(
            orgs["provider"], orgs["firm"], actor=None, scope_note="论坛服务年度安全评估"
        )
    load_services_demo(orgs["provider"])
    load_assessments_demo()
    lines = ["演示数据已就绪 / demo data ready.", f"演示密码 / demo password: {DEMO_PASSWORD}"]
    lines += [f"  {u:<18} {d}" for u, d, *_ in USERS]
    return lines


def _organisation(name: str, name_en: str, kind: str, level: str, code: str) -> Organisation:
    existing = Organisation.objects.filter(kind=kind, division_code=code, name=name).first()
    if existing:
        return existing
    return flows.create_organisation(
        actor=None, name=name, name_en=name_en, kind=kind, level=level, division_code=code
    )
