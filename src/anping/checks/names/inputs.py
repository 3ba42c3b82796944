"""What the name checks read: the in-service accounts of the export, and the reference lists
(a .txt list, one name a line, or a CSV/Parquet table with a `name` column)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from anping.checks.accounts.schema import RegisterParams, in_service_sql
from anping.checks.engines.errors import InputError
from anping.checks.tables import Col, Table, read_table

NAME_SCHEMA: dict[str, Col] = {
    "account_id": Col("VARCHAR"),
    "name": Col("VARCHAR"),
    "status": Col("VARCHAR"),
    "registered": Col("DATE", nullable=True, optional=True),
}
REFERENCE_SCHEMA: dict[str, Col] = {
    "name": Col("VARCHAR"),
    "account_id": Col("VARCHAR", nullable=True, optional=True),
    "closed_on": Col("DATE", nullable=True, optional=True),
}


@dataclass(frozen=True)
class RegisterRows:
    """In-service accounts of the export: ids, names, registration dates."""

    table: Table
    ids: list[str]
    names: list[str]
    registered: list[dt.date | None]


def read_register(con: duckdb.DuckDBPyConnection, p: RegisterParams) -> RegisterRows:
    table = read_table(con, p.accounts, "accounts", NAME_SCHEMA, p.columns, encoding=p.encoding)
    rows = con.sql(
        "SELECT account_id, name, registered FROM accounts "  # noqa: S608 - escaped literals
        f"WHERE NOT _invalid AND {in_service_sql(p.in_service_statuses)} ORDER BY account_id"
    ).fetchall()
    return RegisterRows(table, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])


def read_lines(path: Path) -> list[str]:
    """A .txt list: one entry a line, blank lines and lines starting with # ignored."""
    if not path.is_file():
        raise InputError(f"{path.name}：文件不存在", f"{path.name}: file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path.name}：文件不是UTF-8编码（疑似GBK/GB18030），请另存为UTF-8",
            f"{path.name}: the file is not UTF-8 (GBK/GB18030?); save it as UTF-8",
        ) from None
    lines = [s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#")]
    if not lines:
        raise InputError(f"{path.name}：名单为空", f"{path.name}: the list is empty")
    return lines


def read_references(
    con: duckdb.DuckDBPyConnection, path: Path, p: RegisterParams
) -> tuple[list[tuple[str, str | None, dt.date | None]], Table | None]:
    """(name, account id, closed on) rows of a reference list, and its Table if tabular."""
    if path.suffix.lower() == ".txt":
        return [(n, None, None) for n in read_lines(path)], None
    table = read_table(con, path, "refs", REFERENCE_SCHEMA, p.columns, encoding=p.encoding)
    rows = con.sql("SELECT name, account_id, closed_on FROM refs WHERE NOT _invalid").fetchall()
    return [(r[0], r[1], r[2]) for r in rows], table


def packaged_keywords() -> list[str]:
    """The keywords shipped in `data/protected_keywords.txt`."""
    from importlib import resources

    text = resources.files("anping.checks").joinpath("data", "protected_keywords.txt")
    return [
        s.strip()
        for s in text.read_text(encoding="utf-8").splitlines()
        if s.strip() and not s.startswith("#")
    ]
