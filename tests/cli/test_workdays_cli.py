"""`anping workdays …` and `anping calendar …`: output, JSON, exit codes 2 and 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anping.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "law" / "fixtures"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANPING_DATA_DIR", str(tmp_path))
    return tmp_path


def test_workdays_add_prints_date_and_basis() -> None:
    result = runner.invoke(app, ["workdays", "add", "2025-01-24", "30"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("2025-01-24 后第 30 个工作日：2025-03-13")
    assert "国办发明电〔2024〕12号" in result.stdout


def test_workdays_add_json() -> None:
    result = runner.invoke(app, ["workdays", "add", "2025-01-24", "30", "--json"])
    payload = json.loads(result.stdout)
    assert payload["date"] == "2025-03-13"
    assert payload["provisional"] is False
    assert payload["basis"][0]["number"] == "国办发明电〔2024〕12号"


def test_workdays_add_unknown_year_exits_3_with_one_line() -> None:
    result = runner.invoke(app, ["workdays", "add", "2026-12-20", "30"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("未载入2027年节假日安排通知")
    assert "Traceback" not in result.output


def test_workdays_add_provisional_says_so() -> None:
    result = runner.invoke(app, ["workdays", "add", "2026-12-20", "30", "--provisional"])
    assert result.exit_code == 0
    assert "2027-01-29" in result.stdout
    assert "PROVISIONAL" in result.stdout


def test_workdays_add_provisional_json() -> None:
    args = ["workdays", "add", "2026-12-20", "30", "--provisional", "--json"]
    payload = json.loads(runner.invoke(app, args).stdout)
    assert (payload["provisional"], payload["provisional_years"]) == (True, [2027])


@pytest.mark.parametrize("bad", ["2025-02-30", "tomorrow", "20250101x"])
def test_workdays_bad_date_exits_2(bad: str) -> None:
    result = runner.invoke(app, ["workdays", "check", bad])
    assert result.exit_code == 2
    assert result.stderr.startswith("日期无效 / invalid date")


def test_workdays_add_negative_exits_2() -> None:
    result = runner.invoke(app, ["workdays", "add", "2025-01-24", "--", "-1"])
    assert result.exit_code == 2
    assert "工作日数不能为负" in result.stderr


def test_workdays_between_counts_half_open_interval() -> None:
    result = runner.invoke(app, ["workdays", "between", "2025-03-07", "2025-03-10", "--json"])
    payload = json.loads(result.stdout)
    assert (payload["working_days"], payload["interval"]) == (1, "(from, to]")


def test_workdays_between_prose_is_chinese_first() -> None:
    result = runner.invoke(app, ["workdays", "between", "2025-01-24", "2025-03-13"])
    assert result.stdout.startswith("2025-01-24 至 2025-03-13 之间有 30 个工作日")
    assert "30 working days in (2025-01-24, 2025-03-13]" in result.stdout


def test_workdays_between_unknown_year_exits_3() -> None:
    assert runner.invoke(app, ["workdays", "between", "2026-12-01", "2027-02-01"]).exit_code == 3


@pytest.mark.parametrize(
    ("day", "working", "reason", "why"),
    [
        ("2025-01-29", False, "holiday", "春节放假"),
        ("2025-01-26", True, "adjusted_working_day", "春节调休上班"),
        ("2025-03-08", False, "weekend", "周六、周日休息"),
        ("2025-03-10", True, "weekday", "周一至周五"),
    ],
)
def test_workdays_check_says_why(day: str, working: bool, reason: str, why: str) -> None:
    prose = runner.invoke(app, ["workdays", "check", day]).stdout
    assert why in prose
    payload = json.loads(runner.invoke(app, ["workdays", "check", day, "--json"]).stdout)
    assert (payload["working_day"], payload["reason"]) == (working, reason)


def test_workdays_check_unknown_year_provisional() -> None:
    assert runner.invoke(app, ["workdays", "check", "2027-03-01"]).exit_code == 3
    result = runner.invoke(app, ["workdays", "check", "2027-03-01", "--provisional"])
    assert result.exit_code == 0
    assert "PROVISIONAL" in result.stdout


def test_calendar_list_shows_years_numbers_and_origin() -> None:
    payload = json.loads(runner.invoke(app, ["calendar", "list", "--json"]).stdout)
    assert [row["year"] for row in payload] == list(range(2019, 2027))
    assert payload[0]["notices"][0]["number"] == "国办发明电〔2018〕15号"
    assert {row["origin"] for row in payload} == {"package"}
    table = runner.invoke(app, ["calendar", "list"]).stdout
    assert "国办发明电〔2025〕7号" in table


def test_calendar_load_notice_makes_a_new_year_usable(data_dir: Path) -> None:
    result = runner.invoke(
        app, ["calendar", "load-notice", str(FIXTURES / "notice-2027-test.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert (data_dir / "notices" / "2027.yaml").is_file()
    check = json.loads(runner.invoke(app, ["workdays", "check", "2027-02-08", "--json"]).stdout)
    assert (check["working_day"], check["holiday"]) == (False, "春节")
    rows = json.loads(runner.invoke(app, ["calendar", "list", "--json"]).stdout)
    assert rows[-1]["origin"] == str(data_dir / "notices" / "2027.yaml")


def test_calendar_load_notice_refuses_to_replace_without_flag() -> None:
    notice = str(FIXTURES / "notice-2027-test.yaml")
    runner.invoke(app, ["calendar", "load-notice", notice])
    again = runner.invoke(app, ["calendar", "load-notice", notice])
    assert again.exit_code == 2
    assert "--replace" in again.stderr
    assert runner.invoke(app, ["calendar", "load-notice", notice, "--replace"]).exit_code == 0


def test_calendar_load_notice_rejects_invalid_file(data_dir: Path) -> None:
    args = ["calendar", "load-notice", str(FIXTURES / "notice-bad-workday.yaml")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("通知文件无效 / invalid notice file")
    assert not (data_dir / "notices").exists()
