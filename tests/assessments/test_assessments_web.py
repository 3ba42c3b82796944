"""Assessment web pages, the `anping assessment` CLI and the demo."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_dashboard_lists_by_status_and_offers_required_items(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    page = api_client(world["users"]["provider_assessor"]).get("/assessments/")
    assert page.status_code == 200
    html = page.content.decode()
    assert body["title"] in html
    assert "开始评估" in html


def test_web_start_from_required_item(world: dict, forum: Any, api_client: Any) -> None:
    import datetime as dt

    from anping.assessments.models import Assessment
    from anping.services.due import required_assessments

    item = next(i for i in required_assessments(forum, dt.date.today()) if i.submitted is None)
    client = api_client(world["users"]["provider_assessor"])
    response = client.post(
        "/assessments/start/",
        {
            "service": forum.pk,
            "situation": item.situation,
            "event_date": item.event_date.isoformat(),
        },
    )
    assessment = Assessment.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.situation == item.situation
    assert assessment.due_date == item.deadline_date


def test_assessment_page_shows_progress_points_and_checklist(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    page = client.get(f"/assessments/{body['id']}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "<script" not in html.split("<main", 1)[1]
    assert "sa-2018:art5.8" in html
    assert "尚未评估" in html  # the completeness checklist
    filtered = client.get(f"/assessments/{body['id']}/", {"article": "sa-2018:art5.3"})
    html = filtered.content.decode()
    assert "<code>sa-2018:art5.3</code>" in html
    assert "<code>sa-2018:art5.8</code>" not in html


def test_art6_point_form_saves_and_raises_finding(world: dict, start: Any, api_client: Any) -> None:
    from anping.assessments.models import Finding, PointResult

    body = start()
    client = api_client(world["users"]["provider_assessor"])
    point = PointResult.objects.get(assessment_id=body["id"], cite="sa-2018:art5.6")
    url = f"/assessments/{body['id']}/points/{point.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"result": "not_met", "statement": "未建立举报制度。", "severity": "low"}
    )
    assert response.status_code == 302
    finding = Finding.objects.get(point=point)
    assert finding.severity == "low"
    assert finding.status == "open"
    page = client.get(f"/assessments/{body['id']}/").content.decode()
    assert f'id="finding-{finding.pk}"' in page


def test_web_upload_and_refusal_message(world: dict, start: Any, api_client: Any) -> None:
    from anping.assessments.models import Evidence

    body = start()
    client = api_client(world["users"]["provider_assessor"])
    url = f"/assessments/{body['id']}/evidence/"
    ok = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "title": "制度"})
    assert ok.status_code == 302
    assert Evidence.objects.filter(title="制度").exists()
    bad = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"MZ\x00\x01")}, follow=True)
    assert "不支持该文件类型" in bad.content.decode()
    assert Evidence.objects.filter(assessment_id=body["id"]).count() == 1


def test_other_provider_gets_404_on_pages(
    world: dict, start: Any, make_provider: Any, api_client: Any
) -> None:
    from anping.orgs.models import User

    body = start()
    make_provider("北京公司", "110105", "bj_admin")
    other = api_client(User.objects.get(username="bj_admin"))
    assert other.get(f"/assessments/{body['id']}/").status_code == 404
    assert (
        other.post(f"/assessments/{body['id']}/transition/", {"to": "in_progress"}).status_code
        == 404
    )
    assert body["title"] not in other.get("/assessments/").content.decode()


def test_cli_list_and_check_exit_codes(
    world: dict, start: Any, api_client: Any, answer_all: Any, fill_report: Any
) -> None:
    import json

    from anping.cli import app

    body = start()
    runner = CliRunner()
    listed = runner.invoke(app, ["assessment", "list", "--json"])
    assert listed.exit_code == 0
    mine = next(a for a in json.loads(listed.stdout) if a["id"] == body["id"])
    assert mine | {"title": ""} == {
        "id": body["id"],
        "service": "南山社区论坛",
        "status": "draft",
        "title": "",
    }
    incomplete = runner.invoke(app, ["assessment", "check", str(body["id"])])
    assert incomplete.exit_code == 1
    assert "point_unanswered" in incomplete.stdout
    unknown = runner.invoke(app, ["assessment", "check", "999999"])
    assert unknown.exit_code == 1
    answer_all(body["id"], world["users"]["provider_assessor"])
    fill_report(body["id"], world["users"]["provider_assessor"])
    complete = runner.invoke(app, ["assessment", "check", str(body["id"])])
    assert complete.exit_code == 0, complete.stdout


def test_demo_adds_one_assessment_in_progress_with_open_findings(world: dict) -> None:
    from anping.assessments.demo import load_assessments_demo
    from anping.assessments.models import Assessment

    first = load_assessments_demo()
    second = load_assessments_demo()
    assert first is not None
    assert first == second
    assert Assessment.objects.count() == 2  # and the signed one (test_reports.py)
    assert first.status == "in_progress"
    assert first.assessor.kind == "firm"
    assert first.findings.filter(status="open").count() == 2


def test_demo_assessment_page_renders_for_firm_in_both_languages(
    world: dict, api_client: Any
) -> None:
    from anping.assessments.demo import load_assessments_demo

    assessment = load_assessments_demo()
    client = api_client(world["users"]["firm_assessor"])
    page = client.get(f"/assessments/{assessment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "记录整改完成" in html  # the planned rectification's form
    assert "记录整改措施" in html  # the other finding still needs a plan
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Findings and rectification" in english
    point = assessment.points.first()
    assert client.get(f"/assessments/{assessment.pk}/points/{point.pk}/").status_code == 200
