"""Stored files (evidence, rendered reports, check inputs): one place for where they live.

Files sit under `settings.MEDIA_ROOT`, outside the web root, under generated names — never the
uploader's file name as a path — and leave only as attachments from permission-checked views.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone


def media_path(stored_name: str) -> Path:
    """The absolute path of a stored name; a name that escapes MEDIA_ROOT is not found."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise FileNotFoundError(stored_name)
    return path


def new_name(folder: str) -> str:
    """A fresh stored name: `<folder>/<year>/<month>/<random hex>`."""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


def write_new(stored_name: str, content: bytes) -> None:
    """Write a file that must not exist yet (names are generated, so a clash is a bug)."""
    path = media_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as handle:
        handle.write(content)


def discard(stored_name: str) -> None:
    """Remove a stored file whose database row was not written (or no longer needs it)."""
    with contextlib.suppress(FileNotFoundError):
        media_path(stored_name).unlink(missing_ok=True)


def display_name(filename: str, default: str) -> str:
    """The uploader's file name for display and downloads only: no directories, ≤ 255 chars."""
    return (PurePath((filename or "").replace("\\", "/")).name.strip() or default)[:255]


def attachment(stored_name: str, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download; call only after a scoped read of its record."""
    try:
        handle = media_path(stored_name).open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
