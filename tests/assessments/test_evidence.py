"""Evidence uploads: size limit, type sniffed from content, storage, revisions, downloads."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def office(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


def _upload(client: Any, assessment_id: int, name: str, content: bytes, **fields: Any) -> Any:
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return client.post(f"/api/assessments/{assessment_id}/evidence", data)


@pytest.fixture
def setup(world: dict, start: Any, api_client: Any) -> tuple[dict, Any]:
    return start(), api_client(world["users"]["provider_assessor"])


def test_art5_valid_pdf_stored_with_hash_outside_web_root(setup: Any, settings: Any) -> None:
    body, client = setup
    response = _upload(client, body["id"], "../../etc/制度.pdf", PDF, title="安全管理制度")
    assert response.status_code == 201, response.json()
    evidence = response.json()
    revision = evidence["revisions"][0]
    assert revision["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert revision["content_type"] == "application/pdf"
    assert revision["original_name"] == "制度.pdf"
    from anping.assessments.models import EvidenceRevision

    stored = EvidenceRevision.objects.get(pk=revision["id"]).stored_name
    assert "制度" not in stored
    assert ".." not in stored
    path = Path(settings.MEDIA_ROOT) / stored
    assert path.read_bytes() == PDF


def test_oversized_upload_refused(setup: Any, settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 1000
    body, client = setup
    response = _upload(client, body["id"], "big.pdf", PDF + b"0" * 2000)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    from anping.assessments.models import Evidence

    assert not Evidence.objects.filter(assessment_id=body["id"]).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", EXE),  # an .exe renamed .pdf
        ("photo.pdf", PNG),  # a real PNG named .pdf
        ("report.docx", office("[Content_Types].xml", "xl/workbook.xml")),  # xlsx as docx
        ("archive.docx", office("readme.txt")),  # a zip that is no office document
        ("script.sh", b"#!/bin/sh\necho hi\n"),  # text, but not an accepted extension
    ],
)
def test_mistyped_upload_refused(setup: Any, name: str, content: bytes) -> None:
    body, client = setup
    response = _upload(client, body["id"], name, content)
    assert response.status_code == 415, response.json()
    assert response.json()["code"] == "unsupported_type"


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("shot.png", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (
            "policy.docx",
            office("[Content_Types].xml", "word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "log.xlsx",
            office("[Content_Types].xml", "xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("users.csv", "账号,时间\nu1,2026-01-01\n".encode(), "text/csv"),
        ("notes.txt", "日志留存六个月。".encode("gb18030"), "text/plain"),
    ],
)
def test_accepted_types(setup: Any, name: str, content: bytes, mime: str) -> None:
    body, client = setup
    response = _upload(client, body["id"], name, content)
    assert response.status_code == 201, response.json()
    assert response.json()["revisions"][0]["content_type"] == mime


def test_new_revision_keeps_history_and_download_is_scoped(
    setup: Any, world: dict, make_provider: Any, api_client: Any
) -> None:
    body, client = setup
    first = _upload(client, body["id"], "v1.pdf", PDF).json()
    second = _upload(client, body["id"], "v2.pdf", PDF + b"%v2\n", evidence_id=first["id"])
    assert second.status_code == 201
    revisions = second.json()["revisions"]
    assert [r["number"] for r in revisions] == [1, 2]
    assert revisions[0]["sha256"] != revisions[1]["sha256"]
    url = f"/api/evidence/{first['id']}/revisions/1/file"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    web = client.get(f"/evidence/revisions/{revisions[1]['id']}/")
    assert web.status_code == 200
    from anping.orgs.models import User

    make_provider("北京公司", "110105", "bj_admin")
    other = api_client(User.objects.get(username="bj_admin"))
    assert other.get(url).status_code == 404
    assert other.get(f"/evidence/revisions/{revisions[1]['id']}/").status_code == 404
    assert _upload(other, body["id"], "x.pdf", PDF).status_code == 404


def test_check_run_linked_as_evidence(setup: Any, world: dict, forum: Any) -> None:
    from anping.assessments import flows
    from anping.assessments.models import Assessment
    from anping.checks.result import Bilingual, CheckResult, Criterion, Status

    body, client = setup
    result = CheckResult(
        check_id="logs.retention_span",
        points=("sa-2018:art5.3",),
        parameters={"months": 6},
        criteria=(Criterion(id="span", title=Bilingual(zh="留存", en="kept"), status=Status.MET),),
        engine="python",
    )
    run = flows.record_check_run(forum, actor=world["users"]["provider_assessor"], result=result)
    assert run.summary["check_id"] == "logs.retention_span"
    response = client.post(
        f"/api/assessments/{body['id']}/evidence/check-run",
        {"check_run_id": run.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "check_run"
    assert Assessment.objects.get(pk=body["id"]).evidence.get().check_run == run


def test_evidence_request_to_colleague(setup: Any, world: dict, api_client: Any) -> None:
    body, client = setup
    colleague = world["users"]["provider_admin"]
    made = client.post(
        f"/api/assessments/{body['id']}/evidence-requests",
        {
            "requested_from_id": colleague.pk,
            "description": "请提供日志留存配置截图",
            "due_date": "2027-01-10",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    closed = api_client(colleague).post(
        f"/api/evidence-requests/{made.json()['id']}/close", {}, content_type="application/json"
    )
    assert closed.json()["status"] == "fulfilled"
    listed = client.get(f"/api/assessments/{body['id']}/evidence-requests").json()
    assert [r["status"] for r in listed] == ["fulfilled"]
