"""Files opened in an in-process DuckDB under a memory limit, as a role-named Ibis table.

Memory stays flat: DuckDB streams aggregates under a ``memory_limit`` and spills to a temporary
directory; nothing is loaded into Python. Lines DuckDB had to skip are counted, never dropped in
silence.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis  # type: ignore[import-untyped]

from anping.checks.engines.errors import first_line
from anping.checks.engines.files import Compression, check_nonempty, expand_inputs, one_format
from anping.checks.engines.readers import ndjson_sql, reader_sql
from anping.checks.engines.source import Source, project_roles, resolve_mapping
from anping.checks.engines.sql import sql_str
from anping.checks.result import fingerprint


@dataclass(frozen=True)
class EngineSettings:
    """Resource limits for the in-process engine: a small machine must not run out of memory."""

    memory_limit: str = "1GB"
    threads: int | None = None  # None: all cores
    temp_directory: str | None = None  # where DuckDB spills; None: the system temp directory


def duckdb_connection(settings: EngineSettings) -> Any:
    """An in-process DuckDB with memory and thread limits and a spill directory."""
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit={sql_str(settings.memory_limit)}")
    if settings.threads:
        con.execute(f"SET threads={int(settings.threads)}")
    con.execute(f"SET temp_directory={sql_str(settings.temp_directory or tempfile.gettempdir())}")
    con.execute("SET preserve_insertion_order=false")  # lets aggregates stream
    con.execute("SET TimeZone='UTC'")  # epoch values are UTC; wall-clock text stays as written
    con.execute("SET enable_progress_bar=true")
    con.execute("SET enable_progress_bar_print=false")
    return con


@contextmanager
def open_files(
    patterns: Sequence[str],
    roles: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str] | None = None,
    *,
    encoding: str | None = None,
    settings: EngineSettings | None = None,
    fingerprints: bool = True,
) -> Iterator[tuple[Source, dict[str, str | None]]]:
    """Open log files in DuckDB as a role-named Ibis table; yields (source, resolved mapping).

    Raises `InputError` for anything that makes the input unreadable before the scan: no file,
    unknown format, empty file, undecodable header, a mapped column the file does not have.
    """
    settings = settings or EngineSettings()
    paths = expand_inputs(patterns)
    check_nonempty(paths)
    fmt, compression = one_format(paths)
    workdir = tempfile.mkdtemp(prefix="anping-", dir=settings.temp_directory)
    notes: list[str] = []
    try:
        sql, columns = reader_sql(paths, fmt, compression, encoding, workdir, notes)
        resolved = resolve_mapping(columns, roles, mapping)
        con = duckdb_connection(settings)
        backend = ibis.duckdb.from_connection(con)
        con.execute(f"CREATE TEMP VIEW anping_input AS FROM {sql}")
        tolerate = (
            _tolerant_json(con, paths, columns, compression, notes) if fmt == "ndjson" else None
        )
        table = project_roles(backend.table("anping_input"), resolved)
        source = Source(
            table=table,
            engine="duckdb",
            inputs=tuple(fingerprint(p) for p in paths) if fingerprints else (),
            notes=notes,
            rejected=_rejects_counter(con) if fmt == "csv" else (lambda: 0),
            progress=lambda: _duckdb_progress(con),
        )
        if tolerate is not None:
            source.tolerate = tolerate
        try:
            yield source, resolved
        finally:
            con.close()
    finally:
        _remove_tree(workdir)


def _tolerant_json(
    con: Any, paths: list[Path], columns: list[str], compression: Compression, notes: list[str]
) -> Callable[[BaseException], bool]:
    """After a JSON parse error, swap the view for a reader that skips bad lines (once)."""
    done: list[bool] = []

    def tolerate(exc: BaseException) -> bool:
        if done or "json" not in str(exc).lower():
            return False
        done.append(True)
        notes.append(f"malformed JSON lines skipped and counted: {first_line(exc)}")
        reader = ndjson_sql(paths, columns, compression, ignore_errors=True)
        con.execute(f"CREATE OR REPLACE TEMP VIEW anping_input AS FROM {reader}")
        return True

    return tolerate


def _rejects_counter(con: Any) -> Callable[[], int]:
    def count() -> int:
        try:
            row = con.execute(
                "SELECT count(DISTINCT (file_id, line)) FROM reject_errors"
            ).fetchone()
        except Exception:  # no rejects table: nothing was rejected
            return 0
        return int(row[0]) if row else 0

    return count


def _duckdb_progress(con: Any) -> float | None:
    try:
        value = float(con.query_progress())
    except Exception:
        return None
    return value if value >= 0 else None


def _remove_tree(directory: str) -> None:
    for root, dirs, files in os.walk(directory, topdown=False):
        for name in files:
            with suppress(OSError):
                os.remove(os.path.join(root, name))
        for name in dirs:
            with suppress(OSError):
                os.rmdir(os.path.join(root, name))
    with suppress(OSError):
        os.rmdir(directory)
