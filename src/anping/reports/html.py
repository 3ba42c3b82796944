"""The HTML copy of a report: one standalone, accessible, printable file.

The HTML copy is what a browser shows and what a reviewer may save or print (sa-2018 Art. 8
written review), so it carries everything in one file: inline CSS including print rules, no
scripts, no fonts, images or style sheets fetched from anywhere (a Content-Security-Policy of
`default-src 'none'` makes that explicit). Accessibility: `lang` on the root (zh-Hans / en), one
`h1`, the four parts of Art. 6 ¶2 as `h2` sections labelled by their headings, subsections as
`h3`, tables with captions and `th` cells with `scope`.

The document is built as an element tree (`xml.etree.ElementTree`) and serialised by it, so every
value is escaped by construction: text from the snapshot can never become markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from anping.reports import document as doc
from anping.reports.snapshot import Lang, ReportSnapshot

HTML_LANG: dict[Lang, str] = {"zh": "zh-Hans", "en": "en"}

CSS = """
:root { color: #111; background: #fff; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "AR PL UMing CN",
       serif; font-size: 11pt; line-height: 1.6; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", SimHei,
             "WenQuanYi Zen Hei", sans-serif; line-height: 1.35; }
h1 { font-size: 1.6rem; text-align: center; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.1rem; }
.subtitle { text-align: center; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #888; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
tbody th { width: 28%; }
td.hash, .hash { font-family: monospace; word-break: break-all; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                   clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 2rem; font-size: 0.85rem; color: #444; }
@page { size: A4; margin: 20mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def _text(element: ET.Element, text: str) -> ET.Element:
    """Set text, turning newlines into <br> (the tree escapes the text itself)."""
    first, *rest = text.split("\n")
    element.text = first
    for line in rest:
        br = ET.SubElement(element, "br")
        br.tail = line
    return element


def _is_hash(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _cell(parent: ET.Element, tag: str, text: str, scope: str | None = None) -> None:
    cell = ET.SubElement(parent, tag, {"scope": scope} if scope else {})
    if _is_hash(text):
        cell.set("class", "hash")
    _text(cell, text)


def _table(parent: ET.Element, block: doc.FieldTable | doc.GridTable) -> None:
    table = ET.SubElement(parent, "table")
    _text(ET.SubElement(table, "caption", {"class": "visually-hidden"}), block.caption)
    if isinstance(block, doc.FieldTable):
        body = ET.SubElement(table, "tbody")
        for key, value in block.rows:
            row = ET.SubElement(body, "tr")
            _cell(row, "th", key, "row")
            _cell(row, "td", value)
        return
    head = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    for header in block.headers:
        _cell(head, "th", header, "col")
    body = ET.SubElement(table, "tbody")
    for values in block.rows:
        row = ET.SubElement(body, "tr")
        for value in values:
            _cell(row, "td", value)


def build_tree(layout: doc.Layout, snapshot: ReportSnapshot) -> ET.Element:
    root = ET.Element("html", {"lang": HTML_LANG[layout.lang]})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "meta", {"charset": "utf-8"})
    ET.SubElement(head, "meta", {"http-equiv": "Content-Security-Policy", "content": CSP})
    ET.SubElement(
        head, "meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}
    )
    ET.SubElement(head, "meta", {"name": "description", "content": layout.subject})
    ET.SubElement(head, "meta", {"name": "author", "content": layout.author})
    ET.SubElement(head, "meta", {"name": "generator", "content": "anping"})
    _text(ET.SubElement(head, "title"), f"{layout.title} — {snapshot.assessment_id}")
    ET.SubElement(head, "style").text = CSS  # raw: the serializer never escapes <style>
    body = ET.SubElement(root, "body")
    header = ET.SubElement(body, "header")
    _text(ET.SubElement(header, "h1"), layout.title)
    main = ET.SubElement(body, "main")
    container = main
    count = 0
    for block in layout.blocks:
        if isinstance(block, doc.Heading):
            if block.level == 1:
                count += 1
                ident = f"part-{count}"
                container = ET.SubElement(main, "section", {"aria-labelledby": ident})
                _text(ET.SubElement(container, "h2", {"id": ident}), block.text)
            else:
                _text(ET.SubElement(container, "h3"), block.text)
        elif isinstance(block, doc.Paragraph):
            attrs = {"class": "subtitle"} if container is main else {}
            target = header if container is main else container
            _text(ET.SubElement(target, "p", attrs), block.text)
        else:
            _table(container, block)
    footer = ET.SubElement(body, "footer")
    _text(ET.SubElement(footer, "p"), f"{snapshot.assessment_id} · SHA-256 ")
    code = ET.SubElement(footer[0], "span", {"class": "hash"})
    code.text = snapshot.content_hash()
    return root


def render_html(snapshot: ReportSnapshot, lang: Lang) -> bytes:
    """Render the snapshot (already masked or not, as the caller decided) to HTML bytes."""
    layout = doc.build(snapshot, lang)
    tree = build_tree(layout, snapshot)
    markup = ET.tostring(tree, encoding="unicode", method="html")
    return ("<!DOCTYPE html>\n" + markup + "\n").encode("utf-8")
