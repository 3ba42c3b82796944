"""Log checks (sa-2018 Art. 5(3); pa-2017 Art. 16; mps-insp-2018d Art. 11(4)): every criterion
passing and failing, gaps, encodings, compression, Parquet, damaged and empty input, Ibis URLs."""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anping.checks import logs
from anping.checks.registry import get
from anping.checks.result import CheckResult, Status

ASSESSED = dt.date(2025, 7, 1)
FROM = dt.date(2024, 12, 20)  # before the six-month window start, 2025-01-01
TO = dt.date(2025, 6, 30)

Rows = list[dict[str, Any]]


def run(check_id: str, inputs: list[Path] | None = None, **params: Any) -> CheckResult:
    payload: dict[str, Any] = {"assessment_date": ASSESSED.isoformat(), **params}
    if inputs is not None:
        payload["inputs"] = [str(p) for p in inputs]
    return get(check_id)(payload)


def criterion(result: CheckResult, cid: str) -> Any:
    return next(c for c in result.criteria if c.id == cid)


@pytest.fixture
def rows(make_log_rows: Callable[..., Rows]) -> Rows:
    return make_log_rows(FROM, TO)


# --- required fields ---------------------------------------------------------------------------


def test_art5_3_required_fields_all_present_met(log_files: Any, rows: Rows) -> None:
    result = run("logs.required_fields", [log_files.ndjson("a.ndjson", rows)])
    assert result.status is Status.MET, result.criteria
    assert result.rows_read == len(rows)
    assert result.points == ("sa-2018:art5.3", "pa-2017:art16.logs", "mps-insp-2018d:art11.4")
    assert result.inputs[0].name == "a.ndjson"
    assert result.examples == ()


def test_art5_3_required_fields_missing_device_column_not_met(log_files: Any, rows: Rows) -> None:
    for row in rows:
        del row["device_id"]
    result = run("logs.required_fields", [log_files.ndjson("a.ndjson", rows)])
    device = criterion(result, "fields.device")
    assert device.status is Status.NOT_MET
    assert "mapping.device" in device.detail.en
    assert result.status is Status.NOT_MET


def test_art5_3_required_fields_share_below_threshold_not_met(log_files: Any, rows: Rows) -> None:
    for row in rows[::10]:
        row["user_id"] = "  "  # blank: records nothing
    path = log_files.ndjson("a.ndjson", rows)
    strict = run("logs.required_fields", [path])
    account = criterion(strict, "fields.account")
    assert account.status is Status.NOT_MET
    assert account.figures["present"] == len(rows) - len(rows[::10])
    loose = run("logs.required_fields", [path], min_field_share=0.85)
    assert criterion(loose, "fields.account").status is Status.MET


def test_art5_3_invalid_ip_addresses_not_met_with_masked_examples(
    log_files: Any, rows: Rows
) -> None:
    bad = ["999.1.1.1", "10.0.0", "2001:db8:::1", "1.2.3.4.5", "fe80::1::2", "01.2.3.4", "x"]
    for row, value in zip(rows, bad, strict=False):
        row["src_ip"] = value
    result = run("logs.required_fields", [log_files.ndjson("a.ndjson", rows)], min_valid_share=1)
    ip = criterion(result, "values.ip")
    assert ip.status is Status.NOT_MET
    assert ip.figures["invalid"] == len(bad)
    assert 0 < len(result.examples) <= 5
    example = result.examples[0]
    assert "src_ip invalid" in example["problems"]
    assert "*" in example["account"]
    assert "*" in example["device"]
    assert example["account"] not in {r["user_id"] for r in rows}


