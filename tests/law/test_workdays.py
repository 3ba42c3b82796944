"""Working days under the State Council holiday notices (anping.law.workdays).

The packaged notices are cross-checked day by day against two independent libraries. Their traps,
which is why anping keeps its own table instead of calling them:

- chinese_calendar's `find_workday(delta, date)` is off by one when `date` is itself a holiday:
  `find_workday(1, 2025-01-28)` (Spring Festival) gives 2025-02-06, the *second* working day after
  the holiday, and it raises NotImplementedError for a year it has no data for.
- `holidays.China(years=...)` lists holidays only (not the weekends inside a holiday run nor the
  adjusted working days), and for a year no notice has covered yet it silently invents the
  statutory days without any 调休, so it cannot say that a year is unknown.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import chinese_calendar
import holidays
import pytest

from anping.law import workdays
from anping.law.workdays import (
    Calendar,
    LoadedNotice,
    NoHolidayNotice,
    NoticeFileError,
    packaged_notices,
    read_notice,
)

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date
PACKAGED = Calendar(packaged_notices())


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


ALL_DAYS = _days(D(2019, 1, 1), D(2026, 12, 31))


@pytest.fixture(autouse=True)
def empty_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test sees the packaged notices only, whatever ./var holds."""
    monkeypatch.setenv("ANPING_DATA_DIR", str(tmp_path))
    return tmp_path


# --- the table against chinese_calendar and holidays --------------------------------------------


def test_packaged_notices_cover_2019_to_2026() -> None:
    assert set(range(2019, 2027)) <= set(PACKAGED.years)


