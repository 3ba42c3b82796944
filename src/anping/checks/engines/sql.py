"""Quoting for the SQL the readers assemble: file names, column names and values are data."""

from __future__ import annotations

from collections.abc import Sequence


def sql_str(value: str) -> str:
    """A SQL string literal (file names and column names are data, never SQL)."""
    return "'" + value.replace("'", "''") + "'"


def sql_ident(value: str) -> str:
    """A quoted SQL identifier."""
    return '"' + value.replace('"', '""') + '"'


def sql_list(values: Sequence[str]) -> str:
    """Comma-separated SQL string literals, e.g. for ``IN (…)``."""
    return ", ".join(sql_str(v) for v in values)