def test_art5_3_ipv6_and_ipv4_valid_met(log_files: Any, rows: Rows) -> None:
    good = ["::1", "::", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1", "fe80::1", "1::", "0.0.0.0"]  # noqa: S104
    for row, value in zip(rows, good, strict=False):
        row["dst_ip"] = value
    result = run("logs.required_fields", [log_files.ndjson("a.ndjson", rows)], min_valid_share=1)
    assert criterion(result, "values.ip").status is Status.MET


def test_art5_3_invalid_ports_not_met(log_files: Any, rows: Rows) -> None:
    rows[0]["src_port"] = "65536"
    rows[1]["src_port"] = "-1"
    rows[2]["src_port"] = "http"
    result = run("logs.required_fields", [log_files.ndjson("a.ndjson", rows)], min_valid_share=1)
    port = criterion(result, "values.port")
    assert port.status is Status.NOT_MET
    assert port.figures["invalid"] == 3
    ok = run("logs.required_fields", [log_files.ndjson("b.ndjson", rows)], min_valid_share=0.9)
    assert criterion(ok, "values.port").status is Status.MET


def test_art5_3_unparseable_times_not_met(log_files: Any, rows: Rows) -> None:
    for row in rows[:20]:
        row["ts"] = "yesterday"
    result = run("logs.required_fields", [log_files.ndjson("a.ndjson", rows)])
    times = criterion(result, "values.time")
    assert times.status is Status.NOT_MET
    assert times.figures["unparseable"] == 20


@pytest.mark.parametrize("unit", ["s", "ms"])
def test_art5_3_epoch_times_parse(log_files: Any, rows: Rows, unit: str) -> None:
    for row in rows:
        stamp = dt.datetime.fromisoformat(row["ts"]).replace(tzinfo=dt.UTC).timestamp()
        row["ts"] = str(int(stamp * (1000 if unit == "ms" else 1)))
    path = log_files.ndjson("a.ndjson", rows)
    assert criterion(run("logs.required_fields", [path]), "values.time").status is Status.MET
    assert run("logs.retention_span", [path]).status is Status.MET


def test_art5_3_explicit_mapping_of_unusual_column_names(log_files: Any, rows: Rows) -> None:
    renamed = [{("who" if k == "user_id" else k): v for k, v in r.items()} for r in rows]
    path = log_files.ndjson("a.ndjson", renamed)
    assert criterion(run("logs.required_fields", [path]), "fields.account").status is Status.NOT_MET
    mapped = run("logs.required_fields", [path], mapping={"account": "who"})
    assert mapped.status is Status.MET
    assert mapped.parameters["resolved_mapping"]["account"] == "who"


# --- retention ---------------------------------------------------------------------------------


def test_art5_3_retention_span_six_months_met(log_files: Any, rows: Rows) -> None:
    result = run("logs.retention_span", [log_files.ndjson("a.ndjson", rows)])
    assert result.status is Status.MET, result.criteria
    coverage = criterion(result, "retention.daily_coverage")
    assert coverage.figures["window"] == "2025-01-01..2025-06-30"
    assert coverage.figures["days"] == 181
    assert coverage.figures["gaps"] == []


def test_art5_3_retention_span_too_short_not_met(
    log_files: Any, make_log_rows: Callable[..., Rows]
) -> None:
    recent = make_log_rows(dt.date(2025, 3, 1), TO)
    result = run("logs.retention_span", [log_files.ndjson("a.ndjson", recent)])
    span = criterion(result, "retention.span")
    assert span.status is Status.NOT_MET
    assert span.figures["earliest"] == "2025-03-01"
    assert result.status is Status.NOT_MET


def test_art5_3_retention_gaps_listed_as_ranges(
    log_files: Any, make_log_rows: Callable[..., Rows]
) -> None:
    gap = [dt.date(2025, 3, d) for d in range(3, 8)] + [dt.date(2025, 5, 1)]
    data = make_log_rows(FROM, TO, skip=gap)
    result = run("logs.retention_span", [log_files.ndjson("a.ndjson", data)])
    coverage = criterion(result, "retention.daily_coverage")
    assert coverage.status is Status.NOT_MET
    assert coverage.figures["gaps"] == ["2025-03-03..2025-03-07", "2025-05-01"]
    assert coverage.figures["missing_days"] == 6
    assert "2025-03-03..2025-03-07" in coverage.detail.en
    assert criterion(result, "retention.span").status is Status.MET


def test_art5_3_looser_threshold_than_law_cannot_be_met(log_files: Any, rows: Rows) -> None:
    path = log_files.ndjson("a.ndjson", rows)
    result = run("logs.retention_span", [path], retention_months=3)
    legal = criterion(result, "retention.legal_minimum")
    assert legal.status is Status.CANNOT_DECIDE
    assert "Art. 21" in legal.detail.en
    assert result.status is Status.CANNOT_DECIDE


def test_art5_3_looser_threshold_and_short_logs_not_met(
    log_files: Any, make_log_rows: Callable[..., Rows]
) -> None:
    recent = make_log_rows(dt.date(2025, 6, 1), TO)
    result = run("logs.retention_span", [log_files.ndjson("a.ndjson", recent)], retention_months=3)
    assert result.status is Status.NOT_MET


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 7, 1), 6, dt.date(2025, 1, 1)),
        (dt.date(2025, 8, 31), 6, dt.date(2025, 2, 28)),
        (dt.date(2024, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2025, 3, 15), 6, dt.date(2024, 9, 15)),
        (dt.date(2025, 1, 31), 1, dt.date(2024, 12, 31)),
    ],
)
def test_art5_3_six_months_are_calendar_months(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert logs.months_back(day, months) == expected


def test_art5_3_published_records_retention_met_and_gaps(
    log_files: Any, make_log_rows: Callable[..., Rows]
) -> None:
    posts = [
        {"author_id": r["user_id"], "published_at": r["ts"], "post_id": f"p{i}"}
        for i, r in enumerate(make_log_rows(FROM, TO, skip=[dt.date(2025, 4, 2)]))
    ]
    result = run("logs.published_records_retention", [log_files.csv("posts.csv", posts)])
    assert result.points == ("sa-2018:art5.3", "pa-2017:art16.logs")
    assert criterion(result, "fields.content").figures["column"] == "post_id"
    assert criterion(result, "retention.span").status is Status.MET
    assert criterion(result, "retention.daily_coverage").figures["gaps"] == ["2025-04-02"]
    assert result.status is Status.NOT_MET
    full = [p for p in posts if not p["published_at"].startswith("2025-04-02")]
    full += [{"author_id": "u1", "published_at": "2025-04-02 10:00:00", "post_id": "x"}]
    met = run("logs.published_records_retention", [log_files.csv("all.csv", full)])
    assert met.status is Status.MET, met.criteria


# --- formats and encodings ----------------------------------------------------------------------


def test_art5_3_gbk_csv_transcoded_and_checked(log_files: Any, rows: Rows) -> None:
    for row in rows:
        row["action"] = "登录"
        row["user_id"] = "张三" + row["user_id"]
    path = log_files.csv("gbk.csv", rows, encoding="gbk")
    result = run("logs.required_fields", [path])
    assert result.status is Status.MET, result.criteria
    readable = criterion(result, "input.readable")
    assert any("gb18030" in note for note in readable.evidence)


@pytest.mark.parametrize("name", ["a.ndjson.gz", "a.jsonl.zst"])
def test_art5_3_compressed_ndjson(log_files: Any, rows: Rows, name: str) -> None:
    result = run("logs.retention_span", [log_files.ndjson(name, rows)])
    assert result.status is Status.MET
    assert result.rows_read == len(rows)


def test_art5_3_parquet_with_typed_columns(log_files: Any, rows: Rows) -> None:
    path = log_files.parquet("a.parquet", rows)
    assert run("logs.required_fields", [path]).status is Status.MET
    assert run("logs.retention_span", [path]).status is Status.MET


def test_art5_3_glob_over_daily_files(log_files: Any, rows: Rows) -> None:
    half = len(rows) // 2
    log_files.ndjson("day-1.ndjson", rows[:half])
    log_files.ndjson("day-2.ndjson.gz", rows[half:])
    mixed = run("logs.retention_span", [log_files.root / "day-*"])
    assert mixed.status is Status.CANNOT_DECIDE  # one format per run
    log_files.ndjson("day-2.ndjson", rows[half:])
    result = run("logs.retention_span", [log_files.root / "day-*.ndjson"])
    assert result.status is Status.MET
    assert len(result.inputs) == 2


# --- damaged input: never "met" ------------------------------------------------------------------


def test_art5_3_truncated_ndjson_reported_cannot_decide(log_files: Any, rows: Rows) -> None:
    path = log_files.ndjson("a.ndjson", rows)
    data = path.read_bytes()
    path.write_bytes(data[:-40])  # the last record cut in the middle
    result = run("logs.required_fields", [path])
    readable = criterion(result, "input.readable")
    assert readable.status is Status.CANNOT_DECIDE
    assert readable.figures["unreadable_rows"] == 1
    assert result.status is not Status.MET


def test_art5_3_garbled_lines_counted(log_files: Any, rows: Rows) -> None:
    path = log_files.ndjson("a.ndjson", rows)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[5] = b"\x00\x01 not json\n"
    lines[9] = b"[1, 2]\n"
    path.write_bytes(b"".join(lines))
    result = run("logs.retention_span", [path])
    assert criterion(result, "input.readable").figures["unreadable_rows"] == 2
    assert result.status is Status.CANNOT_DECIDE


def test_art5_3_truncated_gzip_cannot_decide(log_files: Any, rows: Rows) -> None:
    path = log_files.ndjson("a.ndjson.gz", rows * 5)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = run("logs.retention_span", [path])
    assert result.status is Status.CANNOT_DECIDE
    assert result.criteria[0].detail is not None


def test_art5_3_csv_with_broken_quote_rejected_lines_counted(log_files: Any, rows: Rows) -> None:
    path = log_files.csv("a.csv", rows)
    lines = path.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace("login", '"login', 1).replace("post", '"post', 1)
    lines[4] = "only,three,fields\n"
    path.write_text("".join(lines))
    result = run("logs.required_fields", [path])
    readable = criterion(result, "input.readable")
    assert readable.figures["rejected_lines"] >= 1
    assert result.status is not Status.MET


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", gzip.compress(b"", mtime=0)],
    ids=["empty", "blank-lines", "empty-gzip"],
)
def test_art5_3_empty_file_cannot_decide(log_files: Any, content: bytes) -> None:
    name = "empty.ndjson.gz" if content.startswith(b"\x1f\x8b") else "empty.ndjson"
    result = run("logs.retention_span", [log_files.raw(name, content)])
    assert result.status is Status.CANNOT_DECIDE
    detail = result.criteria[0].detail
    assert detail is not None
    assert "empty" in detail.en