def test_every_day_2019_to_2026_matches_chinese_calendar() -> None:
    mismatches = [
        d for d in ALL_DAYS if PACKAGED.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert mismatches == []


def test_every_holiday_listed_by_holidays_is_a_rest_day() -> None:
    listed = holidays.China(years=range(2019, 2027))
    working = sorted(d for d in listed if PACKAGED.is_working_day(d))
    assert working == []


def test_adjusted_working_weekends_match_chinese_calendar() -> None:
    ours = {d for d in ALL_DAYS if d.weekday() >= 5 and PACKAGED.is_working_day(d)}
    theirs = {d for d in ALL_DAYS if d.weekday() >= 5 and chinese_calendar.is_workday(d)}
    assert ours == theirs


def test_december_2018_days_of_the_2019_notice_are_known() -> None:
    assert PACKAGED.is_working_day(D(2018, 12, 29))  # Saturday worked for New Year 2019
    assert not PACKAGED.is_working_day(D(2018, 12, 31))
    with pytest.raises(NoHolidayNotice):
        PACKAGED.is_working_day(D(2018, 12, 28))


@pytest.mark.parametrize(
    ("year", "numbers"),
    [
        (2019, ["国办发明电〔2018〕15号", "国办发明电〔2019〕3号"]),
        (2020, ["国办发明电〔2019〕16号", "国办发明电〔2020〕1号"]),
        (2021, ["国办发明电〔2020〕27号"]),
        (2022, ["国办发明电〔2021〕11号"]),
        (2023, ["国办发明电〔2022〕16号"]),
        (2024, ["国办发明电〔2023〕7号"]),
        (2025, ["国办发明电〔2024〕12号"]),
        (2026, ["国办发明电〔2025〕7号"]),
    ],
)
def test_notice_numbers_per_year(year: int, numbers: list[str]) -> None:
    notice = PACKAGED.notices[year].notice
    assert [n.number for n in notice.notices] == numbers
    assert notice.notices[0].title == f"国务院办公厅关于{year}年部分节假日安排的通知"


def test_2025_arrangement_follows_the_2024_revision() -> None:
    """国务院令第795号: the Spring Festival eve and 2 May became statutory holidays from 2025."""
    assert PACKAGED.status(D(2025, 1, 28)).holiday == "春节"  # 除夕
    assert PACKAGED.status(D(2024, 2, 9)).working  # 2024's eve was still a working day
    assert not PACKAGED.is_working_day(D(2025, 5, 2))


def test_2020_spring_festival_extension_makes_1_february_a_rest_day() -> None:
    assert not PACKAGED.is_working_day(D(2020, 1, 31))
    assert not PACKAGED.is_working_day(D(2020, 2, 1))  # worked under the original notice


# --- arithmetic ----------------------------------------------------------------------------------


def test_add_working_days_one_after_friday_is_monday() -> None:
    assert PACKAGED.add_working_days(D(2025, 3, 7), 1) == D(2025, 3, 10)


def test_add_working_days_zero_is_the_start() -> None:
    assert PACKAGED.add_working_days(D(2025, 3, 8), 0) == D(2025, 3, 8)


def test_add_working_days_from_a_holiday_counts_from_the_next_day() -> None:
    # chinese_calendar.find_workday(1, 2025-01-28) answers 2025-02-06: its off-by-one trap.
    assert PACKAGED.add_working_days(D(2025, 1, 28), 1) == D(2025, 2, 5)


def test_add_working_days_counts_an_adjusted_working_sunday() -> None:
    assert PACKAGED.add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        PACKAGED.add_working_days(D(2025, 1, 24), -1)


def test_art7_situation3_due_30_working_days_across_spring_festival() -> None:
    """sa-2018 Art. 7 ¶2: growth noticed on Friday 24 January 2025, report by 13 March."""
    result = PACKAGED.deadline(D(2025, 1, 24), 30)
    assert result.date == D(2025, 3, 13)
    assert not result.provisional
    assert [r.number for r in result.basis] == ["国办发明电〔2024〕12号"]


def test_art7_situation4_due_30_working_days_across_national_day() -> None:
    """Harmful information on 29 September 2025: 1-8 October off, Saturday 11 October worked."""
    assert PACKAGED.add_working_days(D(2025, 9, 29), 30) == D(2025, 11, 17)


def test_art7_situation5_due_30_working_days_across_the_2020_extension() -> None:
    result = PACKAGED.deadline(D(2020, 1, 20), 30)
    assert result.date == D(2020, 3, 10)
    assert "国办发明电〔2020〕1号" in [r.number for r in result.basis]


def test_art7_deadline_across_new_year_cites_both_notices() -> None:
    result = PACKAGED.deadline(D(2025, 12, 15), 30)
    assert result.date == D(2026, 1, 27)  # 1-3 January off, Sunday 4 January worked
    assert [r.number for r in result.basis] == ["国办发明电〔2024〕12号", "国办发明电〔2025〕7号"]


def test_working_days_between_is_the_half_open_interval() -> None:
    assert PACKAGED.working_days_between(D(2025, 3, 7), D(2025, 3, 10)) == 1  # (Fri, Mon]
    assert PACKAGED.working_days_between(D(2025, 3, 7), D(2025, 3, 7)) == 0
    assert PACKAGED.working_days_between(D(2025, 3, 10), D(2025, 3, 7)) == -1


def test_working_days_between_counts_a_year() -> None:
    # 2025: 261 weekdays, 18 of them holidays, 5 weekend days worked.
    assert PACKAGED.working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 248


# --- unknown years and provisional answers ------------------------------------------------------


def test_no_holiday_notice_names_the_year() -> None:
    with pytest.raises(NoHolidayNotice, match="2027") as caught:
        PACKAGED.is_working_day(D(2027, 3, 1))
    assert isinstance(caught.value, LookupError)
    assert caught.value.year == 2027


def test_deadline_into_a_missing_year_raises_without_allow_provisional() -> None:
    with pytest.raises(NoHolidayNotice, match="2027"):
        PACKAGED.deadline(D(2026, 12, 20), 30)


def test_deadline_provisional_counts_weekends_only() -> None:
    result = PACKAGED.deadline(D(2026, 12, 20), 30, allow_provisional=True)
    assert result.provisional
    assert result.provisional_years == (2027,)
    assert result.date == D(2027, 1, 29)  # no New Year holiday is assumed for 2027
    assert [r.number for r in result.basis] == ["国办发明电〔2025〕7号"]


def test_deadline_is_frozen() -> None:
    result = PACKAGED.deadline(D(2025, 1, 24), 1)
    with pytest.raises(AttributeError):
        result.date = D(2000, 1, 1)  # type: ignore[misc]


def test_status_explains_holiday_adjusted_day_and_weekend() -> None:
    assert (
        PACKAGED.status(D(2025, 10, 3)).explain()[0] == "2025-10-03 非工作日（国庆节、中秋节放假）"
    )
    adjusted = PACKAGED.status(D(2025, 10, 11))
    assert (adjusted.working, adjusted.reason) == (True, "adjusted_working_day")
    assert PACKAGED.status(D(2025, 3, 8)).reason == "weekend"
    provisional = PACKAGED.status(D(2027, 3, 6), allow_provisional=True)
    assert provisional.provisional
    assert "PROVISIONAL" in provisional.explain()[1]


# --- notice files, the data dir and the default calendar ----------------------------------------


def test_module_functions_use_the_default_calendar() -> None:
    assert workdays.is_working_day(D(2025, 1, 26))
    assert workdays.add_working_days(D(2025, 1, 24), 30) == D(2025, 3, 13)
    assert workdays.working_days_between(D(2025, 1, 24), D(2025, 3, 13)) == 30
    assert workdays.deadline(D(2026, 12, 20), 30, allow_provisional=True).provisional
    with pytest.raises(NoHolidayNotice):
        workdays.deadline(D(2026, 12, 20), 30)


def test_calendar_from_files_knows_only_those_years() -> None:
    cal = Calendar.from_files([FIXTURES / "notice-2027-test.yaml"])
    assert cal.years == (2027,)
    assert not cal.is_working_day(D(2027, 2, 8))
    assert cal.is_working_day(D(2027, 2, 20))
    with pytest.raises(NoHolidayNotice, match="2026"):
        cal.is_working_day(D(2026, 6, 1))


def test_later_notice_for_a_year_overrides_the_earlier() -> None:
    override = read_notice(FIXTURES / "notice-2026-override.yaml")
    cal = Calendar([*packaged_notices(), LoadedNotice(override, "data dir")])
    assert not cal.is_working_day(D(2026, 3, 2))
    assert cal.is_working_day(D(2026, 2, 16))  # the packaged 2026 notice is replaced whole
    assert cal.notices[2026].origin == "data dir"


def test_data_dir_notice_overrides_packaged_one(empty_data_dir: Path) -> None:
    (empty_data_dir / "notices").mkdir()
    shutil.copy(FIXTURES / "notice-2026-override.yaml", empty_data_dir / "notices" / "2026.yaml")
    workdays.reload_default_calendar()
    assert not workdays.is_working_day(D(2026, 3, 2))


def test_load_notice_copies_into_the_data_dir(empty_data_dir: Path) -> None:
    target = workdays.load_notice(FIXTURES / "notice-2027-test.yaml")
    assert target == empty_data_dir / "notices" / "2027.yaml"
    assert not workdays.is_working_day(D(2027, 1, 1))
    with pytest.raises(FileExistsError):
        workdays.load_notice(FIXTURES / "notice-2027-test.yaml")
    assert workdays.load_notice(FIXTURES / "notice-2027-test.yaml", replace=True) == target


def test_notice_rejects_a_weekday_adjusted_working_day() -> None:
    with pytest.raises(NoticeFileError, match="not a Saturday or Sunday"):
        read_notice(FIXTURES / "notice-bad-workday.yaml")


def test_notice_rejects_a_day_both_rest_and_work(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "year: 2027\nnotices: [{title: 国务院办公厅关于2027年部分节假日安排的通知, number: x}]\n"
        "rest_days: [{name: a, name_en: a, start: 2027-02-06, end: 2027-02-07}]\n"
        "working_days: [{date: 2027-02-06, holiday: a}]\n",
        encoding="utf-8",
    )
    with pytest.raises(NoticeFileError, match="both a rest day and a working day"):
        read_notice(bad)


def test_notice_rejects_invalid_yaml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: [2027\n", encoding="utf-8")
    with pytest.raises(NoticeFileError, match="not valid YAML"):
        read_notice(bad)


def test_calendar_rejects_notices_that_disagree(tmp_path: Path) -> None:
    # The 2019 notice makes Saturday 29 December 2018 a working day; say it is a rest day.
    clash = tmp_path / "2018.yaml"
    clash.write_text(
        "year: 2018\nnotices: [{title: 国务院办公厅关于2018年部分节假日安排的通知, number: x}]\n"
        "rest_days: [{name: 元旦, name_en: New Year's Day, start: 2018-12-29, end: 2018-12-29}]\n",
        encoding="utf-8",
    )
    with pytest.raises(NoticeFileError, match="disagree"):
        Calendar([*packaged_notices(), LoadedNotice(read_notice(clash), str(clash))])
