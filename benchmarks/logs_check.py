"""Benchmark of the log check (sa-2018 Art. 5(3)) on a generated NDJSON log.

Compares, on the same file:

* ``duckdb-count``   DuckDB's bare ``SELECT count(*)`` over the file (auto-detected JSON);
* ``duckdb-scan7``   DuckDB reading the seven log fields and counting them (a bare scan of what
                     the check has to read);
* ``check-fields``   ``logs.required_fields`` as the CLI runs it (SHA-256 of the file included);
* ``check-retention`` ``logs.retention_span``;
* ``python``         a straightforward pure-Python line-by-line checker (json, ipaddress).

Each measurement runs in a fresh subprocess; the figure is the median wall time of `--runs`
runs and the peak resident memory (ru_maxrss) of the process. Files of 1× and 4× the rows show
whether memory stays flat as the input grows. Data is generated under `--dir` (not committed).

    python benchmarks/logs_check.py --rows 5000000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_logs import generate

ASSESSED = "2025-07-01"
COLUMNS = "{'user_id':'VARCHAR','ts':'VARCHAR','action':'VARCHAR','src_ip':'VARCHAR','dst_ip':'VARCHAR','src_port':'VARCHAR','device_id':'VARCHAR'}"
FIELDS = ("user_id", "ts", "action", "src_ip", "dst_ip", "src_port", "device_id")


# --- what the children run ------------------------------------------------------------------


def python_checker(path: Path) -> dict[str, int]:
    """The baseline: what a script written without an engine would do, line by line."""
    rows = bad_json = missing = bad_ip = bad_port = bad_time = 0
    days: set[dt.date] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            rows += 1
            try:
                record = json.loads(line)
            except ValueError:
                bad_json += 1
                continue
            for name in FIELDS:
                value = record.get(name)
                if value is None or str(value).strip() == "":
                    missing += 1
            for name in ("src_ip", "dst_ip"):
                try:
                    ipaddress.ip_address(str(record.get(name)))
                except ValueError:
                    bad_ip += 1
            port = str(record.get("src_port"))
            if not (port.isdigit() and int(port) <= 65535):
                bad_port += 1
            try:
                days.add(dt.datetime.fromisoformat(str(record.get("ts"))).date())
            except ValueError:
                bad_time += 1
    return {"rows": rows, "missing": missing, "bad_ip": bad_ip, "bad_port": bad_port,
            "bad_time": bad_time, "bad_json": bad_json, "days": len(days)}  # fmt: skip


def child(kind: str, path: Path) -> dict[str, object]:
    """Run one measurement in this process and return what it found (imports not timed)."""
    if kind.startswith("check"):
        from anping.checks.registry import get

        get("logs.required_fields")  # imports ibis and registers the checks before the clock
    started = time.perf_counter()
    if kind.startswith("duckdb"):
        import duckdb

        con = duckdb.connect()
        if kind == "duckdb-count":
            sql = f"SELECT count(*) FROM read_json('{path}', format='newline_delimited')"  # noqa: S608
        else:
            counts = ", ".join(f"count({f})" for f in FIELDS)
            sql = f"SELECT {counts} FROM read_json('{path}', format='newline_delimited', columns={COLUMNS})"  # noqa: S608
        found: object = con.execute(sql).fetchall()
    elif kind == "python":
        found = python_checker(path)
    else:
        check_id = {
            "check-fields": "logs.required_fields",
            "check-retention": "logs.retention_span",
        }[kind]
        result = get(check_id)({"inputs": [str(path)], "assessment_date": ASSESSED})
        found = {"status": result.status.value, "rows": result.rows_read}
    return {"seconds": time.perf_counter() - started, "found": found}


# --- the parent -----------------------------------------------------------------------------


def measure(kind: str, path: Path) -> tuple[float, float, object]:
    """Seconds and peak RSS (MiB) of one run in a fresh process."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{kind} failed: {output}")
    payload = json.loads(output)
    return float(payload["seconds"]), usage.ru_maxrss / 1024, payload["found"]


def bench(kinds: list[str], path: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median seconds and max peak RSS for each kind; runs interleaved to share the noise."""
    times: dict[str, list[float]] = {k: [] for k in kinds}
    peaks: dict[str, float] = dict.fromkeys(kinds, 0.0)
    for _ in range(runs):
        for kind in kinds:
            seconds, peak, found = measure(kind, path)
            times[kind].append(seconds)
            peaks[kind] = max(peaks[kind], peak)
            print(f"  {kind:16} {seconds:7.2f} s  {peak:7.0f} MiB  {found}", flush=True)
    return {k: (statistics.median(v), peaks[k]) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description="log check benchmark")
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python-runs", type=int, default=1, help="the slow baseline")
    parser.add_argument("--scale", type=int, default=4, help="the larger file: rows × scale")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "anping-bench")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1])), default=str))
        return
    files = {}
    for factor in (1, args.scale):
        path = args.dir / f"logs-{factor}x.ndjson"
        if not path.exists():
            generate(args.rows * factor, path)
        files[factor] = path
    engines = ["duckdb-count", "duckdb-scan7", "check-fields", "check-retention"]
    print(f"1× file: {files[1]} ({files[1].stat().st_size / 1e6:.0f} MB, {args.rows} rows)")
    small = bench(engines, files[1], args.runs)
    small |= bench(["python"], files[1], args.python_runs)
    print(
        f"{args.scale}× file: {files[args.scale]} ({files[args.scale].stat().st_size / 1e6:.0f} MB)"
    )
    large = bench(["duckdb-count", "check-fields", "check-retention"], files[args.scale], 1)
    print(f"\nmedian seconds (1×) and peak RSS MiB (1× → {args.scale}×):")
    for kind, (seconds, peak) in small.items():
        grown = f" → {large[kind][1]:.0f}" if kind in large else ""
        print(f"  {kind:16} {seconds:7.2f} s   {peak:6.0f}{grown} MiB")
    count, scan = small["duckdb-count"][0], small["duckdb-scan7"][0]
    for kind in ("check-fields", "check-retention"):
        seconds = small[kind][0]
        print(
            f"  {kind}: {count / seconds:.2f}× DuckDB count(*) speed, {scan / seconds:.2f}× the"
            f" 7-column scan, {small['python'][0] / seconds:.1f}× the pure-Python checker"
        )


if __name__ == "__main__":
    main()
