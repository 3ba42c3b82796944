"""The encoding of a text input: UTF-8, else GB18030 (GBK, as Excel saves Chinese CSVs), and
a streaming transcoder to UTF-8 because DuckDB reads UTF-8 only."""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from anping.checks.engines.errors import InputError, unreadable
from anping.checks.engines.files import Compression, open_decompressed

FALLBACK_ENCODINGS = ("gb18030",)  # a superset of GBK and GB2312: Chinese exports use these


def decodes_as(head: bytes, encoding: str) -> bool:
    """Whether the first bytes of a file are valid in `encoding`; a multi-byte character cut
    off at the end of the sample does not count against it."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(head: bytes, forced: str | None = None) -> str:
    """UTF-8 if the head decodes as UTF-8 (a cut multi-byte character at the end is fine),
    else GB18030 (GBK) if that decodes; otherwise an error naming the file's problem."""
    if forced:
        return codecs.lookup(forced).name
    for encoding in ("utf-8", *FALLBACK_ENCODINGS):
        if decodes_as(head, encoding):
            return encoding
    raise InputError(
        "无法识别文件编码（既非 UTF-8 也非 GBK/GB18030），请用 encoding 参数指定",
        "cannot tell the file's encoding (neither UTF-8 nor GBK/GB18030); set the encoding"
        " parameter",
    )


def transcode_to_utf8(
    path: Path, compression: Compression, encoding: str, directory: str | None = None
) -> Path:
    """Stream a non-UTF-8 CSV (e.g. a GBK export from Excel) into a UTF-8 temporary file.

    DuckDB reads UTF-8 (and UTF-16/Latin-1) only; GBK needs transcoding. Chunks of 1 MiB keep
    memory flat; a byte sequence that is not valid in the encoding is an error, not a guess.
    Both the log engines and the table reader (`anping.checks.tables`) transcode through here.
    """
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="anping-utf8-", dir=directory)
    os.close(handle)
    target = Path(name)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open_decompressed(path, compression) as src, target.open("w", encoding="utf-8") as out:
            while block := src.read(1 << 20):
                out.write(decoder.decode(block))
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        target.unlink(missing_ok=True)
        raise InputError(
            f"{path.name} 含有不符合 {encoding} 编码的字节（位置约 {exc.start}）",
            f"{path.name} has bytes that are not valid {encoding} (near byte {exc.start})",
        ) from exc
    except Exception as exc:
        target.unlink(missing_ok=True)
        raise unreadable(path, exc) from exc
    return target
