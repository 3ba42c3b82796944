"""`anping check …`: listing, running, JSON, exit codes 0/1/2/3 and clear messages.

The log checks serve sa-2018 Art. 5(3), pa-2017 Art. 16 and mps-insp-2018d Art. 11(4).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anping.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> None:
    """Replaces the suite's Django-settings fixture: these commands run without Django."""


def write_logs(path: Path, start: dt.date, end: dt.date) -> Path:
    lines = []
    day = start
    while day <= end:
        record = {
            "uid": "user-0001",
            "ts": f"{day.isoformat()} 09:00:00",
            "action": "login",
            "client_ip": "192.0.2.7",
            "dst_ip": "2001:db8::1",
            "src_port": 50123,
            "mac": "00:1a:2b:3c:4d:5e",
        }
        lines.append(json.dumps(record))
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def good_log(tmp_path: Path) -> Path:
    return write_logs(tmp_path / "access.ndjson", dt.date(2024, 12, 1), dt.date(2025, 6, 30))


DATE = ["--param", "assessment_date=2025-07-01"]


def test_art5_3_check_list_shows_ids_points_titles() -> None:
    result = runner.invoke(app, ["check", "list", "--json"])
    assert result.exit_code == 0, result.output
    checks = {c["id"]: c for c in json.loads(result.stdout)}
    assert "sa-2018:art5.3" in checks["logs.retention_span"]["points"]
    assert checks["logs.required_fields"]["title"]["zh"]
    text = runner.invoke(app, ["check", "list"])
    assert "logs.published_records_retention" in text.stdout.replace("\n", "") or (
        "logs.published" in text.stdout
    )


def test_art5_3_check_run_met_exit_0(good_log: Path) -> None:
    result = runner.invoke(app, ["check", "run", "logs.retention_span", "-i", str(good_log), *DATE])
    assert result.exit_code == 0, result.output
    assert "met" in result.stdout


def test_art5_3_check_run_json_payload(good_log: Path) -> None:
    result = runner.invoke(
        app, ["check", "run", "logs.required_fields", "--input", str(good_log), *DATE, "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["status"] == "met"
    assert payload["parameters"]["resolved_mapping"]["device"] == "mac"
    assert payload["inputs"][0]["sha256"]


def test_art5_3_check_run_not_met_exit_1(tmp_path: Path) -> None:
    short = write_logs(tmp_path / "short.ndjson", dt.date(2025, 5, 1), dt.date(2025, 6, 30))
    result = runner.invoke(app, ["check", "run", "logs.retention_span", "-i", str(short), *DATE])
    assert result.exit_code == 1, result.output


def test_art5_3_check_run_empty_file_exit_3(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ndjson"
    empty.write_text("")
    result = runner.invoke(app, ["check", "run", "logs.retention_span", "-i", str(empty), *DATE])
    assert result.exit_code == 3
    assert "empty file" in result.stdout
    assert "Traceback" not in result.output


def test_art5_3_check_run_mapping_param_and_missing_column_exit_3(good_log: Path) -> None:
    ok = runner.invoke(
        app,
        [
            "check",
            "run",
            "logs.retention_span",
            "-i",
            str(good_log),
            *DATE,
            "-p",
            "mapping.time=ts",
        ],
    )
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(
        app,
        ["check", "run", "logs.retention_span", "-i", str(good_log), "-p", "mapping.time=when"],
    )
    assert bad.exit_code == 3
    assert "when" in bad.stdout


def test_art5_3_check_run_ibis_url(tmp_path: Path, good_log: Path) -> None:
    import duckdb

    db = tmp_path / "logs.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE access_log AS SELECT * FROM read_json(?)", [str(good_log)])
    con.close()
    args = ["check", "run", "logs.retention_span", "--url", f"duckdb://{db}", *DATE]
    result = runner.invoke(app, [*args, "--table", "access_log", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["engine"] == "ibis:duckdb"
    no_table = runner.invoke(app, args)
    assert no_table.exit_code == 2
    assert "table" in no_table.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "run", "logs.nope"], "unknown check"),
        (["check", "run", "logs.retention_span", "-p", "nokeyvalue"], "key=value"),
        (["check", "run", "logs.retention_span", "-p", "bogus=1"], "bogus"),
        (["check", "run", "logs.retention_span", "-p", "retention_months=abc"], "retention_months"),
        (["check", "run", "logs.retention_span", "--engine", "spark"], "--engine"),
        (["check", "run", "logs.retention_span", "--engine", "ibis", "-i", "x"], "url"),
    ],
)
def test_art5_3_check_run_bad_usage_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
