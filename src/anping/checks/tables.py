"""Reading a table check's input (CSV or Parquet) into DuckDB with explicit, canonical types.

The account, name and complaint checks read exports the platform made for the assessment: one
file, a header row, columns the assessor can rename (`columns`, canonical → file). Each column is
read as text and typed here (`Col`), because a type the engine guessed would silently turn an
unparseable value into a different one; rows whose needed values are empty or unparseable are
flagged (`_invalid`) and counted, never dropped in silence.

File formats, transcoding and SQL quoting are the log engines' (`anping.checks.engines`): one
reader for each thing. Unlike the log checks, a table check does not guess the encoding: a CSV
that is not UTF-8 makes it "cannot_decide" with a hint, unless `encoding` is given.
"""

# SQL here is assembled from quoted identifiers, internal constants and sql_list-escaped
# literals; values from users are bound as parameters or escaped. Hence no S608 per line.
# ruff: noqa: S608

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from anping.checks.engines.encoding import decodes_as, transcode_to_utf8
from anping.checks.engines.errors import InputError
from anping.checks.engines.files import FORMATS, read_head
from anping.checks.engines.readers import parquet_sql
from anping.checks.engines.sql import sql_ident, sql_list, sql_str
from anping.checks.result import InputFingerprint, fingerprint

ColType = Literal["VARCHAR", "DATE", "BOOLEAN", "BIGINT"]

_TRUE = ("1", "true", "t", "y", "yes", "是", "已认证", "已实名", "verified")
_FALSE = ("0", "false", "f", "n", "no", "否", "未认证", "未实名", "unverified")


@dataclass(frozen=True)
class Col:
    """A canonical column: its type, whether it may be empty, whether it may be absent."""

    type: ColType
    nullable: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Table:
    """A typed copy of an input in DuckDB: canonical columns plus `_invalid` (row unusable)."""

    name: str
    rows: int
    invalid: int
    fingerprint: InputFingerprint
    present: frozenset[str]


def _parse(source: str, col: Col) -> str:
    """SQL turning a raw column into its canonical type; NULL when it cannot be parsed."""
    text = f"NULLIF(trim(CAST({source} AS VARCHAR)), '')"
    if col.type == "DATE":
        return (
            f"coalesce(TRY_CAST({source} AS DATE), TRY_CAST(TRY_CAST({text} AS TIMESTAMP) AS DATE))"
        )
    if col.type == "BOOLEAN":
        low = f"lower({text})"
        return f"CASE WHEN {low} IN ({sql_list(_TRUE)}) THEN true WHEN {low} IN ({sql_list(_FALSE)}) THEN false END"
    if col.type == "BIGINT":
        return f"TRY_CAST({text} AS BIGINT)"
    return text


@contextmanager
def open_table_file(
    con: duckdb.DuckDBPyConnection, path: Path, encoding: str
) -> Iterator[tuple[str, list[str]]]:
    """The DuckDB reader SQL for a file and the columns it has.

    A CSV in another declared encoding is read from a transcoded UTF-8 copy, removed on exit.
    """
    suffix = path.suffix.lower()
    fmt = FORMATS.get(suffix)
    temp: Path | None = None
    if fmt == "parquet":
        source = parquet_sql([path])
    elif fmt == "csv":
        if codecs.lookup(encoding).name != "utf-8":
            temp = transcode_to_utf8(path, "none", encoding)
        source = f"read_csv({sql_str(str(temp or path))}, header=true, all_varchar=true)"
    else:
        raise InputError(
            f"{path.name}：不支持的文件类型{suffix!r}，请提供CSV或Parquet文件",
            f"{path.name}: unsupported file type {suffix!r}; give CSV or Parquet",
        )
    try:
        yield source, _columns_of(con, source, path)
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _encoding_problem(path: Path) -> InputError:
    """DuckDB met bytes that are not UTF-8: say so, and guess GBK when the head decodes as it."""
    if decodes_as(read_head(path, "none"), "gb18030"):
        guess_en, guess_zh = (
            " (it looks like GBK/GB18030, as Excel saves it)",
            "（疑似GBK/GB18030）",
        )
    else:
        guess_en = guess_zh = ""
    return InputError(
        f"{path.name}：文件不是UTF-8编码{guess_zh}；请另存为UTF-8，或设置encoding='gb18030'",
        f"{path.name}: the file is not UTF-8{guess_en}; save it as UTF-8 or set encoding='gb18030'",
    )


