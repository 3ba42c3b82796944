"""The assessments API: starting, points, transitions, findings, rectification, scoping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from anping.orgs import flows as org_flows
from anping.orgs.models import Engagement

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "details"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _json(client: Any, method: str, url: str, data: dict | None = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _points(client: Any, assessment_id: int, **params: Any) -> list[dict]:
    return client.get(f"/api/assessments/{assessment_id}/points", params).json()


def _point(client: Any, assessment_id: int, cite: str) -> dict:
    return next(p for p in _points(client, assessment_id) if p["cite"] == cite)


def test_art3_start_from_required_item_copies_situation_and_due_date(
    world: dict, forum: Any, start: Any
) -> None:
    from anping.services.due import required_assessments

    item = next(
        i
        for i in required_assessments(forum, dt.date.today())
        if i.regime == "sa-2018" and i.submitted is None
    )
    body = start(situation=item.situation, event_date=item.event_date.isoformat())
    assert body["situation"] == item.situation
    assert body["event"] == item.event
    assert body["event_date"] == item.event_date.isoformat()
    assert body["due_date"] == item.deadline_date.isoformat()
    assert body["status"] == "draft"
    assert body["assessor"] == "深圳南山示例网络科技有限公司"


def test_art5_applicable_points_follow_kinds_and_features(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    cites = {p["cite"] for p in _points(client, body["id"])}
    # Art. 5 always, with its eight focus items
    assert {f"sa-2018:art5.{n}" for n in range(1, 9)} <= cites
    # the forum has an app: app-pi-2019 applies; comments exist: pa-2017 Art. 12 applies
    assert "app" in body["features"]
    assert "comments" in body["features"]
    assert any(c.startswith("app-pi-2019:") for c in cites)
    assert "pa-2017:art12.assessment" in cites
    # not a public-account platform: no public-account points
    assert "pa-2017:art5.responsibility" not in cites
    # drafts are not binding
    assert not any(c.startswith("mps-insp-2018d:") for c in cites)
    assert body["results"] == {"pending": len(cites)}


def test_art3_start_with_unknown_situation_refused(world: dict, forum: Any, api_client) -> None:
    client = api_client(world["users"]["provider_assessor"])
    response = _json(client, "post", "/api/assessments", {"service_id": forum.pk, "situation": 5})
    assert response.status_code == 400
    assert set(response.json()) == ERROR_KEYS


def test_art8_illegal_transition_is_409(world: dict, start: Any, api_client: Any) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    url = f"/api/assessments/{body['id']}/transitions"
    response = _json(client, "post", url, {"to": "ready"})
    assert response.status_code == 409
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["details"]["allowed"] == ["in_progress"]
    assert _json(client, "post", url, {"to": "nonsense"}).status_code == 409
    assert _json(client, "post", url, {"to": "in_progress"}).json()["status"] == "in_progress"
    assert _json(client, "post", url, {"to": "draft"}).status_code == 409


def test_art4_firm_acts_for_engaged_client_and_not_after_it_ends(
    world: dict, start: Any, api_client: Any
) -> None:
    firm = world["orgs"]["Example Cybersecurity Assessment Co., Ltd."]
    body = start("firm_assessor", assessor_id=firm.pk)
    assert body["assessor_id"] == firm.pk
    client = api_client(world["users"]["firm_assessor"])
    point = _points(client, body["id"])[0]
    url = f"/api/assessments/{body['id']}/points/{point['id']}"
    response = _json(client, "patch", url, {"result": "met", "statement": "已核实。"})
    assert response.status_code == 200, response.json()
    assert response.json()["result"] == "met"

    engagement = Engagement.objects.get(firm=firm, ended_on__isnull=True)
    org_flows.end_engagement(engagement, actor=world["users"]["provider_admin"])
    client = api_client(world["users"]["firm_assessor"])
    assert client.get(f"/api/assessments/{body['id']}").status_code == 404
    assert client.get("/api/assessments").json() == []
    assert _json(client, "patch", url, {"result": "not_met"}).status_code == 404
    # and a firm without an engagement cannot start one for the provider
    response = _json(
        client,
        "post",
        "/api/assessments",
        {"service_id": body["service_id"], "assessor_id": firm.pk},
    )
    assert response.status_code == 404


def test_art4_provider_cannot_name_unengaged_firm_as_assessor(
    world: dict, forum: Any, api_client: Any
) -> None:
    firm = world["orgs"]["Example Cybersecurity Assessment Co., Ltd."]
    Engagement.objects.filter(firm=firm).update(ended_on=dt.date.today())
    client = api_client(world["users"]["provider_admin"])
    response = _json(
        client, "post", "/api/assessments", {"service_id": forum.pk, "assessor_id": firm.pk}
    )
    assert response.status_code == 400


def test_other_provider_cannot_see_or_change(
    world: dict, start: Any, make_provider: Any, api_client: Any
) -> None:
    from anping.orgs.models import User

    body = start()
    make_provider("北京公司", "110105", "bj_admin")
    other = api_client(User.objects.get(username="bj_admin"))
    assert other.get("/api/assessments").json() == []
    assert other.get(f"/api/assessments/{body['id']}").status_code == 404
    assert other.get(f"/api/assessments/{body['id']}/completeness").status_code == 404
    point = _points(api_client(world["users"]["provider_assessor"]), body["id"])[0]
    response = _json(
        other, "patch", f"/api/assessments/{body['id']}/points/{point['id']}", {"result": "met"}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    transition = _json(
        other, "post", f"/api/assessments/{body['id']}/transitions", {"to": "in_progress"}
    )
    assert transition.status_code == 404
    # nor start one for a service that is not theirs
    response = _json(other, "post", "/api/assessments", {"service_id": body["service_id"]})
    assert response.status_code == 404


def test_authority_does_not_see_unfiled_assessments(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["cac_reviewer"])
    assert client.get(f"/api/assessments/{body['id']}").status_code == 404


def test_reader_may_read_but_not_change(world: dict, start: Any, api_client: Any) -> None:
    body = start()
    reader = api_client(world["users"]["provider_reader"])
    assert reader.get(f"/api/assessments/{body['id']}").status_code == 200
    response = _json(
        reader, "post", f"/api/assessments/{body['id']}/transitions", {"to": "in_progress"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_art6_finding_created_from_not_met(world: dict, start: Any, api_client: Any) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    point = _point(client, body["id"], "sa-2018:art5.6")
    url = f"/api/assessments/{body['id']}/points/{point['id']}"
    saved = _json(client, "patch", url, {"result": "not_met", "statement": "未公布举报方式。"})
    assert saved.status_code == 200
    assert saved.json()["open_finding_id"] is not None
    findings = client.get(f"/api/assessments/{body['id']}/findings").json()
    assert [(f["cite"], f["severity"], f["status"]) for f in findings] == [
        ("sa-2018:art5.6", "high", "open")
    ]
    assert findings[0]["description"] == "未公布举报方式。"
    # saving again keeps one finding; partly met lowers its severity
    _json(client, "patch", url, {"result": "partly_met"})
    findings = client.get(f"/api/assessments/{body['id']}/findings").json()
    assert [(f["severity"], f["status"]) for f in findings] == [("medium", "open")]
    # met and not-applicable results yield no finding
    other = _point(client, body["id"], "sa-2018:art5.1")
    _json(
        client,
        "patch",
        f"/api/assessments/{body['id']}/points/{other['id']}",
        {"result": "met", "statement": "已任命。"},
    )
    assert len(client.get(f"/api/assessments/{body['id']}/findings").json()) == 1


def test_point_filters_by_result_assignee_and_article(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    point = _point(client, body["id"], "sa-2018:art5.2")
    firm_user = world["users"]["provider_admin"]
    url = f"/api/assessments/{body['id']}/points/{point['id']}"
    assert _json(client, "patch", url, {"assignee_id": firm_user.pk}).status_code == 200
    _json(client, "patch", url, {"result": "met", "statement": "已核验。"})
    assert [p["cite"] for p in _points(client, body["id"], result="met")] == ["sa-2018:art5.2"]
    assert [p["cite"] for p in _points(client, body["id"], assignee_id=firm_user.pk)] == [
        "sa-2018:art5.2"
    ]
    art5 = _points(client, body["id"], article="sa-2018:art5")
    assert art5
    assert all(p["cite"].startswith("sa-2018:art5") for p in art5)
    # an outsider cannot be assigned
    from anping.orgs.models import User

    stranger = User.objects.create_user(username="stranger", password="x-Str0ng-pass")
    assert _json(client, "patch", url, {"assignee_id": stranger.pk}).status_code == 400


def _upload(client: Any, assessment_id: int, name: str, content: bytes, **fields: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile(name, content), **fields}
    return client.post(f"/api/assessments/{assessment_id}/evidence", data)


def _open_finding(world: dict, body: dict, client: Any) -> dict:
    point = _point(client, body["id"], "sa-2018:art5.6")
    _json(
        client,
        "patch",
        f"/api/assessments/{body['id']}/points/{point['id']}",
        {"result": "not_met", "statement": "举报处理超期。"},
    )
    return client.get(f"/api/assessments/{body['id']}/findings").json()[0]


def _plan(world: dict, client: Any, finding: dict) -> dict:
    owner = world["users"]["provider_assessor"]
    response = _json(
        client,
        "post",
        f"/api/findings/{finding['id']}/rectification",
        {"action": "建立举报处理时限制度。", "owner_id": owner.pk, "due_date": "2027-01-31"},
    )
    assert response.status_code == 201, response.json()
    return response.json()["rectification"]


def test_art6_rectification_needs_evidence_and_a_second_person(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    finding = _open_finding(world, body, client)
    rect = _plan(world, client, finding)
    done_url = f"/api/rectifications/{rect['id']}/done"
    # done needs evidence that it was done
    assert _json(client, "post", done_url, {"note": "已完成"}).status_code == 409
    uploaded = _upload(client, body["id"], "制度.pdf", PDF, rectification_id=rect["id"])
    assert uploaded.status_code == 201, uploaded.json()
    assert _json(client, "post", done_url, {"note": "已完成"}).status_code == 200
    verify_url = f"/api/rectifications/{rect['id']}/verify"
    refused = _json(client, "post", verify_url, {"accept": True})
    assert refused.status_code == 409
    assert refused.json()["details"] == {"reason": "same_person"}
    admin = api_client(world["users"]["provider_admin"])
    verified = _json(admin, "post", verify_url, {"accept": True, "note": "抽查通过。"})
    assert verified.status_code == 200
    assert verified.json()["status"] == "closed"
    assert verified.json()["rectification"]["status"] == "verified"
    assert _json(admin, "post", verify_url, {"accept": True}).status_code == 409


def test_art6_rejected_verification_sends_rectification_back(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    rect = _plan(world, client, _open_finding(world, body, client))
    _upload(client, body["id"], "a.pdf", PDF, rectification_id=rect["id"])
    _json(client, "post", f"/api/rectifications/{rect['id']}/done", {})
    admin = api_client(world["users"]["provider_admin"])
    back = _json(admin, "post", f"/api/rectifications/{rect['id']}/verify", {"accept": False})
    assert back.json()["status"] == "open"
    assert back.json()["rectification"]["status"] == "planned"


def test_art6_finding_blocks_ready(
    world: dict, start: Any, api_client: Any, answer_all: Any, fill_report: Any
) -> None:
    body = start()
    assessor = world["users"]["provider_assessor"]
    fill_report(body["id"], assessor)
    client = api_client(assessor)
    url = f"/api/assessments/{body['id']}/transitions"
    _json(client, "post", url, {"to": "in_progress"})
    finding = _open_finding(world, body, client)
    answer_all(body["id"], assessor)
    refused = _json(client, "post", url, {"to": "ready"})
    assert refused.status_code == 409
    assert refused.json()["details"] == {"open_findings": 1}
    assert _json(client, "post", url, {"to": "rectifying"}).json()["status"] == "rectifying"
    rect = _plan(world, client, finding)
    _upload(client, body["id"], "done.pdf", PDF, rectification_id=rect["id"])
    _json(client, "post", f"/api/rectifications/{rect['id']}/done", {})
    admin = api_client(world["users"]["provider_admin"])
    _json(admin, "post", f"/api/rectifications/{rect['id']}/verify", {"accept": True})
    # the point was re-assessed after rectification
    point = _point(client, body["id"], "sa-2018:art5.6")
    _json(
        client,
        "patch",
        f"/api/assessments/{body['id']}/points/{point['id']}",
        {"result": "met", "statement": "整改后已建立制度并按时处理。"},
    )
    assert client.get(f"/api/assessments/{body['id']}/completeness").json() == {
        "complete": True,
        "problems": [],
    }
    ready = _json(client, "post", url, {"to": "ready"})
    assert ready.status_code == 200, ready.json()
    assert ready.json()["status"] == "ready"
    # a ready assessment is frozen until reopened
    response = _json(
        client,
        "patch",
        f"/api/assessments/{body['id']}/points/{point['id']}",
        {"statement": "改动"},
    )
    assert response.status_code == 409
    assert _json(client, "post", url, {"to": "in_progress"}).status_code == 200


def test_art6_withdraw_needs_revised_result_and_reason(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    finding = _open_finding(world, body, client)
    url = f"/api/findings/{finding['id']}/withdraw"
    assert _json(client, "post", url, {"reason": "误判"}).status_code == 409
    point = _point(client, body["id"], "sa-2018:art5.6")
    _json(
        client,
        "patch",
        f"/api/assessments/{body['id']}/points/{point['id']}",
        {"result": "met", "statement": "复核后符合。"},
    )
    assert _json(client, "post", url, {"reason": " "}).status_code == 400
    assert _json(client, "post", url, {"reason": "复核后符合"}).json()["status"] == "withdrawn"


def test_art8_completeness_lists_problems(
    world: dict, start: Any, api_client: Any, forum: Any
) -> None:
    from anping.services import flows as service_flows

    body = start()
    client = api_client(world["users"]["provider_assessor"])
    points = _points(client, body["id"])
    by_cite = {p["cite"]: p for p in points}
    base = f"/api/assessments/{body['id']}/points"
    _json(client, "patch", f"{base}/{by_cite['sa-2018:art5.1']['id']}", {"result": "met"})
    _json(
        client,
        "patch",
        f"{base}/{by_cite['sa-2018:art5.2']['id']}",
        {"result": "not_applicable"},
    )
    admin = world["users"]["provider_admin"]
    service_flows.update_service(forum, actor=admin, icp_number="", hardware_facilities="")
    service_flows.add_function(
        forum, actor=admin, name="公众号", kind="public_account", description="机构公众账号"
    )
    report = client.get(f"/api/assessments/{body['id']}/completeness").json()
    assert report["complete"] is False
    codes = {p["code"] for p in report["problems"]}
    assert {
        "point_unanswered",
        "statement_missing",
        "na_without_reason",
        "service_facilities",
        "service_licences",
        "finding_open",
    } - codes == {"finding_open"}
    assert "point_missing" in codes  # the public-account function brings new points
    for problem in report["problems"]:
        assert problem["message_zh"]
        assert problem["message_en"]
        assert problem["target"].startswith("/")
    missing = [p for p in report["problems"] if p["code"] == "statement_missing"]
    assert (
        missing[0]["target"]
        == f"/assessments/{body['id']}/points/{by_cite['sa-2018:art5.1']['id']}/"
    )
    # the missing points can be added
    added = client.post(f"/api/assessments/{body['id']}/points/sync")
    assert added.status_code == 200
    assert added.json()
    report = client.get(f"/api/assessments/{body['id']}/completeness").json()
    assert "point_missing" not in {p["code"] for p in report["problems"]}


def test_art8_completeness_flags_open_finding_and_expired_evidence(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    _open_finding(world, body, client)
    uploaded = _upload(
        client,
        body["id"],
        "old.pdf",
        PDF,
        effective_from="2020-01-01",
        effective_until="2021-01-01",
    )
    assert uploaded.json()["expired"] is True
    codes = [
        p["code"]
        for p in client.get(f"/api/assessments/{body['id']}/completeness").json()["problems"]
    ]
    assert "finding_open" in codes
    assert "evidence_expired" in codes


def test_audit_records_assessment_changes(world: dict, start: Any, api_client: Any) -> None:
    from anping.core.audit import verify
    from anping.core.models import AuditEvent

    body = start()
    client = api_client(world["users"]["provider_assessor"])
    _open_finding(world, body, client)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assessment.started",
        "assessment.point_updated",
        "assessment.finding_created",
    } <= actions
    assert verify().ok


def test_list_shows_id_service_status(world: dict, start: Any, api_client: Any) -> None:
    body = start()
    listed = api_client(world["users"]["provider_admin"]).get("/api/assessments").json()
    listed = [a for a in listed if a["id"] == body["id"]]  # the demo has assessments too
    assert listed == [
        {
            "id": body["id"],
            "service_id": body["service_id"],
            "service": "南山社区论坛",
            "status": "draft",
            "title": body["title"],
        }
    ]
