"""The PDF copy: CJK fonts embedded (`pdffonts`), Chinese text extractable (`pdftotext`).

Both tools come from Debian's `poppler-utils`; the test script installs it. A missing tool fails
the tests with the package name rather than skipping them: an unchecked PDF is no PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from anping.reports import MissingCJKFont, ReportSnapshot, render
from anping.reports import fonts as font_lookup
from anping.reports.labels import label
from anping.reports.snapshot import Lang

LANGS: tuple[Lang, ...] = ("zh", "en")
Missing = Callable[[str, ReportSnapshot, Lang], list[str]]


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: apt-get install poppler-utils"
    return path


def pdftotext(path: Path) -> str:
    # -raw: content-stream order, so each table cell's text stays together
    out = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table as dicts (columns located by the dashes under the header)."""
    out = subprocess.run([_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True)
    header, rule, *rows = out.stdout.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    names = [header[start:end].strip() for start, end in spans]
    return [
        {
            name: row[start : end + 1].strip()
            for name, (start, end) in zip(names, spans, strict=True)
        }
        for row in rows
    ]


@pytest.fixture(scope="module", params=LANGS)
def lang(request: pytest.FixtureRequest) -> Lang:
    value: Lang = request.param
    return value


@pytest.fixture(scope="module")
def pdf_path(
    snapshot: ReportSnapshot, lang: Lang, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    rendered = render(snapshot, "pdf", lang)
    path = tmp_path_factory.mktemp("pdf") / rendered.name
    path.write_bytes(rendered.content)
    return path


def test_art6_report_has_four_sections_pdf(pdf_path: Path, lang: Lang) -> None:
    text = "".join(pdftotext(pdf_path).split())
    positions = [text.find("".join(label(f"section{n}", lang).split())) for n in range(1, 5)]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions), "in the order of Art. 6 ¶2"


def test_platform_form_fields_labels_and_values_pdf(
    pdf_path: Path, snapshot: ReportSnapshot, lang: Lang, missing_from: Missing
) -> None:
    assert missing_from(pdftotext(pdf_path), snapshot.masked(), lang) == []


def test_pdf_chinese_text_extracts(pdf_path: Path, snapshot: ReportSnapshot, lang: Lang) -> None:
    text = pdftotext(pdf_path)
    # licence numbers are Chinese in both languages' reports (粤B2-…)
    assert snapshot.service.licences.icp in text
    if lang == "zh":
        assert snapshot.service.service_name.zh in text
        assert "安全评估结论" in text


def test_pdf_cjk_fonts_embedded(pdf_path: Path) -> None:
    fonts = pdffonts(pdf_path)
    assert fonts, "the PDF uses fonts"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    found = font_lookup.find()
    embedded = {f["name"].split("+", 1)[-1] for f in fonts}
    assert found.body.key in embedded, (found.body.key, embedded)
    assert all(f["type"] == "TrueType" for f in fonts)


def test_pdf_metadata(pdf_path: Path, snapshot: ReportSnapshot, lang: Lang) -> None:
    info = PdfReader(pdf_path).metadata
    assert info is not None
    assert info.title == label("title", lang)
    assert info.creation_date is not None
    assert info.creation_date == snapshot.frozen_at


def test_pdf_rerender_gives_same_bytes(
    pdf_path: Path, snapshot: ReportSnapshot, lang: Lang
) -> None:
    assert render(snapshot, "pdf", lang).content == pdf_path.read_bytes()


def test_pdf_masks_personal_data_by_default(
    individual: ReportSnapshot, pii: dict[str, str], tmp_path: Path
) -> None:
    masked, full = tmp_path / "masked.pdf", tmp_path / "full.pdf"
    masked.write_bytes(render(individual, "pdf", "zh").content)
    full.write_bytes(render(individual, "pdf", "zh", full=True).content)
    masked_text, full_text = pdftotext(masked), pdftotext(full)
    assert pii["id_masked"] in masked_text
    assert pii["id"] not in masked_text
    assert pii["phone_masked"] in masked_text
    assert pii["phone"] not in masked_text
    assert pii["id"] in full_text
    assert pii["phone"] in full_text


def test_missing_font_raises_naming_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(font_lookup.ENV_FONT, raising=False)
    monkeypatch.setattr(font_lookup, "BODY_CANDIDATES", ())
    with pytest.raises(MissingCJKFont, match="apt-get install fonts-wqy-zenhei"):
        font_lookup.find()


def test_font_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(font_lookup.ENV_FONT, str(tmp_path / "nope.ttf"))
    with pytest.raises(MissingCJKFont, match="does not exist"):
        font_lookup.find()
    monkeypatch.delenv(font_lookup.ENV_FONT)
    chosen = font_lookup.find().body
    monkeypatch.setenv(font_lookup.ENV_FONT, f"{chosen.path}#{chosen.index}")
    found = font_lookup.find()
    assert found.body == chosen
    assert found.heading == chosen


def test_cff_font_is_refused_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    cff = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not cff.is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    monkeypatch.setenv(font_lookup.ENV_FONT, f"{cff}#2")
    with pytest.raises(MissingCJKFont, match="TrueType"):
        font_lookup.find()


def test_character_without_glyph_raises_instead_of_boxes() -> None:
    from anping.reports.pdf import MissingGlyph, markup

    found = font_lookup.find()
    assert markup("安全 <b>&", found.body, found) == "安全 &lt;b&gt;&amp;"
    with pytest.raises(MissingGlyph, match="U\\+10FFFD"):
        markup("\U0010fffd", found.body, found)


def test_pdf_is_readable_by_pypdf(pdf_path: Path) -> None:
    reader = PdfReader(BytesIO(pdf_path.read_bytes()))
    assert len(reader.pages) >= 2
    assert reader.outline, "headings are bookmarked"
