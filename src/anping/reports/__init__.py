"""Security assessment reports (sa-2018 Art. 6 ¶2): one frozen snapshot, four formats, two languages.

`ReportSnapshot` (in `snapshot`) is everything a report shows; `render(snapshot, fmt, lang)` turns
it into .docx, .pdf, .html or .json with the file's SHA-256. Pure Python: no Django. The workflow
layer builds the snapshot and stores what `render` returns. See docs/reports.md.
"""

from __future__ import annotations

from anping.reports.fonts import MissingCJKFont
from anping.reports.render import FORMATS, MEDIA_TYPES, Format, RenderedFile, render, sha256
from anping.reports.snapshot import (
    LANGS,
    SCHEMA_VERSION,
    Lang,
    ReportSnapshot,
    load,
)

__all__ = [
    "FORMATS",
    "LANGS",
    "MEDIA_TYPES",
    "SCHEMA_VERSION",
    "Format",
    "Lang",
    "MissingCJKFont",
    "RenderedFile",
    "ReportSnapshot",
    "load",
    "render",
    "sample",
    "sha256",
]


def sample() -> ReportSnapshot:
    """The complete sample snapshot shipped in `examples/sample.json` (docs, demos, tests)."""
    from importlib.resources import files

    return load(files("anping.reports").joinpath("examples/sample.json").read_bytes())
