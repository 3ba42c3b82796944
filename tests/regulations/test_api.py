"""The catalog's read-only JSON API: public, bilingual, with cross-references and OSCAL."""

from __future__ import annotations

import pytest
from django.test import Client


def test_catalogs_listed_without_login(client: Client) -> None:
    response = client.get("/api/catalogs")
    assert response.status_code == 200
    ids = {c["catalog_id"] for c in response.json()}
    assert ids == {"sa-2018", "mps-insp-2018d", "pa-2017", "pa-2020d", "app-pi-2019"}


def test_art5_point_by_urn_has_both_languages_and_citers(client: Client) -> None:
    body = client.get("/api/catalog/refs/urn:anping:sa-2018:art5.3").json()
    assert body["kind"] == "point"
    assert body["point"]["title"]["zh"]
    assert body["point"]["title"]["en"]
    assert "mps-insp-2018d:art11.4" in {c["cite"] for c in body["cited_by"]}


def test_article_by_number(client: Client) -> None:
    body = client.get("/api/catalog/refs/sa-2018:7").json()
    assert body["kind"] == "article"
    assert "30个工作日" in body["article"]["text_zh"]


def test_chinese_search(client: Client) -> None:
    hits = client.get("/api/catalog/search", {"q": "日志"}).json()
    assert "sa-2018:art5.3" in {h["cite"] for h in hits}


def test_points_for_forum_exclude_drafts_by_default(client: Client) -> None:
    found = client.get("/api/catalog/points", {"kind": "forum", "on": "2026-11-23"}).json()
    catalogs = {p["catalog_id"] for p in found}
    assert "sa-2018" in catalogs
    assert "pa-2020d" not in catalogs


def test_points_before_sa_2018_in_force_exclude_it(client: Client) -> None:
    found = client.get("/api/catalog/points", {"kind": "forum", "on": "2018-01-01"}).json()
    assert "sa-2018" not in {p["catalog_id"] for p in found}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/catalog/refs/sa-2018:99", 404),
        ("/api/catalogs/nope", 404),
        ("/api/catalog/points?kind=spaceship", 400),
        ("/api/catalog/search?q=", 400),
    ],
)
def test_bad_catalog_requests_get_error_shape(client: Client, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "details"}


def test_oscal_export_served(client: Client) -> None:
    doc = client.get("/api/catalogs/sa-2018/oscal").json()
    assert doc["catalog"]["metadata"]["oscal-version"].startswith("1.2")
