"""Which files a run reads and what they are: globs, format and compression from the name,
and a decompressed look at their first bytes (never the whole file in memory)."""

from __future__ import annotations

import glob
import gzip
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Literal

from anping.checks.engines.errors import InputError, unreadable

Format = Literal["ndjson", "csv", "parquet"]
Compression = Literal["none", "gzip", "zstd"]

FORMATS: dict[str, Format] = {
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".json": "ndjson",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
COMPRESSIONS: dict[str, Compression] = {
    ".gz": "gzip",
    ".gzip": "gzip",
    ".zst": "zstd",
    ".zstd": "zstd",
}
SNIFF_BYTES = 1 << 16  # enough for a CSV header or a hundred NDJSON records


def expand_inputs(patterns: Sequence[str]) -> list[Path]:
    """Paths and globs to a sorted list of files; a pattern matching nothing is an error."""
    files: list[Path] = []
    for pattern in patterns:
        path = Path(pattern).expanduser()
        if path.is_file():
            matches = [path]
        elif path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.is_file())
        else:
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            matches = [p for p in matches if p.is_file()]
        if not matches:
            raise InputError(f"找不到输入文件：{pattern}", f"no input file matches {pattern!r}")
        files.extend(matches)
    if not files:
        raise InputError("未指定输入文件", "no input files given")
    return list(dict.fromkeys(files))


def detect_format(path: Path) -> tuple[Format, Compression]:
    """Format and compression from the file name, e.g. ``app.ndjson.zst`` → (ndjson, zstd)."""
    suffixes = [s.lower() for s in path.suffixes]
    compression: Compression = "none"
    if suffixes and suffixes[-1] in COMPRESSIONS:
        compression = COMPRESSIONS[suffixes.pop()]
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise InputError(
            f"无法识别文件格式：{path.name}（支持 .ndjson/.jsonl/.csv/.parquet，可加 .gz/.zst）",
            f"unknown file format: {path.name} (use .ndjson/.jsonl/.csv/.parquet,"
            " optionally .gz/.zst)",
        )
    return fmt, compression


@contextmanager
def open_decompressed(path: Path, compression: Compression) -> Iterator[IO[bytes]]:
    """A byte stream of the file's content, decompressed on the fly (never all in memory)."""
    with path.open("rb") as raw:
        if compression == "gzip":
            with gzip.GzipFile(fileobj=raw) as stream:
                yield stream  # type: ignore[misc]
        elif compression == "zstd":
            import zstandard

            with zstandard.ZstdDecompressor().stream_reader(raw) as zstream:
                yield io.BufferedReader(zstream)
        else:
            yield raw


def read_head(path: Path, compression: Compression, size: int = SNIFF_BYTES) -> bytes:
    """The first `size` bytes of content; an unreadable or empty file raises `InputError`."""
    try:
        with open_decompressed(path, compression) as stream:
            head = stream.read(size)
    except Exception as exc:  # OSError, EOFError, zstandard.ZstdError: damaged or truncated
        raise unreadable(path, exc) from exc
    if not head.strip():
        raise InputError(f"文件为空：{path.name}", f"empty file: {path.name}")
    return head


def check_nonempty(paths: Sequence[Path]) -> None:
    """An empty file is an error before any reader sees it."""
    for path in paths:
        if path.stat().st_size == 0:
            raise InputError(f"文件为空：{path.name}", f"empty file: {path.name}")


def one_format(paths: Sequence[Path]) -> tuple[Format, Compression]:
    """The one format and compression of a run's files (one reader reads them all)."""
    kinds = {detect_format(p) for p in paths}
    if len(kinds) > 1:
        raise InputError(
            "一次检查的输入文件须为同一格式和压缩方式",
            "all input files of one run must have the same format and compression",
        )
    return kinds.pop()
