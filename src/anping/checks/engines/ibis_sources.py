"""Tables that live elsewhere, opened through Ibis: the check's aggregate runs in that engine
(PostgreSQL, ClickHouse, Trino, Spark…) and only a few hundred rows come back."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]

from anping.checks.engines.errors import InputError, first_line
from anping.checks.engines.source import Source, project_roles, resolve_mapping


@contextmanager
def open_url(
    url: str,
    table_name: str,
    roles: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
) -> Iterator[tuple[Source, dict[str, str | None]]]:
    """Open a table through an Ibis connection URL; the check's aggregate runs in that engine.

    Examples: ``duckdb:///data/logs.duckdb``, ``postgres://user@host/db``,
    ``clickhouse://user@host:9000/db``, ``trino://user@host:8080/catalog/schema``.
    """
    try:
        backend = ibis.connect(url)
    except Exception as exc:
        raise InputError(
            f"无法连接 {redact_url(url)}：{first_line(exc)}",
            f"cannot connect to {redact_url(url)}: {first_line(exc)}",
        ) from exc
    try:
        try:
            raw = backend.table(table_name)
        except Exception as exc:
            raise InputError(
                f"表 {table_name!r} 不存在或无法读取：{first_line(exc)}",
                f"table {table_name!r} does not exist or cannot be read: {first_line(exc)}",
            ) from exc
        resolved = resolve_mapping(list(raw.columns), roles, mapping)
        source = Source(table=project_roles(raw, resolved), engine=f"ibis:{backend.name}")
        yield source, resolved
    finally:
        with suppress(Exception):
            backend.disconnect()


def from_table(
    table: ir.Table,
    roles: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
    engine: str = "ibis",
) -> tuple[Source, dict[str, str | None]]:
    """A source from any Ibis table, e.g. a Spark DataFrame registered in a pyspark backend."""
    resolved = resolve_mapping(list(table.columns), roles, mapping)
    return Source(table=project_roles(table, resolved), engine=engine), resolved


def redact_url(url: str) -> str:
    """A URL without its password, fit for messages and stored parameters."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url
