"""Generate a synthetic network log (NDJSON) for the log-check benchmark; nothing is committed.

Each record has the seven fields of sa-2018 Art. 5(3): account, time, type of operation, source
and destination address (10 % IPv6), source port and a device id, spread over `--days` days
before `--end`. DuckDB writes it, so five million rows take seconds, not minutes.

    python benchmarks/generate_logs.py --rows 5000000 --out /tmp/anping-bench/logs-1x.ndjson
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import duckdb

SQL = """
COPY (
    SELECT
        'u' || lpad(CAST(hash(i) % 1000000 AS VARCHAR), 7, '0') AS user_id,
        strftime(TIMESTAMP '{end}' - INTERVAL (i % {seconds}) SECOND, '%Y-%m-%d %H:%M:%S') AS ts,
        ['login', 'logout', 'post', 'comment', 'like', 'view'][1 + (i % 6)] AS action,
        CASE WHEN i % 10 = 0
            THEN '2001:db8:' || printf('%x', i % 65536) || '::' || printf('%x', (i * 7) % 65536)
            ELSE CAST(10 + (i % 200) AS VARCHAR) || '.' || CAST((i * 7) % 256 AS VARCHAR) || '.'
                 || CAST((i * 13) % 256 AS VARCHAR) || '.' || CAST((i * 31) % 256 AS VARCHAR)
        END AS src_ip,
        '203.0.113.' || CAST(i % 250 AS VARCHAR) AS dst_ip,
        1024 + (i % 64000) AS src_port,
        'dev-' || md5(CAST(i % 500000 AS VARCHAR))[:16] AS device_id
    FROM range({rows}) t(i)
) TO '{out}' (FORMAT JSON)
"""


def generate(rows: int, out: Path, days: int = 200, end: dt.date = dt.date(2025, 7, 1)) -> Path:
    """Write `rows` log records to `out` (NDJSON) and return the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order=false")
    con.execute(
        SQL.format(
            end=end.isoformat(),
            seconds=days * 86400,
            rows=int(rows),
            out=str(out).replace("'", "''"),
        )
    )
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "anping-bench" / "logs.ndjson"
    )
    args = parser.parse_args()
    path = generate(args.rows, args.out, args.days)
    print(f"{path}: {args.rows} rows, {path.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
