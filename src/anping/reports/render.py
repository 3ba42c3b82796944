"""One entry point: `render(snapshot, fmt, lang)` → a named file with its SHA-256.

The workflow layer freezes a `ReportSnapshot`, calls `render` for each format it stores or
files (sa-2018 Art. 7: the report goes to the authorities through the national platform), and
records each file's `sha256`, so that what was filed can be proved later (Art. 8 written review).

Personal data. ID and phone numbers are masked unless `full=True`: the provider's and firm's
working copies are masked by default; the copy for the authorities, who are bound to keep
personal information confidential (Art. 15), is rendered in full. This applies to .json too: the
masked .json is the masked snapshot (and round-trips to `snapshot.masked()`).

Determinism. .json and .html are pure functions of the snapshot. .docx and .pdf take their
timestamps from `frozen_at` and are byte-for-byte reproducible given the same library versions
and (for PDF) the same fonts; upgrading python-docx, reportlab or the font packages may change
the bytes, never the content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from anping.reports.snapshot import LANGS, Lang, ReportSnapshot

Format = Literal["docx", "pdf", "html", "json"]
FORMATS: tuple[Format, ...] = ("docx", "pdf", "html", "json")

MEDIA_TYPES: dict[Format, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """A rendered report file: what to call it, what it is, its bytes and their SHA-256."""

    name: str
    media_type: str
    content: bytes
    sha256: str


def sha256(content: bytes) -> str:
    """Hex SHA-256 of `content`, as recorded for every file filed or stored."""
    return hashlib.sha256(content).hexdigest()


def render_json(snapshot: ReportSnapshot, lang: Lang) -> bytes:
    """The snapshot itself, canonical: sorted keys, UTF-8, compact (language-independent)."""
    del lang  # the data is language-independent; labels belong to the other formats
    return snapshot.canonical_json()


def _renderer(fmt: Format) -> Callable[[ReportSnapshot, Lang], bytes]:
    # imported lazily: .json and .html need neither python-docx nor reportlab nor fonts
    if fmt == "docx":
        from anping.reports.docx import render_docx

        return render_docx
    if fmt == "pdf":
        from anping.reports.pdf import render_pdf

        return render_pdf
    if fmt == "html":
        from anping.reports.html import render_html

        return render_html
    return render_json


def file_name(snapshot: ReportSnapshot, fmt: Format, lang: Lang, *, full: bool) -> str:
    """e.g. sa-2018-SA-2026-0042-zh.pdf; the unmasked authority copy ends in -full."""
    suffix = "-full" if full else ""
    return f"{snapshot.regulation}-{snapshot.assessment_id}-{lang}{suffix}.{fmt}"


def render(
    snapshot: ReportSnapshot, fmt: Format, lang: Lang, *, full: bool = False
) -> RenderedFile:
    """Render `snapshot` as `fmt` in `lang`; personal data masked unless `full`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    shown = snapshot if full else snapshot.masked()
    content = _renderer(fmt)(shown, lang)
    return RenderedFile(
        name=file_name(snapshot, fmt, lang, full=full),
        media_type=MEDIA_TYPES[fmt],
        content=content,
        sha256=sha256(content),
    )
