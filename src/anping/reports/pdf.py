"""The PDF copy of a report, with its CJK fonts embedded (reportlab, TrueType subsets).

The PDF is what an authority prints and reviews in writing (sa-2018 Art. 8): it must show the same
Chinese text on any reader, so the fonts travel inside the file (subset TrueType, with a ToUnicode
map so that the text can be searched and extracted), and a character no available font has raises
`MissingGlyph` instead of being drawn as an empty box.

Why reportlab: it is pure Python plus wheels on PyPI, needs no system library (WeasyPrint needs
Pango/HarfBuzz from the distribution and their versions change the output), embeds TrueType subsets
reliably, and has an invariant mode that makes the output byte-for-byte reproducible. Its limits:
it cannot embed OpenType/CFF fonts (hence `anping.reports.fonts`) and does no complex-script
shaping, which Chinese and Latin text do not need.

Determinism: the document ID and timestamps come from invariant mode and the snapshot's
`frozen_at`, so rendering the same snapshot twice on the same machine, with the same fonts,
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from anping.reports import document as doc
from anping.reports.fonts import Font, FontSet, MissingCJKFont, find
from anping.reports.labels import label
from anping.reports.snapshot import Lang, ReportSnapshot

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
HEADER_FILL = colors.HexColor("#EEEEEE")


class MissingGlyph(MissingCJKFont):
    """A character in the report that none of the available fonts can draw."""


def _register(fonts: FontSet) -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for font in fonts.all():
        if font.key not in registered:
            pdfmetrics.registerFont(TTFont(font.key, str(font.path), subfontIndex=font.index))


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00a0" <= ch <= "\u024f"


def markup(text: str, primary: Font, fonts: FontSet, latin: Font | None = None) -> str:
    """Escaped paragraph markup; runs the primary font lacks switch to a fallback that has them.

    With `latin`, Latin letters, digits and punctuation use that face (when it has them).
    """
    out: list[str] = []
    current: Font = primary
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run)).replace("\n", "<br/>")
        out.append(chunk if current is primary else f'<font name="{current.key}">{chunk}</font>')
        run.clear()

    for ch in text:
        font = primary
        if latin is not None and _is_latin(ch) and ch != "\n" and latin.covers(ch):
            font = latin
        elif ch != "\n" and not primary.covers(ch):
            found = next((f for f in fonts.all() if f.covers(ch)), None)
            if found is None:
                raise MissingGlyph(
                    f"no available font has {ch!r} (U+{ord(ch):04X}); install a fuller CJK font "
                    "or set ANPING_CJK_FONT"
                )
            font = found
        if font is not current:
            flush()
            current = font
        run.append(ch)
    flush()
    return "".join(out)


class _Styles:
    def __init__(self, fonts: FontSet, lang: Lang) -> None:
        wrap = "CJK" if lang == "zh" else None
        body, head = fonts.body.key, fonts.heading.key
        self.body = ParagraphStyle("body", fontName=body, fontSize=10.5, leading=16, wordWrap=wrap)
        self.cell = ParagraphStyle("cell", fontName=body, fontSize=9, leading=12.5, wordWrap=wrap)
        self.th = ParagraphStyle("th", parent=self.cell, fontName=head)
        self.title = ParagraphStyle(
            "title",
            fontName=head,
            fontSize=18,
            leading=26,
            alignment=TA_CENTER,
            spaceAfter=6,
            wordWrap=wrap,
        )
        self.subtitle = ParagraphStyle("subtitle", parent=self.body, alignment=TA_CENTER)
        self.h1 = ParagraphStyle(
            "h1",
            fontName=head,
            fontSize=14,
            leading=20,
            spaceBefore=14,
            spaceAfter=6,
            wordWrap=wrap,
        )
        self.h2 = ParagraphStyle(
            "h2",
            fontName=head,
            fontSize=12,
            leading=17,
            spaceBefore=10,
            spaceAfter=4,
            wordWrap=wrap,
        )


class _Builder:
    def __init__(self, layout: doc.Layout, fonts: FontSet) -> None:
        self.layout = layout
        self.fonts = fonts
        self.styles = _Styles(fonts, layout.lang)
        self.width = PAGE_WIDTH - 2 * MARGIN

    def para(self, text: str, style: Any, primary: Font | None = None) -> Any:
        if primary is None:  # body text: Latin in the Latin face
            return Paragraph(markup(text, self.fonts.body, self.fonts, self.fonts.latin), style)
        return Paragraph(markup(text, primary, self.fonts), style)

    def table(self, rows: list[list[Any]], widths: list[float], header_row: bool) -> Any:
        total = sum(widths)
        table = Table(
            rows,
            colWidths=[self.width * w / total for w in widths],
            repeatRows=1 if header_row else 0,
        )
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("FONT", (0, 0), (-1, -1), self.fonts.body.key),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if header_row:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
        else:
            commands.append(("BACKGROUND", (0, 0), (0, -1), HEADER_FILL))
        table.setStyle(TableStyle(commands))
        return table

    def block(self, block: doc.Block) -> list[Any]:
        st = self.styles
        head = self.fonts.heading
        if isinstance(block, doc.Heading):
            style = st.h1 if block.level == 1 else st.h2
            flow = self.para(block.text, style, head)
            flow.outline = (block.text, block.level - 1)
            return [flow]
        if isinstance(block, doc.Paragraph):
            return [self.para(block.text, st.body)]
        if isinstance(block, doc.FieldTable):
            rows = [[self.para(k, st.th, head), self.para(v, st.cell)] for k, v in block.rows]
            return [self.table(rows, [3, 7], header_row=False), Spacer(1, 4)]
        rows = [[self.para(h, st.th, head) for h in block.headers]]
        rows += [[self.para(c, st.cell) for c in row] for row in block.rows]
        widths = list(block.widths) or [1.0] * len(block.headers)
        return [self.table(rows, widths, header_row=True), Spacer(1, 4)]

    def story(self) -> list[Any]:
        head = self.fonts.heading
        out: list[Any] = [self.para(self.layout.title, self.styles.title, head)]
        for block in self.layout.blocks:
            out += self.block(block)
        return out


def _pdf_date(moment: dt.datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


class _Template(SimpleDocTemplate):  # type: ignore[misc]
    """Adds the outline (bookmarks) for headings, so a reader can jump to each part."""

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (reportlab's hook name)
        outline = getattr(flowable, "outline", None)
        if outline is not None:
            text, level = outline
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)


def render_pdf(snapshot: ReportSnapshot, lang: Lang) -> bytes:
    """Render the snapshot (already masked or not, as the caller decided) to PDF bytes."""
    fonts = find()
    _register(fonts)
    layout = doc.build(snapshot, lang)
    builder = _Builder(layout, fonts)
    story = builder.story()
    buffer = io.BytesIO()
    created = _pdf_date(layout.frozen_at)
    page_label = label("page", lang)

    def on_page(canvas: Any, _doc: Any) -> None:
        canvas.setDateFormatter(lambda *_args: created)
        canvas.saveState()
        canvas.setFont(fonts.body.key, 9)
        canvas.drawCentredString(
            PAGE_WIDTH / 2, 10 * mm, page_label.format(n=canvas.getPageNumber())
        )
        canvas.drawString(MARGIN, PAGE_HEIGHT - 12 * mm, snapshot.assessment_id)
        canvas.restoreState()

    template = _Template(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=layout.title,
        author=layout.author,
        subject=layout.subject,
        creator="anping",
        producer="anping (reportlab)",
        keywords=["sa-2018", snapshot.assessment_id],
        invariant=1,
        lang="zh-CN" if lang == "zh" else "en",
        displayDocTitle=1,
        initialFontName=fonts.body.key,
    )
    template.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
