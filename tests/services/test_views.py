"""Web pages of the register: scoping in the UI, forms through the flows, due dates shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from anping.core.models import AuditAction, AuditEvent
from anping.services import flows
from anping.services.models import InformationService, ServiceEvent

from .conftest import registered

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_need_login(client: Client) -> None:
    for url in ("/services/", "/deadlines/", "/services/new/", "/services/import/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url


def test_create_service_through_form(world: dict) -> None:
    client = _client(world["users"]["provider_admin"])
    form = client.get("/services/new/").content.decode()
    assert 'type="checkbox" name="kinds" value="forum"' in form
    assert '<label for="id_division_code">' in form
    response = client.post(
        "/services/new/",
        {
            "name": "南山论坛",
            "kinds": ["forum", "short_video"],
            "division_code": "440305",
            "app_identifiers": "cn.example.bbs\ncn.example.bbs.lite",
        },
    )
    service = InformationService.objects.get(name="南山论坛")
    assert response.status_code == 302
    assert response["Location"] == f"/services/{service.pk}/"
    assert service.kinds == ["forum", "short_video"]
    assert service.app_identifiers == ["cn.example.bbs", "cn.example.bbs.lite"]
    assert AuditEvent.objects.filter(
        action=AuditAction.SERVICE_CREATED, object_id=str(service.pk)
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "440305 → 440300 深圳市" in page


def test_form_shows_flow_refusal_on_the_field(world: dict) -> None:
    client = _client(world["users"]["provider_admin"])
    page = client.post(
        "/services/new/",
        {"name": "x", "kinds": ["forum"], "division_code": "512081", "website_url": "https://a.cn"},
    ).content.decode()
    assert "不在现行区划表中" in page
    assert not registered().exists()


def test_division_preview_fragment(world: dict) -> None:
    client = _client(world["users"]["provider_admin"])
    fragment = client.get("/services/division/", {"division_code": "440305"}).content.decode()
    assert "440305 深圳市南山区" in fragment or "440305 南山区" in fragment
    assert "→ 440300 深圳市" in fragment
    assert "六位数字" in client.get("/services/division/", {"division_code": "44"}).content.decode()


def test_member_of_other_provider_gets_404_in_ui(world: dict, make_provider, make_service) -> None:
    other = make_provider("北京公司", "110105", "bj_admin")
    theirs = make_service(org=other, name="北京论坛", division_code="110105")
    ours = make_service()
    client = _client(world["users"]["provider_admin"])
    listing = client.get("/services/").content.decode()
    assert "测试论坛" in listing
    assert "北京论坛" not in listing
    for url in ("", "edit/", "events/add/", "samples/add/", "functions/add/"):
        assert client.get(f"/services/{theirs.pk}/{url}").status_code == 404, url
    assert "北京论坛" not in client.get("/deadlines/").content.decode()
    bj = _client(other.memberships.get().user)
    assert bj.get(f"/services/{ours.pk}/").status_code == 404


def test_authority_sees_jurisdiction_in_ui_but_cannot_edit(
    world: dict, make_provider, make_service
) -> None:
    bj = make_provider("北京公司", "110105", "bj_admin")
    make_service(org=bj, name="北京论坛", division_code="110105")
    ours = make_service()
    client = _client(world["users"]["cac_reviewer"])
    listing = client.get("/services/").content.decode()
    assert "测试论坛" in listing
    assert "北京论坛" not in listing
    page = client.get(f"/services/{ours.pk}/").content.decode()
    assert "测试论坛" in page
    assert f"/services/{ours.pk}/edit/" not in page
    assert client.get(f"/services/{ours.pk}/edit/").status_code == 403


def test_reader_sees_page_without_edit_links(world: dict, make_service) -> None:
    service = make_service()
    client = _client(world["users"]["provider_reader"])
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "测试论坛" in page
    assert "记录服务事件" not in page
    assert client.get("/services/new/").status_code == 403
    response = client.post(
        f"/services/{service.pk}/samples/add/", {"date": "2026-01-01", "users": 1}
    )
    assert response.status_code == 403


def test_art7_situation3_due_date_on_service_page(world: dict, make_service) -> None:
    """Samples entered through the form; the page shows situation 3 due 30 working days later."""
    service = make_service()
    client = _client(world["users"]["provider_assessor"])
    for day, users in (("2026-01-15", 1_000_000), ("2026-06-30", 2_000_000)):
        response = client.post(
            f"/services/{service.pk}/samples/add/", {"date": day, "users": users}
        )
        assert response.status_code == 302
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "第三条第（3）项" in page
    assert '<time datetime="2026-08-11">2026-08-11</time>' in page
    assert "sa-2018:art3.3" in page
    assert "用户规模显著增加" in page
    assert "marked user growth" in page  # the English reason beside the Chinese one
    assert 'class="status overdue"' in page  # as of today (after 2026-08-11)
    sample = service.samples.get(date=dt.date(2026, 6, 30))
    client.post(f"/services/{service.pk}/samples/{sample.pk}/report/", {"date": "2026-08-01"})
    sample.refresh_from_db()
    assert sample.report_submitted == dt.date(2026, 8, 1)
    assert 'class="status submitted"' in client.get(f"/services/{service.pk}/").content.decode()


def test_add_event_form_and_report(world: dict, make_service) -> None:
    service = make_service()
    client = _client(world["users"]["provider_admin"])
    page = client.get(f"/services/{service.pk}/events/add/").content.decode()
    assert '<label for="id_issuer_kind">' in page
    refused = client.post(
        f"/services/{service.pk}/events/add/", {"kind": "written_notice", "date": "2026-05-06"}
    ).content.decode()
    assert "请填写发文机关" in refused
    response = client.post(
        f"/services/{service.pk}/events/add/",
        {
            "kind": "written_notice",
            "date": "2026-05-06",
            "issuer": "深圳市公安局",
            "issuer_kind": "public_security",
            "level": "city",
            "document_number": "深公网〔2026〕9号",
        },
    )
    assert response.status_code == 302
    event = ServiceEvent.objects.get(service=service)
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "深公网〔2026〕9号" in page
    assert "第三条第（5）项" in page
    client.post(f"/services/{service.pk}/events/{event.pk}/report/", {"date": "2026-05-20"})
    event.refresh_from_db()
    assert event.report_submitted == dt.date(2026, 5, 20)


def test_add_function_form(world: dict, make_service) -> None:
    service = make_service()
    client = _client(world["users"]["provider_admin"])
    response = client.post(
        f"/services/{service.pk}/functions/add/",
        {"name": "直播", "kind": "live_streaming", "launched": "2026-05-06"},
    )
    assert response.status_code == 302
    assert "直播" in client.get(f"/services/{service.pk}/").content.decode()


def test_deadlines_page_lists_overdue_first_with_calendar(
    world: dict, make_provider, make_service
) -> None:
    longgang = make_provider("龙岗公司", "440307", "lg_admin")
    admin = longgang.memberships.get().user
    service = make_service(org=longgang, division_code="440307")
    flows.add_event(
        service,
        actor=admin,
        kind="new_technology",
        date=dt.date(2026, 3, 1),
        description="AI 推荐",
        major_change=True,
    )
    flows.add_sample(service, actor=admin, date=dt.date(2026, 1, 15), users=1_000_000)
    flows.add_sample(service, actor=admin, date=dt.date(2026, 6, 30), users=2_000_000)
    flows.add_event(
        service, actor=admin, kind="went_online", date=dt.date.today() + dt.timedelta(days=60)
    )
    page = _client(admin).get("/deadlines/", {"month": "2026-08"}).content.decode()
    listing = page.split('id="month-h"')[0].split("<tbody>")[1]
    assert listing.index("使用新技术新应用") < listing.index("服务上线")
    assert listing.count('class="status overdue"') == 2
    assert "南山社区论坛" not in page
    grid = page.split('id="month-h"')[1]
    assert "<caption>2026-08</caption>" in grid
    cell = grid.split('<time datetime="2026-08-11">')[1].split("</td>")[0]
    assert "测试论坛" in cell
    assert "用户规模显著增加" in cell
    # the Shenzhen cyberspace office sees both providers' deadlines in its city
    authority = _client(world["users"]["cac_reviewer"]).get("/deadlines/").content.decode()
    assert "测试论坛" in authority
    assert "南山社区论坛" in authority


def test_deadlines_calendar_marks_holidays(world: dict) -> None:
    page = (
        _client(world["users"]["provider_admin"])
        .get("/deadlines/", {"month": "2026-10"})
        .content.decode()
    )
    assert "国庆节" in page


def test_english_page(world: dict, make_service) -> None:
    service = make_service()
    client = _client(world["users"]["provider_admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "Functions" in page
    assert "Deadlines" in client.get("/deadlines/").content.decode()


def test_list_pages_do_not_query_per_service(
    world: dict, make_service, django_assert_max_num_queries
) -> None:
    admin = world["users"]["provider_admin"]
    for n in range(6):
        service = make_service(name=f"服务{n}")
        flows.add_event(service, actor=admin, kind="went_online", date=dt.date(2025, 1, 1))
        flows.add_sample(service, actor=admin, date=dt.date(2026, 1, 1), users=10)
    client = _client(world["users"]["firm_admin"])
    with django_assert_max_num_queries(8):
        assert "服务5" in client.get("/services/").content.decode()
    with django_assert_max_num_queries(8):
        client.get("/deadlines/")
