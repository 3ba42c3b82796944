"""Account-register checks: pa-2017 Art. 6, 7; pa-2020d Art. 8, 10, 12 (anping.checks.accounts).

Small generated exports in tmp_path; every criterion passing and failing; bad input (missing
columns, empty file, GBK CSV) gives cannot_decide with a message that says what to fix.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from anping.checks import registry
from anping.checks.accounts import (
    FollowerParams,
    InactiveParams,
    QuotaParams,
    RealNameParams,
    follower_jumps,
    inactive,
    quota,
    real_name_share,
)
from anping.checks.result import Status

AS_OF = dt.date(2025, 6, 30)
FIELDS = ["account_id", "subject_hash", "verified", "registered", "last_login", "status", "name"]


def write_csv(path: Path, rows: list[dict[str, Any]], fields: list[str] | None = None) -> Path:
    fields = fields or FIELDS
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def account(n: int, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "account_id": f"acc{n:05d}",
        "subject_hash": f"subj{n:05d}",
        "verified": "1",
        "registered": "2024-01-15",
        "last_login": "2025-06-01",
        "status": "active",
        "name": f"账号{n}",
    }
    row.update(overrides)
    return row


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "accounts.csv", [account(i) for i in range(20)])


# --- registration -----------------------------------------------------------------------


def test_account_checks_are_registered_under_catalog_ids() -> None:
    ids = {c.id for c in registry.all_checks()}
    assert {
        "accounts.real_name_share",
        "accounts.quota",
        "accounts.inactive",
        "accounts.follower_jumps",
    } <= ids
    assert "pa-2020d:art10.quota" in registry.get("accounts.quota").points


# --- accounts.real_name_share (pa-2017 Art. 6, pa-2020d Art. 8 ¶1) ------------------------


def test_pa2017_art6_all_in_service_accounts_verified_is_met(good: Path) -> None:
    result = real_name_share(RealNameParams(accounts=good, as_of=AS_OF))
    assert result.status is Status.MET
    assert result.criteria[0].figures["verified_share"] == 1.0
    assert result.inputs[0].name == "accounts.csv"


def test_pa2020d_art8_unverified_account_in_service_is_not_met(tmp_path: Path) -> None:
    rows = [account(i) for i in range(9)] + [account(9, verified="否")]
    rows.append(account(10, verified="0", status="closed"))  # not in service: not counted
    path = write_csv(tmp_path / "a.csv", rows)
    result = real_name_share(RealNameParams(accounts=path, as_of=AS_OF))
    criterion = result.criteria[0]
    assert result.status is Status.NOT_MET
    assert criterion.figures["in_service_accounts"] == 10
    assert criterion.figures["unverified"] == 1
    assert result.examples[0]["account_id"] == "ac****09"  # masked


def test_pa2017_art6_configured_share_below_100_percent(tmp_path: Path) -> None:
    rows = [account(i) for i in range(19)] + [account(19, verified="false")]
    path = write_csv(tmp_path / "a.csv", rows)
    check = registry.get("accounts.real_name_share")
    assert check({"accounts": path, "min_share": 0.95}).status is Status.MET


def test_pa2017_art6_column_mapping_and_parquet(tmp_path: Path) -> None:
    table = pa.table(
        {
            "uid": ["a1", "a2", "a3"],
            "is_verified": [True, True, False],
            "state": ["正常", "正常", "注销"],
        }
    )
    path = tmp_path / "accounts.parquet"
    pq.write_table(table, path)
    params = {
        "accounts": path,
        "columns": {"account_id": "uid", "verified": "is_verified", "status": "state"},
    }
    result = registry.get("accounts.real_name_share")(params)
    assert result.status is Status.MET
    assert result.criteria[0].figures["in_service_accounts"] == 2


def test_pa2017_art6_unparseable_rows_keep_met_from_being_claimed(tmp_path: Path) -> None:
    rows = [account(i) for i in range(5)] + [account(5, verified="maybe")]
    path = write_csv(tmp_path / "a.csv", rows)
    result = real_name_share(RealNameParams(accounts=path))
    assert result.status is Status.CANNOT_DECIDE
    assert result.criteria[0].figures["rows_invalid"] == 1
    assert "could not be judged" in result.criteria[0].detail.en  # type: ignore[union-attr]


# --- bad input ----------------------------------------------------------------------------


def test_missing_column_is_cannot_decide_with_a_clear_message(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [account(1)], ["account_id", "status"])
    result = real_name_share(RealNameParams(accounts=path))
    detail = result.criteria[0].detail
    assert result.status is Status.CANNOT_DECIDE
    assert detail is not None
    assert "missing column(s) verified" in detail.en
    assert "columns" in detail.en
    assert "缺少列" in detail.zh


def test_empty_file_is_cannot_decide(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = quota(QuotaParams(accounts=path, quota=5))
    assert result.status is Status.CANNOT_DECIDE
    assert "empty" in result.criteria[0].detail.en  # type: ignore[union-attr]


def test_header_only_file_is_cannot_decide(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [])
    result = inactive(InactiveParams(accounts=path, as_of=AS_OF))
    assert result.status is Status.CANNOT_DECIDE
    assert "no data rows" in result.criteria[0].detail.en  # type: ignore[union-attr]


def test_gbk_csv_is_cannot_decide_and_names_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    text = "account_id,verified,status\n甲账号,是,正常\n乙账号,否,正常\n"
    path.write_bytes(text.encode("gbk"))
    result = real_name_share(RealNameParams(accounts=path))
    detail = result.criteria[0].detail
    assert result.status is Status.CANNOT_DECIDE
    assert detail is not None
    assert "not UTF-8" in detail.en
    assert "GBK" in detail.en


def test_gbk_csv_reads_with_declared_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("account_id,verified,status\n甲,是,正常\n乙,否,正常\n".encode("gbk"))
    result = real_name_share(RealNameParams(accounts=path, encoding="gb18030"))
    assert result.status is Status.NOT_MET
    assert result.criteria[0].figures["unverified"] == 1


def test_missing_file_and_unknown_type_are_cannot_decide(tmp_path: Path) -> None:
    check = registry.get("accounts.real_name_share")
    assert check({"accounts": tmp_path / "nope.csv"}).status is Status.CANNOT_DECIDE
    odd = tmp_path / "accounts.xlsx"
    odd.write_bytes(b"PK\x03\x04")
    result = check({"accounts": odd})
    assert "unsupported file type" in result.criteria[0].detail.en  # type: ignore[union-attr]


# --- accounts.quota (pa-2017 Art. 7 ¶3, pa-2020d Art. 10 ¶1) ------------------------------


def test_pa2020d_art10_subjects_within_quota_is_met(good: Path) -> None:
    result = quota(QuotaParams(accounts=good, quota=2))
    assert result.status is Status.MET
    assert result.criteria[0].figures["max_accounts_per_subject"] == 1


def test_pa2017_art7_subject_over_quota_is_not_met(tmp_path: Path) -> None:
    rows = [account(i, subject_hash="heavy-subject-hash") for i in range(4)]
    rows += [account(10 + i) for i in range(5)]
    rows.append(account(99, subject_hash="heavy-subject-hash", status="closed"))  # not counted
    path = write_csv(tmp_path / "a.csv", rows)
    result = quota(QuotaParams(accounts=path, quota=3))
    figures = result.criteria[0].figures
    assert result.status is Status.NOT_MET
    assert figures["subjects_over_quota"] == 1
    assert figures["max_accounts_per_subject"] == 4
    assert result.examples == ({"subject_hash": "heav**********hash", "accounts": 4},)


def test_pa2020d_art10_quota_not_configured_is_cannot_decide(good: Path) -> None:
    result = quota(QuotaParams(accounts=good))
    assert result.status is Status.CANNOT_DECIDE
    assert "quota" in result.criteria[0].detail.en  # type: ignore[union-attr]


# --- accounts.inactive (pa-2020d Art. 10 ¶2) -----------------------------------------------


def test_pa2020d_art10_recently_used_accounts_is_met(good: Path) -> None:
    result = inactive(InactiveParams(accounts=good, as_of=AS_OF))
    assert result.status is Status.MET
    assert result.criteria[0].figures["cutoff"] == "2024-12-30"


def test_pa2020d_art10_idle_over_six_months_in_service_is_not_met(tmp_path: Path) -> None:
    rows = [account(i) for i in range(5)]
    rows.append(account(5, last_login="2024-12-29"))  # one day before the cut-off
    rows.append(account(6, last_login="", registered="2024-03-01"))  # never logged in
    rows.append(account(7, last_login="2024-12-30"))  # exactly six months: not yet idle
    rows.append(account(8, last_login="2023-01-01", status="suspended"))  # already handled
    path = write_csv(tmp_path / "a.csv", rows)
    result = inactive(InactiveParams(accounts=path, as_of=AS_OF))
    assert result.status is Status.NOT_MET
    assert result.criteria[0].figures["inactive_in_service"] == 2
    assert {e["never_logged_in"] for e in result.examples} == {True, False}
    tolerant = inactive(InactiveParams(accounts=path, as_of=AS_OF, max_inactive=2))
    assert tolerant.status is Status.MET


def test_pa2020d_art10_six_months_before_end_of_month() -> None:
    from anping.checks.months import months_back as _months_before

    assert _months_before(dt.date(2025, 8, 31), 6) == dt.date(2025, 2, 28)
    assert _months_before(dt.date(2025, 3, 15), 6) == dt.date(2024, 9, 15)


# --- accounts.follower_jumps (pa-2020d Art. 12) -------------------------------------------


def follower_series(account_id: str, daily: list[int]) -> list[dict[str, Any]]:
    start, total, rows = dt.date(2025, 1, 1), 100, []
    for i, inc in enumerate([0, *daily]):
        total += inc
        rows.append(
            {"account_id": account_id, "date": start + dt.timedelta(days=i), "followers": total}
        )
    return rows


def test_pa2020d_art12_steady_growth_is_met(tmp_path: Path) -> None:
    rows = follower_series("steady", [50, 60, 40, 55, 45, 50, 52, 48, 1000, 51])
    rows += follower_series("small", [5, 3, 4, 6, 2, 3, 4, 900, 4, 5])  # below the floor
    path = write_csv(tmp_path / "f.csv", rows, ["account_id", "date", "followers"])
    result = follower_jumps(FollowerParams(followers=path))
    assert result.status is Status.MET
    assert result.criteria[0].figures["accounts_judged"] == 2


def test_pa2020d_art12_abnormal_jump_is_not_met(tmp_path: Path) -> None:
    rows = follower_series("bought", [50, 60, 40, 55, 45, 50, 52, 48, 20000, 51])
    rows += follower_series("steady", [50, 60, 40, 55, 45, 50, 52, 48, 53, 51])
    rows += follower_series("short", [1, 50000])  # too short to judge
    path = write_csv(tmp_path / "f.csv", rows, ["account_id", "date", "followers"])
    result = follower_jumps(FollowerParams(followers=path))
    figures = result.criteria[0].figures
    assert result.status is Status.NOT_MET
    assert figures["accounts_flagged"] == 1
    assert figures["accounts_too_short"] == 1
    assert result.examples[0]["increase_per_day"] == 20000.0


def test_pa2020d_art12_wide_follower_columns(tmp_path: Path) -> None:
    days = [f"followers_2025-01-{d:02d}" for d in range(1, 11)]
    counts = [100, 150, 200, 250, 300, 350, 400, 450, 30450, 30500]
    row = {"account_id": "wide1", **dict(zip(days, map(str, counts), strict=True))}
    path = write_csv(tmp_path / "a.csv", [row], ["account_id", *days])
    result = follower_jumps(FollowerParams(accounts=path))
    assert result.status is Status.NOT_MET
    assert result.criteria[0].figures["abnormal_increases"] == 1


def test_pa2020d_art12_no_follower_data_is_cannot_decide(good: Path) -> None:
    assert follower_jumps(FollowerParams()).status is Status.CANNOT_DECIDE
    assert follower_jumps(FollowerParams(accounts=good)).status is Status.CANNOT_DECIDE