def test_art5_3_header_only_csv_cannot_decide(log_files: Any) -> None:
    path = log_files.raw("h.csv", b"user_id,ts,action\n")
    result = run("logs.required_fields", [path])
    assert result.status is Status.CANNOT_DECIDE
    assert result.rows_read == 0


def test_art5_3_mapping_names_missing_column_cannot_decide(log_files: Any, rows: Rows) -> None:
    path = log_files.ndjson("a.ndjson", rows)
    result = run("logs.required_fields", [path], mapping={"account": "no_such_column"})
    assert result.status is Status.CANNOT_DECIDE
    detail = result.criteria[0].detail
    assert detail is not None
    assert "no_such_column" in detail.en


def test_art5_3_unknown_format_and_missing_file_cannot_decide(log_files: Any) -> None:
    assert run("logs.retention_span", [log_files.raw("a.xlsx", b"PK")]).status is (
        Status.CANNOT_DECIDE
    )
    assert run("logs.retention_span", [log_files.root / "nothing-*.ndjson"]).status is (
        Status.CANNOT_DECIDE
    )


def test_art5_3_undecodable_csv_cannot_decide(log_files: Any) -> None:
    path = log_files.raw("bad.csv", b"user_id,ts\n" + bytes(range(128, 256)) * 10)
    result = run("logs.required_fields", [path])
    assert result.status is Status.CANNOT_DECIDE


