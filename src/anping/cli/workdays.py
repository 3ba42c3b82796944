"""`anping workdays …`: working-day arithmetic under the State Council holiday notices.

Exit codes: 0 done; 2 bad input (a date that is not YYYY-MM-DD, a negative count); 3 a date in a
year without a loaded holiday notice, unless `--provisional` is given (then the output says
PROVISIONAL). No Django: this group must run anywhere.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, NoReturn

import typer

from anping.law.workdays import (
    Calendar,
    Deadline,
    NoHolidayNotice,
    NoticeFileError,
    default_calendar,
)

EXIT_BAD_INPUT = 2
EXIT_NO_NOTICE = 3

app = typer.Typer(
    help="工作日计算（依国务院办公厅节假日安排通知） / working days under the State Council"
    " holiday notices.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="机器可读输出 / JSON output.")]
ProvisionalOption = Annotated[
    bool,
    typer.Option(
        "--provisional",
        help="无通知的年份仅按周末计算并标注临时 / for a year without a notice, count weekends"
        " only and mark the result PROVISIONAL.",
    ),
]


def fail(message: str, code: int) -> NoReturn:
    """Print a one-line error to stderr and exit with `code` (no traceback)."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def parse_date(value: str) -> dt.date:
    """An ISO date from the command line, or exit 2 with a bilingual message."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"日期无效 / invalid date: {value!r} (expected YYYY-MM-DD)", EXIT_BAD_INPUT)


def no_notice(exc: NoHolidayNotice) -> NoReturn:
    """Exit 3 for a year without a notice, saying how to proceed."""
    fail(
        f"未载入{exc.year}年节假日安排通知；可加 --provisional 仅按周末临时计算，或用"
        f" anping calendar load-notice 载入通知 / no State Council holiday notice loaded for"
        f" {exc.year}; use --provisional for a weekends-only result, or load the notice with"
        " anping calendar load-notice",
        EXIT_NO_NOTICE,
    )


def calendar_or_exit() -> Calendar:
    """The default calendar, or exit 2 when a notice in the data directory is invalid."""
    try:
        return default_calendar()
    except NoticeFileError as exc:
        fail(f"通知文件无效 / invalid notice file: {exc}", EXIT_BAD_INPUT)


def _emit_json(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _provisional_years(cal: Calendar, a: dt.date, b: dt.date) -> list[int]:
    first, last = min(a, b), max(a, b)
    return [y for y in range(first.year, last.year + 1) if y not in cal.notices]


def _provisional_line(years: list[int]) -> str:
    listed = ", ".join(str(y) for y in years)
    return (
        f"【临时 PROVISIONAL】{listed}年无节假日通知，仅按周末计算，通知发布后可能变化 /"
        f" no holiday notice for {listed}: weekends only, may change once the notice is published"
    )


def _deadline_json(result: Deadline) -> dict[str, Any]:
    return {
        "start": result.start.isoformat(),
        "working_days": result.working_days,
        "date": result.date.isoformat(),
        "provisional": result.provisional,
        "provisional_years": list(result.provisional_years),
        "basis": [{"title": r.title, "number": r.number} for r in result.basis],
        "counting": "start day excluded / 起算日不计入",
    }


@app.command("add")
def add(
    start: Annotated[str, typer.Argument(help="起算日（事件发生日） / the event day, YYYY-MM-DD.")],
    n: Annotated[int, typer.Argument(help="工作日数 / number of working days.")],
    as_json: JsonOption = False,
    provisional: ProvisionalOption = False,
) -> None:
    """第 N 个工作日（起算日不计入） / the N-th working day after START (START not counted)."""
    day = parse_date(start)
    if n < 0:
        fail(
            f"工作日数不能为负 / the number of working days must be 0 or more: {n}", EXIT_BAD_INPUT
        )
    try:
        result = calendar_or_exit().deadline(day, n, allow_provisional=provisional)
    except NoHolidayNotice as exc:
        no_notice(exc)
    if as_json:
        _emit_json(_deadline_json(result))
        return
    typer.echo(
        f"{day} 后第 {n} 个工作日：{result.date}（起算日不计入） /"
        f" {n} working days after {day} (not counting that day): {result.date}"
    )
    for ref in result.basis:
        typer.echo(f"依据 basis: {ref.cite()}")
    if result.provisional:
        typer.echo(_provisional_line(list(result.provisional_years)))


@app.command("between")
def between(
    a: Annotated[str, typer.Argument(help="开始日（不计入） / from, excluded, YYYY-MM-DD.")],
    b: Annotated[str, typer.Argument(help="结束日（计入） / to, included, YYYY-MM-DD.")],
    as_json: JsonOption = False,
    provisional: ProvisionalOption = False,
) -> None:
    """A、B 之间的工作日数，区间 (A, B] / working days in (A, B]; negative when B < A."""
    first, last = parse_date(a), parse_date(b)
    cal = calendar_or_exit()
    try:
        count = cal.working_days_between(first, last, allow_provisional=provisional)
    except NoHolidayNotice as exc:
        no_notice(exc)
    years = _provisional_years(cal, first, last) if provisional else []
    if as_json:
        _emit_json(
            {
                "from": first.isoformat(),
                "to": last.isoformat(),
                "interval": "(from, to]",
                "working_days": count,
                "provisional": bool(years),
                "provisional_years": years,
            }
        )
        return
    typer.echo(
        f"{first} 至 {last} 之间有 {count} 个工作日（不含 {first}，含 {last}） /"
        f" {count} working days in ({first}, {last}]"
    )
    if years:
        typer.echo(_provisional_line(years))


@app.command("check")
def check(
    d: Annotated[str, typer.Argument(help="日期 / the date, YYYY-MM-DD.")],
    as_json: JsonOption = False,
    provisional: ProvisionalOption = False,
) -> None:
    """是否工作日及原因 / whether D is a working day, and why."""
    day = parse_date(d)
    try:
        status = calendar_or_exit().status(day, allow_provisional=provisional)
    except NoHolidayNotice as exc:
        no_notice(exc)
    zh, en = status.explain()
    if as_json:
        _emit_json(
            {
                "date": day.isoformat(),
                "working_day": status.working,
                "reason": status.reason,
                "holiday": status.holiday,
                "holiday_en": status.holiday_en,
                "provisional": status.provisional,
                "explanation": {"zh": zh, "en": en},
            }
        )
        return
    typer.echo(f"{zh} / {en}")
