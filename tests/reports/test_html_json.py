"""The HTML copy (standalone, accessible, escaped) and the JSON copy (the canonical snapshot)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from anping.reports import FORMATS, ReportSnapshot, load, render, sha256
from anping.reports.labels import label
from anping.reports.snapshot import Lang

LANGS: tuple[Lang, ...] = ("zh", "en")
Missing = Callable[[str, ReportSnapshot, Lang], list[str]]


def _soup(content: bytes) -> BeautifulSoup:
    return BeautifulSoup(content.decode("utf-8"), "html.parser")


@pytest.fixture(scope="module", params=LANGS)
def lang(request: pytest.FixtureRequest) -> Lang:
    value: Lang = request.param
    return value


@pytest.fixture(scope="module")
def page(snapshot: ReportSnapshot, lang: Lang) -> BeautifulSoup:
    return _soup(render(snapshot, "html", lang).content)


def test_art6_report_has_four_sections_html(page: BeautifulSoup, lang: Lang) -> None:
    h2 = [h.get_text() for h in page.find_all("h2")]
    for n in range(1, 5):
        assert label(f"section{n}", lang) in h2
    for section in page.find_all("section"):
        heading = section.find("h2")
        assert heading is not None
        assert section["aria-labelledby"] == heading["id"]


def test_platform_form_fields_labels_and_values_html(
    page: BeautifulSoup, snapshot: ReportSnapshot, lang: Lang, missing_from: Missing
) -> None:
    assert missing_from(page.get_text(), snapshot.masked(), lang) == []


def test_html_accessible_structure(page: BeautifulSoup, lang: Lang) -> None:
    assert page.html is not None
    assert page.html["lang"] == {"zh": "zh-Hans", "en": "en"}[lang]
    assert len(page.find_all("h1")) == 1
    assert page.title is not None
    assert label("title", lang) in page.title.get_text()
    tables = page.find_all("table")
    assert tables
    for table in tables:
        assert table.find("caption") is not None
        headers = table.find_all("th")
        assert headers
        assert all(th.get("scope") in {"row", "col"} for th in headers)


def test_html_is_standalone_with_print_css(page: BeautifulSoup) -> None:
    assert page.find("script") is None
    assert page.find("link") is None
    for tag in page.find_all(True):
        for attr in ("src", "href", "srcset", "action"):
            assert not tag.get(attr), (tag.name, attr)
    style = page.find("style")
    assert style is not None
    css = style.get_text()
    assert "@media print" in css
    assert "@page" in css
    assert "url(" not in css
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None
    assert "default-src 'none'" in csp["content"]


def test_html_escapes_content(snapshot: ReportSnapshot) -> None:
    data = snapshot.model_dump(mode="json")
    data["other_matters"] = {"zh": '<script>alert("x")</script> & <b>粗</b>'}
    hostile = ReportSnapshot.model_validate(data)
    content = render(hostile, "html", "zh").content.decode()
    assert "<script>" not in content
    assert "<b>" not in content
    assert "&lt;script&gt;" in content
    assert '<script>alert("x")</script> & <b>粗</b>' in _soup(content.encode()).get_text()


def test_html_masks_personal_data_by_default(
    individual: ReportSnapshot, lang: Lang, pii: dict[str, str], missing_from: Missing
) -> None:
    masked = _soup(render(individual, "html", lang).content).get_text()
    assert pii["id_masked"] in masked
    assert pii["id"] not in masked
    assert pii["phone_masked"] in masked
    assert pii["phone"] not in masked
    assert label("personal_data_masked", lang) in masked
    full = _soup(render(individual, "html", lang, full=True).content).get_text()
    assert pii["id"] in full
    assert pii["phone"] in full
    assert missing_from(full, individual, lang) == []


def test_html_rerender_gives_same_bytes(snapshot: ReportSnapshot, lang: Lang) -> None:
    assert render(snapshot, "html", lang).content == render(snapshot, "html", lang).content


def test_json_round_trips_to_an_equal_snapshot(snapshot: ReportSnapshot) -> None:
    full = render(snapshot, "json", "zh", full=True)
    assert load(full.content) == snapshot
    masked = render(snapshot, "json", "zh")
    assert load(masked.content) == snapshot.masked()
    assert load(masked.content).content_hash() == snapshot.content_hash()


def test_json_is_canonical(snapshot: ReportSnapshot) -> None:
    content = render(snapshot, "json", "en", full=True).content
    data = json.loads(content)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert content == canonical.encode("utf-8")
    assert "江城社区论坛".encode() in content, "UTF-8, not \\u escapes"
    assert render(snapshot, "json", "zh", full=True).content == content, "language-independent"


def test_json_masks_personal_data_by_default(
    individual: ReportSnapshot, pii: dict[str, str]
) -> None:
    masked = render(individual, "json", "zh").content.decode()
    assert pii["id"] not in masked
    assert pii["id_masked"] in masked
    assert pii["phone"] not in masked
    assert pii["id"] in render(individual, "json", "zh", full=True).content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendered_file_name_type_and_hash(snapshot: ReportSnapshot, fmt: str) -> None:
    rendered = render(snapshot, fmt, "zh")  # type: ignore[arg-type]
    assert rendered.name == f"sa-2018-{snapshot.assessment_id}-zh.{fmt}"
    assert (
        rendered.sha256 == hashlib.sha256(rendered.content).hexdigest() == sha256(rendered.content)
    )
    assert rendered.media_type
    full = render(snapshot, fmt, "zh", full=True)  # type: ignore[arg-type]
    assert full.name.endswith(f"-zh-full.{fmt}")


def test_render_refuses_unknown_format_and_language(snapshot: ReportSnapshot) -> None:
    with pytest.raises(ValueError, match="format"):
        render(snapshot, "odt", "zh")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        render(snapshot, "html", "fr")  # type: ignore[arg-type]


def test_content_checks_notice_what_is_absent(
    snapshot: ReportSnapshot, lang: Lang, missing_from: Missing
) -> None:
    """A negative control: the helper used by every format's content test does find gaps."""
    text = render(snapshot, "html", lang).content.decode()
    assert missing_from("", snapshot, lang)
    without_statement = text.replace(snapshot.conclusion.statement.get(lang), "")
    assert missing_from(_soup(without_statement.encode()).get_text(), snapshot.masked(), lang) == [
        snapshot.conclusion.statement.get(lang)
    ]
