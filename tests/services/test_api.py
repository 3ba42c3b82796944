"""The services and law API: scoping (404 outside), the error shape, due dates, no N+1."""

from __future__ import annotations

import datetime as dt

import pytest

from anping.law import workdays
from anping.orgs import flows as org_flows
from anping.orgs.models import Engagement
from anping.services import flows

from .conftest import service_fields

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "details"}


def _post(client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_create_list_get_update(world: dict, api_client) -> None:
    client = api_client(world["users"]["provider_admin"])
    created = _post(client, "/api/services", service_fields(app_identifiers=["cn.example.bbs"]))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["filing_unit"] == {"code": "440300", "name": "深圳市"}
    assert body["id"] in {s["id"] for s in client.get("/api/services").json()}
    assert client.get(f"/api/services/{body['id']}").json()["name"] == "测试论坛"
    patched = client.patch(
        f"/api/services/{body['id']}", {"icp_number": "粤ICP备1号"}, content_type="application/json"
    )
    assert patched.json()["icp_number"] == "粤ICP备1号"
    assert patched.json()["kinds"] == ["forum"]


def test_invalid_service_gets_error_shape_with_field(world: dict, api_client) -> None:
    client = api_client(world["users"]["provider_admin"])
    response = _post(client, "/api/services", service_fields(division_code="999999"))
    assert response.status_code == 400
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["details"]["field"] == "division_code"


def test_reader_gets_403(world: dict, api_client) -> None:
    response = _post(
        api_client(world["users"]["provider_reader"]), "/api/services", service_fields()
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_provider_cannot_list_or_fetch_other_providers_services(
    world: dict, make_provider, make_service, api_client
) -> None:
    other = make_provider("北京公司", "110105", "bj_admin")
    theirs = make_service(org=other, name="北京论坛", division_code="110105")
    client = api_client(world["users"]["provider_admin"])
    assert theirs.pk not in {s["id"] for s in client.get("/api/services").json()}
    for url in ("", "/due", "/events", "/samples", "/functions"):
        response = client.get(f"/api/services/{theirs.pk}{url}")
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    response = _post(
        client, f"/api/services/{theirs.pk}/samples", {"date": "2026-01-01", "users": 1}
    )
    assert response.status_code == 404
    assert all(d["service_id"] != theirs.pk for d in client.get("/api/deadlines").json())


def test_authority_sees_services_in_its_jurisdiction_only(
    world: dict, make_provider, make_service, api_client
) -> None:
    ours = make_service()
    bj = make_provider("北京公司", "110105", "bj_admin")
    theirs = make_service(org=bj, name="北京论坛", division_code="110105")
    for username in ("cac_reviewer", "psb_inspector", "gd_reviewer"):
        client = api_client(world["users"][username])
        ids = {s["id"] for s in client.get("/api/services").json()}
        assert ours.pk in ids, username
        assert theirs.pk not in ids, username
        assert client.get(f"/api/services/{theirs.pk}").status_code == 404
        assert client.get(f"/api/services/{ours.pk}/due").status_code == 200
    # and none of them may change it
    client = api_client(world["users"]["cac_reviewer"])
    response = client.patch(
        f"/api/services/{ours.pk}", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_firm_sees_engaged_clients_services_while_engaged(
    world: dict, make_service, api_client
) -> None:
    service = make_service()
    client = api_client(world["users"]["firm_assessor"])
    assert service.pk in {s["id"] for s in client.get("/api/services").json()}
    engagement = Engagement.objects.get()
    org_flows.end_engagement(engagement, actor=world["users"]["provider_admin"])
    client = api_client(world["users"]["firm_assessor"])
    assert client.get(f"/api/services/{service.pk}").status_code == 404


def test_add_and_list_functions_events_samples(world: dict, make_service, api_client) -> None:
    service = make_service()
    client = api_client(world["users"]["provider_assessor"])
    base = f"/api/services/{service.pk}"
    assert _post(client, f"{base}/functions", {"name": "评论", "kind": "forum"}).status_code == 201
    event = _post(client, f"{base}/events", {"kind": "went_online", "date": "2024-03-01"})
    assert event.status_code == 201
    assert _post(client, f"{base}/samples", {"date": "2026-01-01", "users": 5}).status_code == 201
    assert [f["name"] for f in client.get(f"{base}/functions").json()] == ["评论"]
    assert [e["kind"] for e in client.get(f"{base}/events").json()] == ["went_online"]
    assert [s["users"] for s in client.get(f"{base}/samples").json()] == [5]
    reported = _post(client, f"{base}/events/{event.json()['id']}/report", {"date": "2024-02-20"})
    assert reported.json()["report_submitted"] == "2024-02-20"
    bad = _post(client, f"{base}/events", {"kind": "user_scale", "date": "2026-01-01"})
    assert bad.status_code == 400
    assert bad.json()["details"]["field"] == "kind"


def test_art7_situation3_user_growth_due_30_working_days_later(
    world: dict, make_service, api_client
) -> None:
    """Marked growth on 2026-06-30 (1,000,000 → 2,000,000): report due 30 working days later."""
    service = make_service()
    client = api_client(world["users"]["provider_admin"])
    base = f"/api/services/{service.pk}"
    _post(client, f"{base}/samples", {"date": "2026-01-15", "users": 1_000_000})
    _post(client, f"{base}/samples", {"date": "2026-06-30", "users": 2_000_000})
    items = client.get(f"{base}/due", {"today": "2026-07-01"}).json()
    growth = next(i for i in items if i["event"] == "user_scale")
    assert growth["situation"] == 3
    assert growth["due"] == "2026-08-11"  # July has 23 working days, then 7 in August
    assert growth["due"] == workdays.add_working_days(dt.date(2026, 6, 30), 30).isoformat()
    assert growth["articles"] == ["sa-2018:art3.3", "sa-2018:art7"]
    assert growth["overdue"] is False
    assert growth["provisional"] is False
    assert "用户规模显著增加" in growth["reason"]["zh"]
    assert "marked user growth" in growth["reason"]["en"]
    late = client.get(f"{base}/due", {"today": "2026-08-12"}).json()
    assert next(i for i in late if i["event"] == "user_scale")["status"] == "overdue"


def test_deadlines_overdue_first_and_by_organisation(world: dict, make_service, api_client) -> None:
    admin = world["users"]["provider_admin"]
    service = make_service()
    flows.add_event(
        service,
        actor=admin,
        kind="new_technology",
        date=dt.date(2026, 3, 1),
        description="AI 推荐",
        major_change=True,
    )
    flows.add_event(
        service,
        actor=admin,
        kind="written_notice",
        date=dt.date(2026, 5, 6),
        issuer="深圳市公安局",
        issuer_kind="public_security",
        level="city",
    )
    client = api_client(admin)
    rows = [
        r
        for r in client.get("/api/deadlines", {"today": "2026-05-07"}).json()
        if r["service_id"] == service.pk
    ]
    assert [r["status"] for r in rows] == ["overdue", "pending"]
    assert rows[0]["service"] == "测试论坛"
    cac = world["orgs"]["Shenzhen Cyberspace Administration"]
    reviewer = api_client(world["users"]["cac_reviewer"])
    scoped = reviewer.get("/api/deadlines", {"organisation_id": cac.pk, "today": "2026-05-07"})
    assert len([r for r in scoped.json() if r["service_id"] == service.pk]) == 2
    assert (
        reviewer.get("/api/deadlines", {"organisation_id": service.provider_id}).status_code == 404
    )


def test_lists_do_not_query_per_service(
    world: dict, make_service, api_client, django_assert_max_num_queries
) -> None:
    admin = world["users"]["provider_admin"]
    for n in range(6):
        service = make_service(name=f"服务{n}")
        flows.add_event(service, actor=admin, kind="went_online", date=dt.date(2025, 1, 1))
        flows.add_function(service, actor=admin, name="评论", kind="forum")
        flows.add_sample(service, actor=admin, date=dt.date(2026, 1, 1), users=10)
    client = api_client(world["users"]["cac_reviewer"])
    with django_assert_max_num_queries(5):
        assert len(client.get("/api/services").json()) >= 6
    with django_assert_max_num_queries(7):
        assert len(client.get("/api/deadlines", {"include_submitted": "true"}).json()) >= 6


# --- the law engine, stateless -----------------------------------------------------------------


@pytest.fixture
def law(world: dict, api_client):
    return api_client(world["users"]["provider_reader"])


def test_law_due_from_profile(law) -> None:
    profile = {
        "name": "江城社区论坛",
        "kinds": ["forum"],
        "events": {"harmful_information_incident": [{"date": "2025-09-29", "description": "谣言"}]},
    }
    response = law.post("/api/law/due?today=2025-12-01", profile, content_type="application/json")
    assert response.status_code == 200, response.json()
    (item,) = response.json()
    assert item["situation"] == 4
    assert item["due"] == workdays.add_working_days(dt.date(2025, 9, 29), 30).isoformat()
    assert item["overdue"] is True


def test_law_due_refuses_unknown_kind(law) -> None:
    response = law.post(
        "/api/law/due", {"name": "x", "kinds": ["newspaper"]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert set(response.json()) == ERROR_KEYS


def test_law_workdays_add_and_provisional(law) -> None:
    body = law.get("/api/law/workdays/add", {"start": "2026-09-30", "n": 1}).json()
    assert body["date"] == "2026-10-08"  # National Day 1-7 October
    assert body["basis"][0]["number"] == "国办发明电〔2025〕7号"
    refused = law.get("/api/law/workdays/add", {"start": "2031-03-02", "n": 5})
    assert refused.status_code == 422
    assert refused.json()["code"] == "no_holiday_notice"
    assert refused.json()["details"] == {"year": 2031}
    provisional = law.get(
        "/api/law/workdays/add", {"start": "2031-03-03", "n": 5, "provisional": "true"}
    ).json()
    assert provisional["provisional"] is True
    assert provisional["date"] == "2031-03-10"


def test_law_workdays_between_and_check(law) -> None:
    between = law.get("/api/law/workdays/between", {"a": "2026-09-30", "b": "2026-10-12"}).json()
    assert between["working_days"] == 4  # 8, 9, 10 (an adjusted Saturday) and 12 October
    day = law.get("/api/law/workdays/check", {"date": "2026-10-10"}).json()
    assert day["working"] is True
    assert day["reason"] == "adjusted_working_day"
    assert law.get("/api/law/workdays/check", {"date": "2040-01-02"}).status_code == 422


def test_law_divisions_route_and_search(law) -> None:
    route = law.get("/api/law/divisions/route/440305").json()
    assert route["filing_unit"] == {"code": "440300", "name": "深圳市", "level": "prefecture"}
    assert [d["code"] for d in route["superiors"]] == ["440000", "000000"]
    assert law.get("/api/law/divisions/route/512081").json()["code"] == "unknown_division"
    assert law.get("/api/law/divisions/route/44").status_code == 400
    found = law.get("/api/law/divisions/search", {"q": "南山"}).json()
    assert "440305" in {d["code"] for d in found}


def test_law_identifier_check_masks_value(law) -> None:
    value = "91350100M000100Y43"
    response = law.post(
        "/api/law/identifiers/check",
        {"value": value, "kind": "credit_code"},
        content_type="application/json",
    ).json()
    assert response["masked"].startswith("9135")
    assert "*" in response["masked"]
    assert value not in str(response)
    phone = law.post(
        "/api/law/identifiers/check", {"value": "13800138000"}, content_type="application/json"
    ).json()
    assert phone["kind"] == "mobile"
    assert phone["valid"] is True
    assert phone["masked"] == "+86138****8000"


def test_law_endpoints_need_login(client) -> None:
    assert client.get("/api/law/workdays/check", {"date": "2026-10-10"}).status_code == 401
