"""Rendered report files: stored under MEDIA_ROOT with generated names, served only through a
permission-checked view or API handler (like evidence, `anping.assessments.evidence`)."""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone

from anping.assessments.evidence import path_of
from anping.reports import FORMATS, LANGS, RenderedFile


def store(rendered: RenderedFile) -> str:
    """Write the rendered bytes under MEDIA_ROOT/reports/…; returns the stored name."""
    relative = f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as handle:
        handle.write(rendered.content)
    return relative


def discard(stored_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_of(stored_name).unlink(missing_ok=True)


def read(stored_name: str) -> bytes:
    return path_of(stored_name).read_bytes()


def download_response(report_file: Any) -> FileResponse:
    """A stored report file as an attachment; call only after a scoped read."""
    try:
        handle = path_of(report_file.stored_name).open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report_file.name,
        content_type=report_file.media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


#: Every (format, language) a report is stored in.
KINDS: tuple[tuple[str, str], ...] = tuple((f, lang) for f in FORMATS for lang in LANGS)