def _read_failure(path: Path, error: duckdb.Error) -> InputError:
    """The InputError for a DuckDB read error: an encoding problem, or the file unreadable."""
    text = str(error).lower()
    if "unicode" in text or "utf-8" in text:
        return _encoding_problem(path)
    return InputError(
        f"{path.name}：无法读取（{type(error).__name__}）",
        f"{path.name}: cannot be read ({type(error).__name__})",
    )


def _columns_of(con: duckdb.DuckDBPyConnection, source: str, path: Path) -> list[str]:
    try:
        described = con.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error as error:
        raise _read_failure(path, error) from None
    return [str(row[0]) for row in described]


def missing_columns(path: Path, missing: dict[str, str], found: list[str]) -> InputError:
    """The InputError for canonical columns (as mapped) the file does not have."""
    wanted = ", ".join(f"{canon} (as {col!r})" for canon, col in missing.items())
    return InputError(
        f"{path.name}：缺少列 {wanted}；文件中的列为 {found}。可用参数columns映射列名。",
        f"{path.name}: missing column(s) {wanted}; the file has {found}. "
        "Map your column names with the `columns` parameter.",
    )


def read_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    schema: Mapping[str, Col],
    columns: Mapping[str, str] | None = None,
    *,
    encoding: str = "utf-8",
) -> Table:
    """Load `path` into the DuckDB temp table `name` with the canonical, typed `schema` columns.

    `columns` maps canonical names to the file's names. Raises InputError for a missing,
    empty or unreadable file, a missing column or a file without rows.
    """
    if not path.is_file():
        raise InputError(f"{path.name}：文件不存在", f"{path.name}: file not found")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}：文件为空", f"{path.name}: the file is empty")
    with open_table_file(con, path, encoding) as (source, found):
        present = _load(con, path, source, found, name, schema, dict(columns or {}))
    return counted(con, path, name, present)


def counted(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, present: frozenset[str]
) -> Table:
    """The `Table` for a temp table just created from `path`; no rows at all is an InputError."""
    rows, invalid = con.sql(f"SELECT count(*), count(*) FILTER (_invalid) FROM {name}").fetchall()[
        0
    ]
    if rows == 0:
        raise InputError(f"{path.name}：没有数据行", f"{path.name}: no data rows")
    return Table(name, int(rows), int(invalid), fingerprint(path), present)


def _load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: str,
    found: list[str],
    name: str,
    schema: Mapping[str, Col],
    mapping: dict[str, str],
) -> frozenset[str]:
    """CREATE the typed temp table; returns the canonical columns the file has."""
    wanted = {canon: mapping.get(canon, canon) for canon in schema}
    missing = {c: col for c, col in wanted.items() if col not in found and not schema[c].optional}
    if missing:
        raise missing_columns(path, missing, found)
    selects, bad, present = [], [], set()
    for canon, col in schema.items():
        if wanted[canon] not in found:
            selects.append(f"CAST(NULL AS {col.type}) AS {sql_ident(canon)}")
            continue
        present.add(canon)
        raw = sql_ident(wanted[canon])
        parsed = _parse(raw, col)
        selects.append(f"{parsed} AS {sql_ident(canon)}")
        empty = f"NULLIF(trim(CAST({raw} AS VARCHAR)), '') IS NULL"
        bad.append(f"({parsed} IS NULL AND NOT ({empty}))")
        if not col.nullable:
            bad.append(f"({empty})")
    invalid = " OR ".join(bad) or "false"
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {', '.join(selects)}, "
            f"({invalid}) AS _invalid FROM {source}"
        )
    except duckdb.Error as error:
        raise _read_failure(path, error) from None
    return frozenset(present)
