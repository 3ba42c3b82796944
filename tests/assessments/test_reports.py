"""Reports of assessments (sa-2018 Art. 6 ¶2): freezing, rendered files, sign-off quorum,
immutability after signing, re-assessment with carry-over and diff, the Excel round trip."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from anping.reports import labels

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORUM = "南山社区论坛"
PHONE = "+8613800138000"


def _json(client: Any, method: str, url: str, data: dict | None = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture
def ready(
    world: dict, start: Any, api_client: Any, answer_all: Any, fill_report: Any
) -> dict[str, Any]:
    """A hand-started self-assessment of the forum, every point answered, in status *ready*."""
    body = start()
    assessor = world["users"]["provider_assessor"]
    client = api_client(assessor)
    url = f"/api/assessments/{body['id']}/transitions"
    assert _json(client, "post", url, {"to": "in_progress"}).status_code == 200
    answer_all(body["id"], assessor)
    fill_report(body["id"], assessor)
    response = _json(client, "post", url, {"to": "ready"})
    assert response.status_code == 200, response.json()
    return {"id": body["id"], "client": client}


def _signed_demo() -> Any:
    from anping.assessments.demo import SIGNED_TITLE
    from anping.assessments.models import Assessment

    return Assessment.objects.get(title=SIGNED_TITLE)


def _download(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


# --- gating -------------------------------------------------------------------------------------


def test_art6_report_refused_for_incomplete_assessment(
    world: dict, start: Any, api_client: Any
) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    refused = _json(client, "post", f"/api/assessments/{body['id']}/reports")
    assert refused.status_code == 409
    details = refused.json()["details"]
    assert details["status"] == "draft"
    codes = {p["code"] for p in details["problems"]}
    assert {"point_unanswered", "subject_contact", "conclusion_missing"} <= codes
    from anping.assessments.models import Report

    assert not Report.objects.filter(assessment_id=body["id"]).exists()
    # the CLI refuses too, with the problems
    from anping.cli import app

    result = CliRunner().invoke(app, ["report", str(body["id"]), "--format", "json"])
    assert result.exit_code == 1
    assert "point_unanswered" in result.output


# --- freezing and rendered files -----------------------------------------------------------------


def test_art6_frozen_report_files_carry_the_assessment(
    world: dict, ready: dict, api_client: Any, make_provider: Any
) -> None:
    client = ready["client"]
    response = _json(client, "post", f"/api/assessments/{ready['id']}/reports")
    assert response.status_code == 201, response.json()
    report = response.json()
    assert report["number"] == 1
    assert report["current"]
    assert report["signed_at"] is None
    assert len(report["content_hash"]) == 64
    kinds = {(f["format"], f["lang"]) for f in report["files"]}
    assert kinds == {(f, lang) for f in ("docx", "pdf", "html", "json") for lang in ("zh", "en")}
    files = {(f["format"], f["lang"]): f for f in report["files"]}
    for f in report["files"]:  # each stored file is what its SHA-256 says
        assert hashlib.sha256(_download(client, f["url"])).hexdigest() == f["sha256"]
    # freezing again without a change returns the same report
    again = _json(client, "post", f"/api/assessments/{ready['id']}/reports").json()
    assert again["id"] == report["id"]

    # .docx: the service name and the eight Art. 5 headings
    import docx

    document = docx.Document(io.BytesIO(_download(client, files[("docx", "zh")]["url"])))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert FORUM in text
    for n in range(1, 9):
        assert labels.art5(n, "zh", marker=False) in text, n
    # .pdf: Chinese text comes back out
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext missing: apt-get install poppler-utils")
    pdf = _download(client, files[("pdf", "zh")]["url"])
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    compact = "".join(out.split())
    assert FORUM in compact
    assert "安全评估" in compact
    # the phone number is masked in the rendered files, kept in full in the snapshot
    html = _download(client, files[("html", "zh")]["url"]).decode()
    assert PHONE not in html
    assert "+86138****8000" in html
    from anping.assessments.models import Report

    assert Report.objects.get(pk=report["id"]).snapshot["subject"]["contact_phone"] == PHONE
    # downloads are permission-checked: another provider gets 404
    make_provider("北京公司", "110105", "bj_admin")
    from anping.orgs.models import User

    other = api_client(User.objects.get(username="bj_admin"))
    assert other.get(files[("pdf", "zh")]["url"]).status_code == 404
    file_id = files[("pdf", "zh")]["id"]
    assert other.get(f"/reports/files/{file_id}/").status_code == 404
    assert client.get(f"/reports/files/{file_id}/").status_code == 200


def test_audit_trail_never_holds_the_phone_number(world: dict, ready: dict) -> None:
    from anping.core.models import AuditEvent

    events = AuditEvent.objects.filter(action="assessment.details_updated")
    assert events.exists()
    assert all(PHONE not in str(e.data) for e in AuditEvent.objects.all())


# --- sign-off quorum ----------------------------------------------------------------------------


def test_quorum_signs_and_later_change_invalidates_approvals(
    world: dict, ready: dict, api_client: Any
) -> None:
    users = world["users"]
    admin = api_client(users["provider_admin"])
    assessor = ready["client"]
    reader = api_client(users["provider_reader"])
    firm = api_client(users["firm_assessor"])
    report = _json(assessor, "post", f"/api/assessments/{ready['id']}/reports").json()
    approve = f"/api/reports/{report['id']}/approvals"

    first = _json(admin, "post", approve)
    assert first.status_code == 201
    assert first.json()["approvals"][0]["snapshot_hash"] == report["content_hash"]
    assert first.json()["quorum_complete"] is False
    assert first.json()["more_needed"] == 1
    # outside the quorum: a reader of the provider, a member of the firm
    outside = _json(reader, "post", approve)
    assert outside.status_code == 403
    assert outside.json()["code"] == "not_in_quorum"
    assert _json(firm, "post", approve).status_code in (403, 404)
    # the same person twice
    twice = _json(admin, "post", approve)
    assert twice.status_code == 409
    assert twice.json()["details"] == {"reason": "already_approved"}

    # a later change to the assessment: back to in progress, a statement revised, ready again
    url = f"/api/assessments/{ready['id']}/transitions"
    assert _json(assessor, "post", url, {"to": "in_progress"}).status_code == 200
    point = assessor.get(f"/api/assessments/{ready['id']}/points").json()[0]
    _json(
        assessor,
        "patch",
        f"/api/assessments/{ready['id']}/points/{point['id']}",
        {"statement": "制度已于本月修订，新增值班表。"},
    )
    assert _json(assessor, "post", url, {"to": "ready"}).status_code == 200
    stale = assessor.get(f"/api/reports/{report['id']}").json()
    assert stale["current"] is False
    assert stale["current_hash"] != stale["content_hash"]
    assert [a["valid"] for a in stale["approvals"]] == [False]
    # approving the stale report is refused; a new report starts the quorum afresh
    refused = _json(assessor, "post", approve)
    assert refused.status_code == 409
    assert "变更" in refused.json()["message"]
    fresh = _json(assessor, "post", f"/api/assessments/{ready['id']}/reports").json()
    assert fresh["number"] == 2
    assert fresh["approvals"] == []
    approve = f"/api/reports/{fresh['id']}/approvals"
    # two assessors would not do: the default policy needs an admin (decision 0005)
    assert _json(assessor, "post", approve).json()["quorum_complete"] is False
    done = _json(admin, "post", approve).json()
    assert done["quorum_complete"] is True
    assert done["signed_at"] is not None
    assert {f["final"] for f in done["files"]} == {True}
    assert len(done["files"]) == 8
    body = assessor.get(f"/api/assessments/{ready['id']}").json()
    assert body["status"] == "signed"
    from anping.assessments.models import Report
    from anping.reports import load

    signed = load(json.dumps(Report.objects.get(pk=fresh["id"]).snapshot, ensure_ascii=False))
    assert len(signed.signatures) == 2
    assert signed.unsigned_by() == []
    # the signed .json file carries the signatures
    json_file = next(f for f in done["files"] if f["format"] == "json")
    assert b"signatures" in _download(assessor, json_file["url"])


def test_policy_with_named_approvers(world: dict, ready: dict, api_client: Any) -> None:
    users = world["users"]
    admin = api_client(users["provider_admin"])
    provider_id = users["provider_admin"].memberships.get().organisation_id
    url = f"/api/providers/{provider_id}/approval-policy"
    assert admin.get(url).json()["default"] is True
    # only an admin may set it
    assert _json(ready["client"], "put", url, {"min_approvers": 1}).status_code == 403
    policy = _json(
        admin,
        "put",
        url,
        {
            "min_approvers": 2,
            "approver_roles": ["admin"],
            "required_roles": ["admin"],
            "required_user_ids": [users["provider_reader"].pk],
        },
    )
    assert policy.status_code == 200, policy.json()
    assert policy.json()["required_user_ids"] == [users["provider_reader"].pk]
    report = _json(ready["client"], "post", f"/api/assessments/{ready['id']}/reports").json()
    approve = f"/api/reports/{report['id']}/approvals"
    # the assessor is no longer an approver; the named reader is
    assert _json(ready["client"], "post", approve).status_code == 403
    assert _json(admin, "post", approve).json()["quorum_complete"] is False
    done = _json(api_client(users["provider_reader"]), "post", approve, {"signer_role": "reviewer"})
    assert done.status_code == 201
    assert done.json()["quorum_complete"] is True


def test_ready_to_signed_only_through_the_quorum(ready: dict) -> None:
    url = f"/api/assessments/{ready['id']}/transitions"
    refused = _json(ready["client"], "post", url, {"to": "signed"})
    assert refused.status_code == 409


# --- immutability after signing ------------------------------------------------------------------


def test_signed_assessment_is_immutable(world: dict, api_client: Any) -> None:
    signed = _signed_demo()
    assert signed.status == "signed"
    client = api_client(world["users"]["provider_admin"])
    base = f"/api/assessments/{signed.pk}"
    point = signed.points.first()
    attempts = [
        _json(client, "patch", f"{base}/points/{point.pk}", {"statement": "改"}),
        _json(client, "post", f"{base}/transitions", {"to": "in_progress"}),
        _json(client, "patch", f"{base}/details", {"conclusion": "改"}),
        _json(client, "post", f"{base}/points/sync"),
        _json(client, "post", f"{base}/reports"),
        client.post(f"{base}/evidence", {"file": SimpleUploadedFile("a.pdf", PDF)}),
    ]
    for response in attempts:
        assert response.status_code == 409, response.json()
        assert "已签署" in response.json()["message"]
    report = signed.reports.get()
    again = _json(client, "post", f"/api/reports/{report.pk}/approvals")
    assert again.status_code == 409
    point.refresh_from_db()
    assert point.statement != "改"


# --- re-assessment and diff ----------------------------------------------------------------------


def test_clone_carries_answers_to_reconfirm_and_diff_shows_changes(
    world: dict, api_client: Any
) -> None:
    signed = _signed_demo()
    client = api_client(world["users"]["provider_assessor"])
    response = _json(client, "post", f"/api/assessments/{signed.pk}/clone", {"reason": "new_year"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["parent_id"] == signed.pk
    assert body["clone_reason"] == "new_year"
    assert body["status"] == "draft"
    points = client.get(f"/api/assessments/{body['id']}/points").json()
    assert points
    assert all(p["to_reconfirm"] for p in points)
    old = {p.cite: p for p in signed.points.all()}
    assert all(p["result"] == old[p["cite"]].result for p in points)
    assert all(p["statement"] == old[p["cite"]].statement for p in points)
    codes = [
        p["code"]
        for p in client.get(f"/api/assessments/{body['id']}/completeness").json()["problems"]
    ]
    assert "point_to_reconfirm" in codes
    assert "conclusion_missing" in codes  # the conclusion is written anew
    # re-confirm one as it is, revise another
    first, second = points[0], points[1]
    url = f"/api/assessments/{body['id']}/points"
    confirmed = _json(client, "patch", f"{url}/{first['id']}", {"confirm": True}).json()
    assert confirmed["to_reconfirm"] is False
    _json(client, "patch", f"{url}/{second['id']}", {"statement": "本年度已更新制度。"})
    diff = client.get(f"/api/assessments/{body['id']}/diff").json()
    assert diff["before_id"] == signed.pk
    rows = {r["cite"]: r for r in diff["rows"]}
    changed = rows[second["cite"]]
    assert changed["status"] == "changed"
    assert changed["before_statement"] == old[second["cite"]].statement
    assert changed["after_statement"] == "本年度已更新制度。"
    assert changed["to_reconfirm"] is False
    assert rows[first["cite"]]["status"] == "same"
    assert rows[points[2]["cite"]]["to_reconfirm"] is True
    page = client.get(f"/assessments/{body['id']}/diff/")
    assert page.status_code == 200
    assert "本年度已更新制度。" in page.content.decode()
    # the parent stays as it was
    assert signed.points.get(cite=second["cite"]).statement == old[second["cite"]].statement


def test_clone_keeps_evidence_and_flags_expired(world: dict, start: Any, api_client: Any) -> None:
    body = start()
    client = api_client(world["users"]["provider_assessor"])
    point = client.get(f"/api/assessments/{body['id']}/points").json()[0]
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    for name, until in (("old.pdf", yesterday), ("new.pdf", "2099-12-31")):
        response = client.post(
            f"/api/assessments/{body['id']}/evidence",
            {
                "file": SimpleUploadedFile(name, PDF),
                "point_id": point["id"],
                "effective_until": until,
            },
        )
        assert response.status_code == 201
    made = _json(
        client, "post", f"/api/assessments/{body['id']}/clone", {"reason": "reassessment_order"}
    ).json()
    evidence = client.get(f"/api/assessments/{made['id']}/evidence").json()
    assert len(evidence) == 2
    assert sorted(e["expired"] for e in evidence) == [False, True]
    assert all(e["revisions"][0]["sha256"] == hashlib.sha256(PDF).hexdigest() for e in evidence)
    new_point = next(
        p
        for p in client.get(f"/api/assessments/{made['id']}/points").json()
        if p["cite"] == point["cite"]
    )
    assert {e["point_id"] for e in evidence} == {new_point["id"]}
    problems = client.get(f"/api/assessments/{made['id']}/completeness").json()["problems"]
    assert "evidence_expired" in {p["code"] for p in problems}


# --- Excel round trip ----------------------------------------------------------------------------


def _sheet(content: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def _save(wb: Any) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _import(client: Any, assessment_id: int, content: bytes) -> Any:
    return client.post(
        f"/api/assessments/{assessment_id}/points.xlsx",
        {"file": SimpleUploadedFile("points.xlsx", content)},
    )


def test_excel_round_trip_bad_row_and_formula_escaping(
    world: dict, start: Any, api_client: Any
) -> None:
    from anping.assessments.models import PointResult

    body = start()
    client = api_client(world["users"]["provider_assessor"])
    points = client.get(f"/api/assessments/{body['id']}/points").json()
    dangerous = '=HYPERLINK("http://evil.example","点击")'
    _json(
        client,
        "patch",
        f"/api/assessments/{body['id']}/points/{points[0]['id']}",
        {"result": "met", "statement": dangerous, "comments": "@SUM(1+1)"},
    )
    exported = client.get(f"/api/assessments/{body['id']}/points.xlsx")
    assert exported.status_code == 200
    wb = _sheet(exported.content)
    ws = wb["评估要点"]
    row2 = list(ws[2])
    assert row2[4].value == "'" + dangerous
    assert row2[4].data_type == "s"
    assert row2[5].value == "'@SUM(1+1)"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row), (
        "no cell may be a formula"
    )
    # unchanged file: nothing to update, and the escaped text round-trips unchanged
    assert _import(client, body["id"], exported.content).json() == {"updated": []}
    assert PointResult.objects.get(pk=points[0]["id"]).statement == dangerous

    # offline work: two rows answered
    ws.cell(row=3, column=4, value="符合")
    ws.cell(row=3, column=5, value="已建立制度（离线填写）。")
    ws.cell(row=4, column=4, value="not_applicable")
    ws.cell(row=4, column=7, value="本服务无此功能。")
    good = _save(wb)
    # a bad row anywhere refuses the whole file, naming the row
    ws.cell(row=6, column=1, value=999999)
    bad = _import(client, body["id"], _save(wb))
    assert bad.status_code == 400
    assert [e["row"] for e in bad.json()["details"]["errors"]] == [6]
    assert "第 6 行" in bad.json()["message"]
    assert PointResult.objects.get(pk=points[1]["id"]).result == ""  # nothing written
    # a point id changed to another point's id no longer matches its cite
    ws.cell(row=6, column=1, value=points[6]["id"])
    changed = _import(client, body["id"], _save(wb))
    assert changed.status_code == 400
    assert changed.json()["details"]["errors"][0]["row"] == 6
    # an unknown result
    wb2 = _sheet(good)
    wb2["评估要点"].cell(row=5, column=4, value="大概符合")
    assert _import(client, body["id"], _save(wb2)).json()["details"]["errors"][0]["row"] == 5

    done = _import(client, body["id"], good)
    assert done.status_code == 200, done.json()
    updated = {p["id"]: p for p in done.json()["updated"]}
    assert updated[points[1]["id"]]["result"] == "met"
    assert updated[points[1]["id"]]["statement"] == "已建立制度（离线填写）。"
    assert updated[points[2]["id"]]["na_reason"] == "本服务无此功能。"
    from anping.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="assessment.points_imported").count() == 1


def test_excel_from_another_assessment_refused(world: dict, start: Any, api_client: Any) -> None:
    first, second = start(), start()
    client = api_client(world["users"]["provider_assessor"])
    content = client.get(f"/api/assessments/{first['id']}/points.xlsx").content
    refused = _import(client, second["id"], content)
    assert refused.status_code == 400


# --- web, CLI, demo ------------------------------------------------------------------------------


def test_web_report_page_approve_clone_and_export(
    world: dict, ready: dict, api_client: Any
) -> None:
    from anping.assessments.models import Assessment

    client = api_client(world["users"]["provider_admin"])
    page = client.get(f"/assessments/{ready['id']}/report/")
    assert page.status_code == 200
    assert "生成评估报告" in page.content.decode()
    assert client.post(f"/assessments/{ready['id']}/report/freeze/").status_code == 302
    html = client.get(f"/assessments/{ready['id']}/report/").content.decode()
    report = Assessment.objects.get(pk=ready["id"]).reports.get()
    assert report.content_hash in html
    for f in report.files.all():
        assert f.sha256 in html
    assert "审批通过" in html
    assert client.post(f"/reports/{report.pk}/approve/").status_code == 302
    reader = api_client(world["users"]["provider_reader"])
    refused = reader.post(f"/reports/{report.pk}/approve/", follow=True)
    assert "审批人范围" in refused.content.decode()
    detail = client.get(f"/assessments/{ready['id']}/").content.decode()
    assert "基于本评估开展新的评估" in detail
    assert "导出 Excel" in detail
    xlsx = client.get(f"/assessments/{ready['id']}/points.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    made = client.post(f"/assessments/{ready['id']}/clone/", {"reason": "new_trigger"})
    assert made.status_code == 302
    child = Assessment.objects.get(parent_id=ready["id"])
    assert made["Location"] == f"/assessments/{child.pk}/"
    assert "与上一次评估对比" in client.get(made["Location"]).content.decode()


@pytest.mark.render_demo_reports
def test_cli_report_writes_the_signed_file(world: dict, tmp_path: Any) -> None:
    from anping.cli import app

    signed = _signed_demo()
    stored = signed.reports.get().files.get(fmt="docx", lang="en")
    result = CliRunner().invoke(
        app,
        ["report", str(signed.pk), "--format", "docx", "--lang", "en", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    written = tmp_path / stored.name
    assert hashlib.sha256(written.read_bytes()).hexdigest() == stored.sha256
    assert stored.sha256 in result.output


def test_cli_report_freezes_a_ready_assessment(ready: dict, tmp_path: Any) -> None:
    from anping.assessments.models import Report
    from anping.cli import app

    result = CliRunner().invoke(
        app, ["report", str(ready["id"]), "--format", "json", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert Report.objects.filter(assessment_id=ready["id"]).count() == 1
    assert list(tmp_path.glob("*.json"))


@pytest.mark.render_demo_reports
def test_demo_adds_a_signed_assessment_with_its_report(world: dict, api_client: Any) -> None:
    from anping.assessments.demo import load_assessments_demo
    from anping.assessments.models import Assessment

    load_assessments_demo()
    signed = _signed_demo()
    assert Assessment.objects.filter(status="signed").count() == 1
    report = signed.reports.get()
    assert report.signed
    assert report.approvals.count() == 2
    assert report.files.filter(final=True).count() == 8
    assert report.files.filter(final=False).count() == 0
    assert signed.findings.get().status == "closed"
    assert Assessment.objects.filter(status="in_progress").count() == 1
    # the report page shows the final files and their SHA-256 to a reader of the provider
    reader = api_client(world["users"]["provider_reader"])
    html = reader.get(f"/assessments/{signed.pk}/report/").content.decode()
    for f in report.files.all():
        assert f.sha256 in html
    assert "审批通过" not in html  # nothing left to approve
    assert reader.get(f"/assessments/{signed.pk}/").status_code == 200
