"""The Word copy: opened with python-docx, every part of sa-2018 Art. 6 ¶2 and every form field."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import docx as python_docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn

from anping.reports import ReportSnapshot, render
from anping.reports.labels import label
from anping.reports.snapshot import Lang

LANGS: tuple[Lang, ...] = ("zh", "en")
Missing = Callable[[str, ReportSnapshot, Lang], list[str]]


def _open(content: bytes) -> Document:
    return python_docx.Document(io.BytesIO(content))


def _text(document: Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module", params=LANGS)
def lang(request: pytest.FixtureRequest) -> Lang:
    value: Lang = request.param
    return value


@pytest.fixture(scope="module")
def rendered(snapshot: ReportSnapshot, lang: Lang) -> bytes:
    return render(snapshot, "docx", lang).content


def test_art6_report_has_four_sections_docx(rendered: bytes, lang: Lang) -> None:
    document = _open(rendered)
    h1 = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    for n in range(1, 5):
        assert label(f"section{n}", lang) in h1
    # in the order of Art. 6 ¶2
    positions = [h1.index(label(f"section{n}", lang)) for n in range(1, 5)]
    assert positions == sorted(positions)
    h2 = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"
    ]
    for key in ("subject", "service", "licences", "situations", "assessor", "main_contents"):
        assert label(key, lang) in h2


def test_platform_form_fields_labels_and_values_docx(
    rendered: bytes, snapshot: ReportSnapshot, lang: Lang, missing_from: Missing
) -> None:
    text = _text(_open(rendered))
    assert missing_from(text, snapshot.masked(), lang) == []


def test_art5_eight_main_contents_in_one_table_docx(rendered: bytes, lang: Lang) -> None:
    document = _open(rendered)
    header = [label("item", lang), label("content", lang), label("actual_situation", lang)]
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == header]
    assert len(tables) == 1
    assert len(tables[0].rows) == 1 + 8


def test_point_results_table_has_every_point_docx(
    rendered: bytes, snapshot: ReportSnapshot, lang: Lang
) -> None:
    document = _open(rendered)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == label("point_id", lang))
    ids = [row.cells[0].text for row in table.rows[1:]]
    assert ids == [p.point_id for p in snapshot.points]
    results = {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}
    na = next(p for p in snapshot.points if p.result == "not_applicable")
    assert na.na_reason is not None
    assert na.na_reason.get(lang) in results[na.point_id]
    assert label("result.not_applicable", lang) in results[na.point_id]


def test_docx_chinese_fonts_set_on_styles(rendered: bytes) -> None:
    document = _open(rendered)

    def fonts(style_name: str) -> dict[str, str | None]:
        r_fonts = document.styles[style_name].element.rPr.find(qn("w:rFonts"))
        assert r_fonts is not None
        return {a: r_fonts.get(qn(f"w:{a}")) for a in ("eastAsia", "ascii", "eastAsiaTheme")}

    assert fonts("Normal")["eastAsia"] == "宋体"
    for heading in ("Heading 1", "Heading 2", "Title"):
        assert fonts(heading)["eastAsia"] == "黑体"
        assert fonts(heading)["eastAsiaTheme"] is None, "a theme font would override 黑体"
    table = zipfile.ZipFile(io.BytesIO(rendered)).read("word/fontTable.xml").decode()
    assert 'w:name="宋体"' in table
    assert 'w:val="SimSun"' in table


def test_docx_tables_have_repeated_headers_and_captions(rendered: bytes) -> None:
    document = _open(rendered)
    assert len(document.tables) >= 10
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    grids = [t for t in document.tables if t._tbl.tr_lst[0].trPr is not None]
    assert grids, "grid tables repeat their header row on each page"


def test_docx_footer_has_page_number_field(rendered: bytes, lang: Lang) -> None:
    footer = _open(rendered).sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml
    assert 'w:fldCharType="begin"' in xml
    assert label("page", lang).split("{n}")[0].strip() in footer.paragraphs[0].text


def test_docx_core_properties(rendered: bytes, snapshot: ReportSnapshot, lang: Lang) -> None:
    props = _open(rendered).core_properties
    assert props.title == label("title", lang)
    assert snapshot.service.service_name.get(lang) in props.subject
    assert props.identifier == snapshot.assessment_id
    assert props.created is not None
    assert props.modified is not None
    utc = snapshot.frozen_at.astimezone(dt.UTC).replace(tzinfo=None)
    assert props.modified.replace(tzinfo=None) == utc


def test_docx_rerender_gives_same_bytes(
    snapshot: ReportSnapshot, rendered: bytes, lang: Lang
) -> None:
    again = render(snapshot, "docx", lang)
    assert again.content == rendered
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(rendered)).infolist()}
    assert stamps == {snapshot.frozen_at.timetuple()[:6]}


def test_docx_masks_personal_data_by_default(
    individual: ReportSnapshot, lang: Lang, pii: dict[str, str]
) -> None:
    masked = _text(_open(render(individual, "docx", lang).content))
    assert pii["id_masked"] in masked
    assert pii["id"] not in masked
    assert pii["phone_masked"] in masked
    assert pii["phone"] not in masked
    full = _text(_open(render(individual, "docx", lang, full=True).content))
    assert pii["id"] in full
    assert pii["phone"] in full


def test_docx_individual_subject_fields(
    individual: ReportSnapshot, lang: Lang, missing_from: Missing
) -> None:
    text = _text(_open(render(individual, "docx", lang, full=True).content))
    assert missing_from(text, individual, lang) == []
