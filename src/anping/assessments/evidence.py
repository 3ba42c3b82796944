"""Evidence files: the size limit, the type read from the content, and where files are kept.

The type is decided by the bytes, never by the name or the browser's claim: PDF, PNG, JPEG,
DOCX/XLSX (a ZIP with the parts of a Word or Excel document) and plain text/CSV. The file name's
extension must agree with what the bytes are, so an `.exe` renamed `.pdf` is refused. Files are
stored under `settings.MEDIA_ROOT` (outside the web root) with generated names and served only
through a permission-checked view.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from anping.core import files
from anping.core.errors import Invalid

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Sniffed type → (MIME type, extensions the file name may have).
TYPES: dict[str, tuple[str, frozenset[str]]] = {
    "pdf": ("application/pdf", frozenset({".pdf"})),
    "png": ("image/png", frozenset({".png"})),
    "jpeg": ("image/jpeg", frozenset({".jpg", ".jpeg"})),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({".docx"}),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        frozenset({".xlsx"}),
    ),
    "text": ("text/plain", frozenset({".txt", ".log", ".md"})),
    "csv": ("text/csv", frozenset({".csv"})),
}


class TooLarge(Invalid):
    status = 413
    code = "too_large"


class UnsupportedType(Invalid):
    status = 415
    code = "unsupported_type"


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _zip_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
        return controls == 0
    return False


def sniff(content: bytes) -> str | None:
    """What the bytes are (a key of TYPES, "text" for any plain text), or None."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        return _zip_type(content)
    if content and _is_text(content):
        return "text"
    return None


def check(content: bytes, filename: str) -> str:
    """The MIME type to store, or `UnsupportedType` when the bytes are not an accepted type or
    do not match the file name's extension."""
    kind = sniff(content)
    suffix = PurePath(filename).suffix.lower()
    if kind == "text" and suffix == ".csv":
        kind = "csv"
    if kind is None:
        raise UnsupportedType(
            _("不支持该文件类型：只接受 PDF、PNG、JPEG、DOCX、XLSX、纯文本和 CSV 文件。"),
            details={"filename": filename},
        )
    mime, suffixes = TYPES[kind]
    if suffix not in suffixes:
        raise UnsupportedType(
            _("文件内容与文件扩展名不符（内容为 %(kind)s）。") % {"kind": kind.upper()},
            details={"filename": filename, "detected": kind},
        )
    return mime


@dataclass(frozen=True)
class Stored:
    stored_name: str
    content_type: str
    size: int
    sha256: str


def read_upload(upload: object) -> bytes:
    """The content of an uploaded file, refused when larger than the limit."""
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise TooLarge(
            _("文件过大：上限为 %(mb)s MB。") % {"mb": limit // (1024 * 1024)},
            details={"limit": limit, "size": size},
        )
    content = upload.read(limit + 1)  # type: ignore[attr-defined]
    if len(content) > limit:
        raise TooLarge(
            _("文件过大：上限为 %(mb)s MB。") % {"mb": limit // (1024 * 1024)},
            details={"limit": limit},
        )
    return content


def store(content: bytes, filename: str) -> Stored:
    """Check the content and write it under MEDIA_ROOT with a generated name."""
    mime = check(content, filename)
    relative = files.new_name("evidence")
    files.write_new(relative, content)
    return Stored(relative, mime, len(content), hashlib.sha256(content).hexdigest())


path_of = files.media_path
discard = files.discard


def display_name(filename: str) -> str:
    """The uploader's file name, for display and downloads only (no directories)."""
    return files.display_name(filename, "evidence")


def download_response(revision: Any) -> FileResponse:
    """The file of an `EvidenceRevision` as an attachment; call only after a scoped read."""
    return files.attachment(revision.stored_name, revision.original_name, revision.content_type)
