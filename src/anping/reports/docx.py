"""The Word copy of a report (python-docx), with East Asian fonts set the way Word expects.

Providers and assessment firms edit and print reports in Word before they file them through the
national platform (sa-2018 Art. 7), so the .docx must open as a proper Chinese document: Word picks
the font for Chinese characters from the `w:eastAsia` attribute of `w:rFonts`, not from the Latin
font name, so every style sets both: 宋体 (SimSun) for body text and 黑体 (SimHei) for headings,
Times New Roman / Arial for Latin. Theme-font attributes are removed, because they override the
explicit names. The font table gives each Chinese font its English alternative name and the GB2312
character set, so Word and LibreOffice substitute a Song/Hei face where SimSun/SimHei are absent.

Headings use the built-in "Heading 1"/"Heading 2" styles (navigation pane, table of contents,
accessibility), the form fields and point results are tables with a repeated header row, the
footer carries a PAGE field, and the core properties name the report.

Determinism: python-docx stamps zip entries with the current time; `_normalise_zip` rewrites them
with the snapshot's `frozen_at`, and the core properties' dates are `frozen_at` too, so the same
snapshot gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx as python_docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from anping.reports import document as doc
from anping.reports.labels import label
from anping.reports.snapshot import Lang, ReportSnapshot

BODY_EAST_ASIA = "宋体"
HEADING_EAST_ASIA = "黑体"
BODY_LATIN = "Times New Roman"
HEADING_LATIN = "Arial"
#: name -> (English alternative name, panose, family): for substitution where the font is absent
FONT_TABLE = {
    "宋体": ("SimSun", "02010600030101010101", "auto"),
    "黑体": ("SimHei", "02010609060101010101", "modern"),
}
PAGE_WIDTH_CM = 21.0
MARGIN_CM = 2.2
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
HEADER_FILL = "EEEEEE"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(r_pr: BaseOxmlElement, latin: str, east_asia: str, lang: Lang) -> None:
    """Set Latin and East Asian font names (and language) on a run or style `w:rPr`."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    language.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")


def _style_fonts(document: Document, lang: Lang) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)  # 五号
    set_fonts(normal.element.get_or_add_rPr(), BODY_LATIN, BODY_EAST_ASIA, lang)
    for name, size in (("Title", 18), ("Heading 1", 15), ("Heading 2", 13)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element.get_or_add_rPr(), HEADING_LATIN, HEADING_EAST_ASIA, lang)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _font_table(document: Document) -> None:
    """Give 宋体/黑体 their English names and GB2312 charset, for substitution elsewhere."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    existing = {f.get(f"{w}name") for f in root.findall(f"{w}font")}
    for name, (alt, panose, family) in FONT_TABLE.items():
        if name in existing:
            continue
        font = etree.SubElement(root, f"{w}font", {f"{w}name": name})
        etree.SubElement(font, f"{w}altName", {f"{w}val": alt})
        etree.SubElement(font, f"{w}panose1", {f"{w}val": panose})
        etree.SubElement(font, f"{w}charset", {f"{w}val": "86"})
        etree.SubElement(font, f"{w}family", {f"{w}val": family})
        etree.SubElement(font, f"{w}pitch", {f"{w}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        if kind == "separate":
            run = paragraph.add_run("1")


def _footer(document: Document, lang: Lang) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, after = label("page", lang).partition("{n}")
    if before:
        paragraph.add_run(before)
    _add_field(paragraph, " PAGE ")
    if after:
        paragraph.add_run(after)


def _shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_text(cell: _Cell, text: str, lang: Lang, *, header: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)  # python-docx turns "\n" into a line break
    if header:
        run.bold = True
        set_fonts(run._r.get_or_add_rPr(), HEADING_LATIN, HEADING_EAST_ASIA, lang)
        _shade(cell)


def _caption(table: Table, caption: str) -> None:
    """w:tblCaption: the table's accessible name (Word's "alt text" title)."""
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption)
    tbl_pr = table._tbl.tblPr
    # schema order: tblCaption comes after tblLook/tblLayout etc.; appending keeps it valid here
    tbl_pr.append(element)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _widths(table: Table, weights: tuple[float, ...]) -> None:
    total = sum(weights)
    for row in table.rows:
        for cell, weight in zip(row.cells, weights, strict=True):
            cell.width = Cm(TEXT_WIDTH_CM * weight / total)


def _field_table(document: Document, block: doc.FieldTable, lang: Lang) -> None:
    table = document.add_table(rows=len(block.rows), cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (key, value) in zip(table.rows, block.rows, strict=True):
        _cell_text(row.cells[0], key, lang, header=True)
        _cell_text(row.cells[1], value, lang)
    _widths(table, (3, 7))
    _caption(table, block.caption)


def _grid_table(document: Document, block: doc.GridTable, lang: Lang) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
        _cell_text(cell, text, lang, header=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _cell_text(cell, text, lang)
    _repeat_header(table)
    _widths(table, block.widths or (1.0,) * len(block.headers))
    _caption(table, block.caption)


def _core_properties(document: Document, layout: doc.Layout, snapshot: ReportSnapshot) -> None:
    props = document.core_properties
    props.title = layout.title
    props.subject = layout.subject
    props.author = layout.author
    props.last_modified_by = layout.author
    props.keywords = f"sa-2018; {snapshot.assessment_id}"
    props.category = "sa-2018"
    props.identifier = snapshot.assessment_id
    props.language = "zh-CN" if layout.lang == "zh" else "en"
    props.comments = f"SHA-256 {snapshot.content_hash()}"
    props.revision = 1
    # python-docx writes the wall-clock time with a "Z": give it UTC
    props.created = snapshot.created_at.astimezone(dt.UTC)
    props.modified = snapshot.frozen_at.astimezone(dt.UTC)
    props.last_printed = snapshot.frozen_at.astimezone(dt.UTC)


def _normalise_zip(data: bytes, snapshot: ReportSnapshot) -> bytes:
    """Rewrite the package with every entry dated `frozen_at` (zip has no time zone)."""
    stamp = snapshot.frozen_at.timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_docx(snapshot: ReportSnapshot, lang: Lang) -> bytes:
    """Render the snapshot (already masked or not, as the caller decided) to .docx bytes."""
    layout = doc.build(snapshot, lang)
    document = python_docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    _style_fonts(document, lang)
    _font_table(document)
    _footer(document, lang)
    document.add_paragraph(layout.title, style="Title")
    for block in layout.blocks:
        if isinstance(block, doc.Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, doc.Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, doc.FieldTable):
            _field_table(document, block, lang)
            document.add_paragraph()
        else:
            _grid_table(document, block, lang)
            document.add_paragraph()
    _core_properties(document, layout, snapshot)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue(), snapshot)
