"""Import from CSV (UTF-8, GBK) and .xlsx: every row checked, errors by row, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from anping.core.models import AuditEvent
from anping.services import imports
from anping.services.models import InformationService, ServiceEvent, UserScaleSample

from .conftest import registered

pytestmark = pytest.mark.django_db

SERVICES_CSV = (
    "服务名称,服务类型,行政区划代码,网站地址,应用标识,上线日期,上线评估报告提交日期,互联网新闻信息服务\n"
    "南山论坛,论坛,440305,https://bbs.example.cn,,2024-03-01,2024-02-20,否\n"
    "南山直播,网络直播;短视频,440305,,cn.example.live,2025/6/1,,是\n"
)


def _upload(text: str | bytes, name: str = "services.csv", encoding: str = "utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return SimpleUploadedFile(name, data)


def _import(client: Client, upload, what: str = "services"):
    return client.post("/api/services/import", {"what": what, "file": upload})


def _client(world: dict, username: str = "provider_admin") -> Client:
    client = Client()
    client.force_login(world["users"][username])
    return client


def test_utf8_csv_with_chinese_headers(world: dict) -> None:
    response = _import(_client(world), _upload(SERVICES_CSV))
    assert response.status_code == 201, response.json()
    assert response.json() == {"what": "services", "created": 2}
    live = InformationService.objects.get(name="南山直播")
    assert live.kinds == ["short_video", "live_streaming"]
    assert live.news_service is True
    online = ServiceEvent.objects.get(service__name="南山论坛")
    assert (online.date, online.report_submitted) == (dt.date(2024, 3, 1), dt.date(2024, 2, 20))
    assert ServiceEvent.objects.get(service=live).date == dt.date(2025, 6, 1)


def test_gbk_csv(world: dict) -> None:
    response = _import(_client(world), _upload(SERVICES_CSV, encoding="gbk"))
    assert response.status_code == 201, response.json()
    assert registered().filter(name__in=["南山论坛", "南山直播"]).count() == 2


def test_bad_row_refused_with_row_number_and_nothing_written(world: dict) -> None:
    before = AuditEvent.objects.count()
    bad = SERVICES_CSV + "坏行,报纸,440305,https://x.example.cn,,,,\n" + "缺地址,论坛,440305,,,,,\n"
    response = _import(_client(world), _upload(bad))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "第 4 行" in body["message"]
    assert [(e["row"], e["field"]) for e in body["details"]["errors"]] == [
        (4, "kinds"),
        (5, "website_url"),
    ]
    assert not registered().exists()
    assert not ServiceEvent.objects.filter(service__in=registered()).exists()
    assert AuditEvent.objects.count() == before


def test_format_errors_name_rows_and_columns(world: dict) -> None:
    text = "name,kinds,division_code,website_url,went_online,colour\nA,forum,440305,https://a.cn,2024-13-01,red\n"
    response = _import(_client(world), _upload(text))
    errors = response.json()["details"]["errors"]
    assert errors == [{"row": 1, "field": "colour", "message": "未知的列：colour。"}]
    text = (
        "name,kinds,division_code,website_url,went_online\nA,forum,440305,https://a.cn,2024-13-01\n"
    )
    errors = _import(_client(world), _upload(text)).json()["details"]["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "went_online")]
    assert not registered().exists()


def test_duplicate_names_within_file_refused(world: dict) -> None:
    text = "name,kinds,division_code,website_url\nA,forum,440305,https://a.cn\nA,blog,440305,https://b.cn\n"
    errors = _import(_client(world), _upload(text)).json()["details"]["errors"]
    assert [e["row"] for e in errors] == [3]
    assert not registered().exists()


def test_samples_import_and_unknown_service(world: dict, make_service) -> None:
    make_service(name="南山论坛")
    client = _client(world)
    good = '服务名称,日期,用户数\n南山论坛,2026-01-15,"1,000,000"\n南山论坛,2026-06-30,2000000\n'
    response = _import(client, _upload(good, "samples.csv"), "samples")
    assert response.json() == {"what": "samples", "created": 2}
    bad = "service,date,users\n南山论坛,2026-07-31,2100000\n北京论坛,2026-07-31,5\n南山论坛,2026-01-15,7\n"
    body = _import(client, _upload(bad, "samples.csv"), "samples").json()
    assert [(e["row"], e["field"]) for e in body["details"]["errors"]] == [
        (3, "service"),
        (4, "date"),
    ]
    assert UserScaleSample.objects.filter(service__name="南山论坛").count() == 2


def test_xlsx_import(world: dict) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["服务名称", "服务类型", "行政区划代码", "网站地址", "上线日期"])
    sheet.append(["表格论坛", "forum", 440305, "https://x.example.cn", dt.datetime(2024, 3, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    response = _import(_client(world), _upload(buffer.getvalue(), "services.xlsx"))
    assert response.status_code == 201, response.json()
    service = InformationService.objects.get(name="表格论坛")
    assert service.division_code == "440305"
    assert ServiceEvent.objects.get(service=service).date == dt.date(2024, 3, 1)


def test_xlsx_bad_row_refused(world: dict) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["service", "date", "users"])
    sheet.append(["x", "not a date", -5])
    buffer = io.BytesIO()
    book.save(buffer)
    body = _import(_client(world), _upload(buffer.getvalue(), "s.xlsx"), "samples").json()
    assert {(e["row"], e["field"]) for e in body["details"]["errors"]} == {
        (2, "date"),
        (2, "users"),
    }


def test_upload_size_bounded(world: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    big = b"name,kinds\n" + b"x" * (imports.MAX_IMPORT_BYTES + 1)
    response = _import(_client(world), _upload(big))
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_broken_files_refused(world: dict) -> None:
    client = _client(world)
    assert _import(client, _upload(b"PK\x03\x04garbage", "x.xlsx")).status_code == 400
    assert _import(client, _upload(b"", "x.csv")).status_code == 400
    assert _import(client, _upload(b"\xff\xfe\x00\x81\x30", "x.csv")).status_code in (400,)
    assert _import(client, _upload(SERVICES_CSV), "everything").status_code == 400


def test_reader_cannot_import(world: dict) -> None:
    response = _import(_client(world, "provider_reader"), _upload(SERVICES_CSV))
    assert response.status_code == 403
    assert not registered().exists()


def test_import_page_lists_row_errors(world: dict) -> None:
    client = _client(world)
    assert "文件格式" in client.get("/services/import/").content.decode()
    bad = SERVICES_CSV + "坏行,报纸,440305,https://x.example.cn,,,,\n"
    page = client.post(
        "/services/import/", {"what": "services", "file": _upload(bad)}
    ).content.decode()
    assert "第 4 行" in page
    assert not registered().exists()
    response = client.post("/services/import/", {"what": "services", "file": _upload(SERVICES_CSV)})
    assert response.status_code == 302
    assert registered().count() == 2