# --- other engines through Ibis ------------------------------------------------------------------


def test_art5_3_ibis_url_to_duckdb_file(tmp_path: Path, rows: Rows) -> None:
    import duckdb
    import pyarrow as pa  # type: ignore[import-untyped]

    db = tmp_path / "logs.duckdb"
    con = duckdb.connect(str(db))
    arrow_rows = pa.Table.from_pylist(rows)  # noqa: F841 -- read by DuckDB's replacement scan
    con.execute("CREATE TABLE access_log AS SELECT * FROM arrow_rows")
    con.close()
    url = f"duckdb://{db}"
    result = run("logs.retention_span", url=url, table="access_log")
    assert result.status is Status.MET, result.criteria
    assert result.engine == "ibis:duckdb"
    missing = run("logs.retention_span", url=url, table="nope")
    assert missing.status is Status.CANNOT_DECIDE


def test_art5_3_check_table_on_memtable(rows: Rows) -> None:
    import ibis  # type: ignore[import-untyped]

    table = ibis.memtable(rows)
    result = logs.check_table(
        "logs.required_fields", table, {"assessment_date": ASSESSED.isoformat()}
    )
    assert result.status is Status.MET


def test_art5_3_params_reject_files_and_url_together() -> None:
    with pytest.raises(ValueError, match="not both"):
        logs.LogCheckParams(inputs=["a.ndjson"], url="duckdb://", table="t")


# --- properties ----------------------------------------------------------------------------------

days_strategy = st.sets(st.dates(dt.date(2024, 12, 1), dt.date(2025, 8, 1)), max_size=120)


@settings(max_examples=200, deadline=None)
@given(days=days_strategy, start=st.dates(dt.date(2025, 1, 1), dt.date(2025, 3, 1)))
def test_art5_3_day_coverage_gaps_are_exactly_the_missing_days(
    days: set[dt.date], start: dt.date
) -> None:
    end = start + dt.timedelta(days=120)
    coverage = logs.day_coverage(days, start, end)
    window = {start + dt.timedelta(days=i) for i in range(coverage.days)}
    gap_days = {a + dt.timedelta(days=i) for a, b in coverage.gaps for i in range((b - a).days + 1)}
    assert gap_days == window - days
    assert coverage.covered == len(window & days)
    assert coverage.covered + coverage.missing == coverage.days
    for (_, b1), (a2, _) in zip(coverage.gaps, coverage.gaps[1:], strict=False):
        assert (a2 - b1).days >= 2  # maximal runs: a covered day lies between two gaps
    assert all(start <= a <= b <= end for a, b in coverage.gaps)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.ip_addresses().map(str),
        st.ip_addresses(v=6).map(lambda a: a.exploded),
        st.text(alphabet="0123456789abcdef:.", max_size=24),
    )
)
def test_art5_3_ip_pattern_agrees_with_ipaddress(text: str) -> None:
    try:
        ipaddress.ip_address(text)
        expected = True
    except ValueError:
        expected = False
    assert logs.is_valid_ip(text) == expected
