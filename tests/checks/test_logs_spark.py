"""Scale-out: the same log check runs unchanged on Spark (local mode) through Ibis's pyspark
backend, and decides as DuckDB does (sa-2018 Art. 5(3); pa-2017 Art. 16).

Skipped where pyspark (a test-only dependency) or Java is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from anping.checks import logs
from anping.checks.result import Status

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

ASSESSED = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("anping-logs-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_logs(spark: Any, make_log_rows: Callable[..., list[dict[str, Any]]]) -> Any:
    """A Spark table of logs with a gap and a few flaws, plus the same rows for DuckDB."""
    import ibis  # type: ignore[import-untyped]

    rows = make_log_rows(dt.date(2024, 12, 20), dt.date(2025, 6, 30), skip=[dt.date(2025, 2, 3)])
    rows[0]["src_ip"] = "300.1.1.1"
    rows[1]["src_port"] = "70000"
    rows[2]["device_id"] = ""
    columns = list(rows[0])
    frame = spark.createDataFrame(
        [tuple(r[c] for c in columns) for r in rows], ", ".join(f"{c} string" for c in columns)
    )
    frame.createOrReplaceTempView("access_log")
    backend = ibis.pyspark.connect(spark)
    return backend.table("access_log"), ibis.memtable(rows)


PARAMS = {"assessment_date": ASSESSED.isoformat(), "min_valid_share": 1.0}


@pytest.mark.parametrize("check_id", ["logs.required_fields", "logs.retention_span"])
def test_art5_3_spark_local_mode_same_verdicts_as_duckdb(spark_logs: Any, check_id: str) -> None:
    on_spark, in_memory = spark_logs
    spark_result = logs.check_table(check_id, on_spark, PARAMS, engine="pyspark")
    duck_result = logs.check_table(check_id, in_memory, PARAMS, engine="duckdb")
    assert spark_result.engine == "pyspark"
    assert spark_result.rows_read == duck_result.rows_read
    assert [(c.id, c.status, c.figures) for c in spark_result.criteria] == [
        (c.id, c.status, c.figures) for c in duck_result.criteria
    ]
    assert spark_result.status is Status.NOT_MET


def test_art5_3_spark_lists_the_gap(spark_logs: Any) -> None:
    on_spark, _ = spark_logs
    result = logs.check_table("logs.retention_span", on_spark, PARAMS, engine="pyspark")
    coverage = next(c for c in result.criteria if c.id == "retention.daily_coverage")
    assert coverage.figures["gaps"] == ["2025-02-03"]
