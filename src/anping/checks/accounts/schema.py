"""The account register export every account and name check reads: its canonical columns, the
parameters that locate and map it, and which statuses count as "still in service"."""

# SQL here is assembled from quoted identifiers, internal constants and sql_list-escaped
# literals; values from users are bound as parameters or escaped. Hence no S608 per line.

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from anping.checks.engines.sql import sql_list
from anping.checks.tables import Col, Table, read_table

#: Statuses that mean "still served" unless the platform's own list is given.
IN_SERVICE = ("active", "normal", "正常", "在用", "启用", "使用中")

ACCOUNT_SCHEMA: dict[str, Col] = {
    "account_id": Col("VARCHAR"),
    "subject_hash": Col("VARCHAR"),
    "verified": Col("BOOLEAN"),
    "registered": Col("DATE"),
    "last_login": Col("DATE", nullable=True),
    "status": Col("VARCHAR"),
    "name": Col("VARCHAR"),
}


class RegisterParams(BaseModel):
    """Where the account export is, how to read it and which statuses are still served."""

    model_config = ConfigDict(extra="forbid")

    accounts: Path
    columns: dict[str, str] = Field(default_factory=dict, description="canonical → file column")
    encoding: str = "utf-8"
    in_service_statuses: tuple[str, ...] = IN_SERVICE


class AccountParams(RegisterParams):
    """Where the account export is and how to read it."""

    as_of: dt.date = Field(default_factory=dt.date.today, description="assessment date")


def read_accounts(con: duckdb.DuckDBPyConnection, p: AccountParams, *cols: str) -> Table:
    """The export as the temp table `accounts`: account_id plus the columns a check needs."""
    schema = {c: ACCOUNT_SCHEMA[c] for c in ("account_id", *cols)}
    return read_table(con, p.accounts, "accounts", schema, p.columns, encoding=p.encoding)


def in_service_sql(statuses: Sequence[str]) -> str:
    """SQL: the row's status is one the platform still serves."""
    return f"lower(status) IN ({sql_list([s.lower() for s in statuses])})"
