"""Browsing the law: regulation → article → points, both languages, search, cross-references."""

from __future__ import annotations

from django.test import Client


def test_index_lists_every_regulation(client: Client) -> None:
    page = client.get("/regulations/").content.decode()
    for catalog_id in ("sa-2018", "mps-insp-2018d", "pa-2017", "pa-2020d", "app-pi-2019"):
        assert catalog_id in page


def test_art5_page_shows_chinese_text_english_summary_and_points(client: Client) -> None:
    page = client.get("/regulations/sa-2018/5/").content.decode()
    assert "日志信息" in page  # official Chinese text
    assert 'id="art5.3"' in page  # the log-retention point
    assert "logs.retention_span" in page
    assert "/regulations/pa-2017/16/" in page  # cross-reference to the same duty


def test_inspection_draft_article_says_chinese_unavailable(client: Client) -> None:
    page = client.get("/regulations/mps-insp-2018d/11/").content.decode()
    assert "Chinese" in page or "中文" in page
    assert 'id="art11.4"' in page


def test_search_with_chinese_keyword_links_to_points(client: Client) -> None:
    page = client.get("/regulations/search/", {"q": "投诉"}).content.decode()
    assert "sa-2018:art5.6" in page


def test_points_filter_by_kind_and_feature(client: Client) -> None:
    page = client.get(
        "/regulations/points/", {"kind": "public_account", "feature": "app", "on": "2026-11-23"}
    ).content.decode()
    assert "pa-2017:art16.logs" in page
    assert "app-pi-2019:cat1.1" in page


def test_unknown_article_is_404(client: Client) -> None:
    assert client.get("/regulations/sa-2018/99/").status_code == 404
