"""DuckDB readers with explicit schemas: the columns are sniffed here, never guessed by the
engine, because engines infer types differently and a guessed type would silently drop values."""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from anping.checks.engines.encoding import detect_encoding, transcode_to_utf8
from anping.checks.engines.errors import InputError, unreadable
from anping.checks.engines.files import Compression, Format, read_head
from anping.checks.engines.sql import sql_str

SNIFF_RECORDS = 200


def sniff_ndjson_columns(path: Path, compression: Compression) -> list[str]:
    """Keys of the first records of an NDJSON file, in order of first appearance."""
    head = read_head(path, compression)
    keys: dict[str, None] = {}
    records = 0
    for line in head.splitlines()[:SNIFF_RECORDS]:
        with suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict):
                keys.update(dict.fromkeys(record))
                records += 1
    if not records:
        raise InputError(
            f"{path.name} 的开头没有可读的 JSON 记录（每行一条 JSON 对象）",
            f"{path.name} does not start with readable JSON records (one object per line)",
        )
    return list(keys)


@dataclass(frozen=True)
class CsvDialect:
    """What DuckDB needs to read a CSV without guessing: delimiter, header and encoding."""

    delimiter: str
    columns: tuple[str, ...]
    encoding: str


def sniff_csv(path: Path, compression: Compression, encoding: str | None) -> CsvDialect:
    """Header, delimiter and encoding of a CSV file, from its first 64 KiB."""
    head = read_head(path, compression)
    enc = detect_encoding(head, encoding)
    text = codecs.getincrementaldecoder(enc)(errors="replace").decode(head, final=False)
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.splitlines() else ""
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = ","
    columns = tuple(next(csv.reader([first], delimiter=delimiter)))
    if not any(c.strip() for c in columns):
        raise InputError(f"{path.name} 没有表头行", f"{path.name} has no header row")
    return CsvDialect(delimiter, columns, enc)


def _columns_struct(columns: Sequence[str]) -> str:
    return "{" + ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in columns) + "}"


def _file_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join(sql_str(str(p)) for p in paths) + "]"


def ndjson_sql(
    paths: Sequence[Path],
    columns: Sequence[str],
    compression: Compression,
    ignore_errors: bool = False,
) -> str:
    """DuckDB's NDJSON reader with every column typed VARCHAR.

    Strict by default (the fast path: a clean file is parsed once). With ``ignore_errors`` a
    garbled line becomes a row of NULLs instead of failing the run; the check counts the rows
    that came back empty as unreadable and reports them, so nothing passes in silence.
    """
    return (
        f"read_json({_file_list(paths)},"
        f" format='newline_delimited', columns={_columns_struct(columns)},"
        f" compression='{compression_for_duckdb(compression)}', "
        f" ignore_errors={str(ignore_errors).lower()}, maximum_object_size=16777216)"
    )


def csv_sql(paths: Sequence[Path], dialect: CsvDialect, compression: Compression) -> str:
    """DuckDB's CSV reader with the sniffed header, all text, and rejected lines stored."""
    return (
        f"read_csv({_file_list(paths)}, header=true, auto_detect=false,"
        f" delim={sql_str(dialect.delimiter)}, quote='\"', escape='\"',"
        f" columns={_columns_struct(dialect.columns)},"
        f" compression='{compression_for_duckdb(compression)}', store_rejects=true,"
        " max_line_size=16777216)"
    )


def parquet_sql(paths: Sequence[Path]) -> str:
    """Parquet carries its own schema; the check types each column from it."""
    return f"read_parquet({_file_list(paths)})"


def compression_for_duckdb(compression: Compression) -> str:
    return {"none": "none", "gzip": "gzip", "zstd": "zstd"}[compression]


def parquet_columns(path: Path) -> list[str]:
    """Column names from a Parquet footer; a truncated file fails here, clearly."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:
        raise unreadable(path, exc) from exc


def reader_sql(
    paths: list[Path],
    fmt: Format,
    compression: Compression,
    encoding: str | None,
    workdir: str,
    notes: list[str],
) -> tuple[str, list[str]]:
    """The DuckDB reader for the files and the columns they have (explicit schema)."""
    if fmt == "parquet":
        columns = parquet_columns(paths[0])
        for path in paths[1:]:
            parquet_columns(path)
        return parquet_sql(paths), columns
    if fmt == "ndjson":
        seen: dict[str, None] = {}
        for path in paths:
            seen.update(dict.fromkeys(sniff_ndjson_columns(path, compression)))
        return ndjson_sql(paths, list(seen), compression), list(seen)
    dialects = [sniff_csv(p, compression, encoding) for p in paths]
    if len({d.columns for d in dialects}) > 1:
        raise InputError("各 CSV 文件的表头不一致", "the CSV files do not share one header")
    readable: list[Path] = []
    for path, dialect in zip(paths, dialects, strict=True):
        if dialect.encoding in ("utf-8", "utf_8"):
            readable.append(path)
            continue
        notes.append(f"{path.name}: transcoded from {dialect.encoding} to UTF-8")
        readable.append(transcode_to_utf8(path, compression, dialect.encoding, workdir))
    plain = any(dialect.encoding not in ("utf-8", "utf_8") for dialect in dialects)
    return csv_sql(readable, dialects[0], "none" if plain else compression), list(
        dialects[0].columns
    )
