"""Shared fixtures for the evidence checks: small inputs generated in tmp_path, never committed.

The checks run without Django or a database; this file replaces the suite's Django-settings
fixture accordingly. Add fixtures for other checks below their own heading.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> None:
    """Replaces the suite's Django-settings fixture: checks run without Django."""


# --- logs (anping.checks.logs) ----------------------------------------------------------------

LogRow = dict[str, Any]


def log_rows(
    start: dt.date,
    end: dt.date,
    per_day: int = 2,
    skip: Iterable[dt.date] = (),
) -> list[LogRow]:
    """Well-formed log records (sa-2018 Art. 5(3) fields) for every day in [start, end]."""
    skipped = set(skip)
    rows: list[LogRow] = []
    day = start
    n = 0
    while day <= end:
        if day not in skipped:
            for k in range(per_day):
                n += 1
                rows.append(
                    {
                        "user_id": f"user{n % 17:04d}",
                        "ts": f"{day.isoformat()} {8 + k % 12:02d}:15:00",
                        "action": ("login", "post", "logout")[n % 3],
                        "src_ip": f"10.{n % 256}.{(n * 7) % 256}.{(n * 13) % 256}"
                        if n % 5
                        else f"2001:db8::{n % 65536:x}",
                        "dst_ip": "203.0.113.10",
                        "src_port": str(1024 + n % 60000),
                        "device_id": f"imei-86{n:013d}",
                    }
                )
        day += dt.timedelta(days=1)
    return rows


class LogFiles:
    """Writes log rows as NDJSON (plain, gzip, zstd), CSV (any encoding) or Parquet."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def ndjson(self, name: str, rows: Iterable[LogRow]) -> Path:
        path = self.root / name
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        if name.endswith(".gz"):
            text = gzip.compress(text)
        elif name.endswith(".zst"):
            import zstandard

            text = zstandard.ZstdCompressor().compress(text)
        path.write_bytes(text)
        return path

    def csv(self, name: str, rows: list[LogRow], encoding: str = "utf-8") -> Path:
        path = self.root / name
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return path

    def parquet(self, name: str, rows: list[LogRow]) -> Path:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        typed = [
            r | {"ts": dt.datetime.fromisoformat(r["ts"]), "src_port": int(r["src_port"])}
            for r in rows
        ]
        path = self.root / name
        pq.write_table(pa.Table.from_pylist(typed), path)
        return path

    def raw(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path


@pytest.fixture
def log_files(tmp_path: Path) -> LogFiles:
    """A writer of small log inputs in tmp_path."""
    return LogFiles(tmp_path)


@pytest.fixture(scope="session")
def make_log_rows() -> Callable[..., list[LogRow]]:
    """`log_rows(start, end, per_day=2, skip=())`: well-formed records for each day."""
    return log_rows
