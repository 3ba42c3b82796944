"""Complaint handling times: app-pi-2019 VI.5 (15 working days), pa-2017 Art. 15, pa-2020d Art. 20.

Deadlines run on the statutory calendar: the day of receipt is not counted, and the 2025
Spring Festival (rest 28 Jan - 4 Feb, working Sunday 26 Jan and Saturday 8 Feb) moves them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from anping.checks import registry
from anping.checks.complaints import ComplaintParams, handling_time
from anping.checks.result import Status
from anping.law import workdays

D = dt.date


def write_log(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = ["complaint_id,received,first_response,closed"]
    lines += [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def by_id(result_criteria: tuple[object, ...]) -> dict[str, object]:
    return {c.id.rsplit(".", 1)[-1]: c for c in result_criteria}  # type: ignore[attr-defined]


def test_app_pi_2019_cat6_5_deadline_across_spring_festival() -> None:
    # received Friday 24 Jan 2025: 26 Jan (adjusted working Sunday) is day 1, the festival
    # week is skipped, 8 Feb (adjusted Saturday) counts: the 15th working day is 20 Feb.
    assert workdays.add_working_days(D(2025, 1, 24), 15) == D(2025, 2, 20)


def test_app_pi_2019_cat6_5_handled_in_time_across_the_festival_is_met(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "c.csv",
        [
            ("c0001", "2025-01-24", "2025-01-26", "2025-02-20"),  # last day: in time
            # weekends only would call the next one late (deadline 14 Feb)
            ("c0002", "2025-01-24 09:30:00", "", "2025-02-17"),
            ("c0003", "2025-03-03", "2025-03-04", "2025-03-10"),
        ],
    )
    result = handling_time(ComplaintParams(complaints=log, as_of=D(2025, 6, 30)))
    criteria = by_id(result.criteria)
    assert result.status is Status.MET
    assert criteria["within_limit"].figures["share_in_time"] == 1.0  # type: ignore[attr-defined]
    assert criteria["median"].figures["median_working_days"] == 12  # type: ignore[attr-defined]


def test_pa2017_art15_closed_after_the_limit_is_not_met(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "c.csv",
        [
            ("c0001", "2025-01-24", "", "2025-02-21"),  # one working day late
            ("c0002", "2025-03-03", "", "2025-03-05"),
        ],
    )
    result = handling_time(ComplaintParams(complaints=log, as_of=D(2025, 6, 30)))
    criteria = by_id(result.criteria)
    assert criteria["within_limit"].status is Status.NOT_MET  # type: ignore[attr-defined]
    assert criteria["within_limit"].figures["closed_late"] == 1  # type: ignore[attr-defined]
    assert result.examples[0]["deadline"] == "2025-02-20"
    assert result.examples[0]["complaint_id"] == "c0*01"


def test_pa2020d_art20_open_complaint_past_the_limit_is_not_met(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "c.csv",
        [
            ("c0001", "2025-01-24", "", ""),  # due 20 Feb, still open on 21 Feb
            ("c0002", "2025-02-19", "", ""),  # not yet due
        ],
    )
    late = handling_time(ComplaintParams(complaints=log, as_of=D(2025, 2, 21)))
    criteria = by_id(late.criteria)
    assert criteria["open_overdue"].status is Status.NOT_MET  # type: ignore[attr-defined]
    assert criteria["open_overdue"].figures["open_past_limit"] == 1  # type: ignore[attr-defined]
    assert criteria["open_overdue"].figures["open_not_yet_due"] == 1  # type: ignore[attr-defined]
    on_time = handling_time(ComplaintParams(complaints=log, as_of=D(2025, 2, 20)))
    assert by_id(on_time.criteria)["open_overdue"].status is Status.MET  # type: ignore[attr-defined]


def test_app_pi_2019_cat6_5_year_without_notice_is_cannot_decide(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "c.csv",
        [("c0001", "2025-03-03", "", "2025-03-05"), ("c0002", "2031-03-03", "", "2031-03-05")],
    )
    result = handling_time(ComplaintParams(complaints=log, as_of=D(2031, 6, 30)))
    criterion = by_id(result.criteria)["within_limit"]
    assert criterion.status is Status.CANNOT_DECIDE  # type: ignore[attr-defined]
    assert criterion.figures["years_without_notice"] == [2031]  # type: ignore[attr-defined]
    assert "2031" in criterion.detail.en  # type: ignore[attr-defined]


def test_app_pi_2019_cat6_5_provisional_calendar_is_marked(tmp_path: Path) -> None:
    log = write_log(tmp_path / "c.csv", [("c0001", "2031-03-03", "", "2031-03-05")])
    params = ComplaintParams(complaints=log, as_of=D(2031, 6, 30), allow_provisional=True)
    criterion = by_id(handling_time(params).criteria)["within_limit"]
    assert criterion.status is Status.MET  # type: ignore[attr-defined]
    assert criterion.figures["provisional"] == 1  # type: ignore[attr-defined]
    assert "PROVISIONAL" in criterion.detail.en  # type: ignore[attr-defined]


def test_pa2017_art15_median_over_the_limit_is_not_met(tmp_path: Path) -> None:
    log = write_log(tmp_path / "c.csv", [("c0001", "2025-03-03", "", "2025-05-30")])
    result = handling_time(ComplaintParams(complaints=log, as_of=D(2025, 6, 30)))
    assert by_id(result.criteria)["median"].status is Status.NOT_MET  # type: ignore[attr-defined]


def test_complaints_bad_input_is_cannot_decide(tmp_path: Path) -> None:
    missing = tmp_path / "m.csv"
    missing.write_text("complaint_id,received\nc1,2025-01-02\n", encoding="utf-8")
    result = handling_time(ComplaintParams(complaints=missing))
    assert result.status is Status.CANNOT_DECIDE
    assert "closed" in result.criteria[0].detail.en  # type: ignore[union-attr]
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("complaint_id,received,closed\n投诉1,2025-01-02,2025-01-03\n".encode("gbk"))
    assert "GBK" in handling_time(ComplaintParams(complaints=gbk)).criteria[0].detail.en  # type: ignore[union-attr]
    bad_date = write_log(tmp_path / "b.csv", [("c1", "yesterday", "", "2025-01-03")])
    assert handling_time(ComplaintParams(complaints=bad_date)).status is Status.CANNOT_DECIDE


def test_complaints_column_mapping_through_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,收到,办结\nc1,2025-03-03,2025-03-04\n", encoding="utf-8")
    check = registry.get("complaints.handling_time")
    result = check(
        {
            "complaints": path,
            "columns": {"complaint_id": "id", "received": "收到", "closed": "办结"},
            "as_of": "2025-06-30",
        }
    )
    assert result.status is Status.MET
    assert "app-pi-2019:cat6.5" in result.points
