"""Rendered report files: stored under MEDIA_ROOT with generated names, served only through a
permission-checked view or API handler (like evidence, `anping.assessments.evidence`)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse

from anping.core import files
from anping.reports import FORMATS, LANGS, RenderedFile


def store(rendered: RenderedFile) -> str:
    """Write the rendered bytes under MEDIA_ROOT/reports/…; returns the stored name."""
    stored_name = files.new_name("reports")
    files.write_new(stored_name, rendered.content)
    return stored_name


discard = files.discard


def read(stored_name: str) -> bytes:
    return files.media_path(stored_name).read_bytes()


def download_response(report_file: Any) -> FileResponse:
    """A stored report file as an attachment; call only after a scoped read."""
    return files.attachment(report_file.stored_name, report_file.name, report_file.media_type)


#: Every (format, language) a report is stored in.
KINDS: tuple[tuple[str, str], ...] = tuple((f, lang) for f in FORMATS for lang in LANGS)
