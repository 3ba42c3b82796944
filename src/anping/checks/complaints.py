"""Complaint handling times (pa-2017 Art. 15; pa-2020d Art. 20; app-pi-2019 category VI item 5).

pa-2017 Art. 15 ¶2 and pa-2020d Art. 20 ¶2 require complaints and reports to be handled promptly
within published reply deadlines; app-pi-2019 VI.5 (cat6.5) fixes the longest acceptable time at
15 working days (不超过15个工作日). This check measures a platform's complaint log against that
limit on the statutory calendar (`anping.law.workdays`): the deadline is the 15th working day
after the day of receipt, which is itself not counted (Civil Code Art. 201), and weekends,
holidays and adjusted working days follow the State Council notice for each year.

Input: CSV (UTF-8) or Parquet, one row a complaint; canonical columns (rename with `columns`):

| column         | type | meaning                                                  |
|----------------|------|----------------------------------------------------------|
| complaint_id   | text | the platform's id                                        |
| received       | date | day the complaint was received (a timestamp is cut)      |
| first_response | date | first reply to the complainant; optional column          |
| closed         | date | day handling was completed; empty while still open       |

A date in a year for which no holiday notice is loaded cannot be counted in working days. Such
records are reported separately and make the criteria "cannot_decide" (unless they already
fail), or, with `allow_provisional`, are counted on weekends only and marked PROVISIONAL.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from anping.checks.registry import Progress
from anping.checks.result import MAX_EXAMPLES, Bilingual, CheckResult, Criterion, Status, mask
from anping.checks.table_results import Spec, finish, invalid_note, pct, run_guarded, share
from anping.checks.tables import Col, Table, read_table
from anping.law import workdays
from anping.law.workdays import NoHolidayNotice

SPEC = Spec(
    "complaints.handling_time",
    "投诉举报在15个工作日内处理",
    "Complaints handled within 15 working days",
    (
        "app-pi-2019:cat6.5",
        "pa-2017:art15.complaints",
        "pa-2020d:art20.complaints",
        "sa-2018:art5.6",
    ),
)

SCHEMA: dict[str, Col] = {
    "complaint_id": Col("VARCHAR"),
    "received": Col("DATE"),
    "first_response": Col("DATE", nullable=True, optional=True),
    "closed": Col("DATE", nullable=True),
}


class ComplaintParams(BaseModel):
    """The complaint log, the limit (15 working days, app-pi-2019 VI.5) and the assessment date."""

    model_config = ConfigDict(extra="forbid")

    complaints: Path
    columns: dict[str, str] = Field(default_factory=dict, description="canonical → file column")
    encoding: str = "utf-8"
    limit_working_days: int = Field(
        default=15, ge=1, le=15, description="the platform's promise, ≤ 15"
    )
    min_share: float = Field(
        default=1.0, ge=0.0, le=1.0, description="share required within the limit"
    )
    as_of: dt.date = Field(default_factory=dt.date.today, description="assessment date")
    allow_provisional: bool = Field(
        default=False, description="count years without a holiday notice on weekends only, marked"
    )


@dataclass
class Tally:
    """What the records add up to."""

    in_time: int = 0
    late: int = 0  # closed after the deadline
    overdue_open: int = 0  # still open, deadline passed before the assessment date
    pending: int = 0  # still open, not yet due
    provisional: int = 0  # decided on a provisional (weekends-only) calendar
    undecidable: Counter[int] = field(default_factory=Counter)  # year without notice → records
    days: list[int] = field(default_factory=list)  # handling time of closed complaints
    uncounted_years: set[int] = field(default_factory=set)  # lengths not countable (no notice)
    first_days: list[int] = field(default_factory=list)
    bad: list[dict[str, Any]] = field(default_factory=list)  # examples of late / overdue


class _Clock:
    """Working-day arithmetic with caches (a log has many complaints on the same days)."""

    def __init__(self, limit: int, allow_provisional: bool) -> None:
        self.limit = limit
        self.allow = allow_provisional
        self._deadlines: dict[dt.date, workdays.Deadline] = {}
        self._spans: dict[tuple[dt.date, dt.date], int] = {}

    def deadline(self, received: dt.date) -> workdays.Deadline:
        if received not in self._deadlines:
            self._deadlines[received] = workdays.deadline(
                received, self.limit, allow_provisional=self.allow
            )
        return self._deadlines[received]

    def between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]; the day of receipt is not counted."""
        if (a, b) not in self._spans:
            self._spans[(a, b)] = workdays.working_days_between(a, b, allow_provisional=self.allow)
        return self._spans[(a, b)]


@SPEC.register(ComplaintParams)
def handling_time(p: ComplaintParams, progress: Progress | None = None) -> CheckResult:
    """Share handled within the limit, open complaints past it, median handling time.

    app-pi-2019 VI.5: complaints are to be accepted and handled within the promised time, at
    most 15 working days; pa-2017 Art. 15 ¶2 / pa-2020d Art. 20 ¶2: prompt handling within
    published reply deadlines.
    """
    return run_guarded(SPEC, p, lambda started: _run(p, started, progress))


def _run(p: ComplaintParams, started: float, progress: Progress | None) -> CheckResult:
    con = duckdb.connect()
    table = read_table(con, p.complaints, "complaints", SCHEMA, p.columns, encoding=p.encoding)
    rows = con.sql(
        "SELECT complaint_id, received, first_response, closed FROM complaints "
        "WHERE NOT _invalid ORDER BY received, complaint_id"
    ).fetchall()
    clock = _Clock(p.limit_working_days, p.allow_provisional)
    tally = Tally()
    reversed_dates = 0
    for i, (cid, received, first, closed) in enumerate(rows):
        if closed is not None and closed < received:
            reversed_dates += 1
            continue
        _count(tally, clock, p.as_of, cid, received, first, closed)
        if progress is not None and i % 10_000 == 0:
            progress(i, len(rows))
    return _result(p, started, table, tally, reversed_dates + table.invalid)


def _count(
    tally: Tally,
    clock: _Clock,
    as_of: dt.date,
    cid: str,
    received: dt.date,
    first: dt.date | None,
    closed: dt.date | None,
) -> None:
    """Add one complaint to the tally; a year without a notice makes it undecidable."""
    try:
        due = clock.deadline(received)
    except NoHolidayNotice as missing:
        tally.undecidable[missing.year] += 1
        return
    tally.provisional += due.provisional
    if closed is None:
        if as_of > due.date:
            tally.overdue_open += 1
            _remember(tally, cid, received, due.date, None, "open past the limit")
        else:
            tally.pending += 1
        return
    if closed <= due.date:
        tally.in_time += 1
    else:
        tally.late += 1
        _remember(tally, cid, received, due.date, closed, "closed late")
    _add_days(tally, clock, received, first, closed)


def _add_days(
    tally: Tally, clock: _Clock, received: dt.date, first: dt.date | None, closed: dt.date
) -> None:
    try:
        tally.days.append(clock.between(received, closed))
        if first is not None and first >= received:
            tally.first_days.append(clock.between(received, first))
    except NoHolidayNotice as missing:
        tally.uncounted_years.add(missing.year)  # in time or late is known; the length is not


def _remember(
    tally: Tally,
    cid: str,
    received: dt.date,
    due: dt.date,
    closed: dt.date | None,
    why: str,
) -> None:
    if len(tally.bad) < MAX_EXAMPLES:
        tally.bad.append(
            {
                "complaint_id": mask(cid),
                "received": received.isoformat(),
                "deadline": due.isoformat(),
                "closed": closed.isoformat() if closed else None,
                "why": why,
            }
        )


def _result(
    p: ComplaintParams, started: float, table: Table, tally: Tally, invalid: int
) -> CheckResult:
    undecided = sum(tally.undecidable.values())
    years = sorted(tally.undecidable)
    criteria = [
        _share_criterion(p, tally, undecided, years, invalid),
        _overdue_criterion(p, tally, undecided, years, invalid),
        _median_criterion(p, tally),
    ]
    return finish(SPEC, p, criteria, started=started, tables=[table], examples=tally.bad)


def _status(failed: bool, decided: int, undecided: int, invalid: int) -> Status:
    """not_met wins; otherwise unknown years, unusable rows or no data leave it undecided."""
    if failed:
        return Status.NOT_MET
    if undecided or invalid or not decided:
        return Status.CANNOT_DECIDE
    return Status.MET


def _caveats(p: ComplaintParams, tally: Tally, years: list[int], invalid: int) -> tuple[str, str]:
    zh, en = invalid_note(invalid)
    if years:
        listed = ", ".join(map(str, years))
        zh += f"；{sum(tally.undecidable.values())}条记录涉及未载入节假日安排通知的年份（{listed}），无法按工作日判断"
        en += (
            f"; {sum(tally.undecidable.values())} record(s) fall in years without a State Council "
            f"holiday notice ({listed}) and cannot be counted in working days"
        )
    if tally.provisional:
        zh += f"；【临时】{tally.provisional}条记录按仅周末的临时日历计算"
        en += f"; PROVISIONAL: {tally.provisional} record(s) counted on a weekends-only calendar"
    return zh, en


def _share_criterion(
    p: ComplaintParams, tally: Tally, undecided: int, years: list[int], invalid: int
) -> Criterion:
    decided = tally.in_time + tally.late + tally.overdue_open
    ratio = share(tally.in_time, decided)
    failed = ratio is not None and ratio < p.min_share
    zh, en = _caveats(p, tally, years, invalid)
    return Criterion(
        id=f"{SPEC.id}.within_limit",
        title=Bilingual(
            zh=f"在{p.limit_working_days}个工作日内处理完毕的比例",
            en=f"Share handled within {p.limit_working_days} working days",
        ),
        status=_status(failed, decided, undecided, invalid),
        figures={
            "decided": decided,
            "in_time": tally.in_time,
            "closed_late": tally.late,
            "open_past_limit": tally.overdue_open,
            "open_not_yet_due": tally.pending,
            "share_in_time": ratio,
            "min_share": p.min_share,
            "limit_working_days": p.limit_working_days,
            "undecidable_no_notice": undecided,
            "years_without_notice": years,
            "provisional": tally.provisional,
            "rows_invalid": invalid,
        },
        detail=Bilingual(
            zh=f"可判断的{decided}件中{tally.in_time}件在期限内处理完毕（{pct(ratio)}，要求≥{pct(p.min_share)}）{zh}",
            en=f"{tally.in_time} of {decided} decidable complaints handled in time ({pct(ratio)}, required ≥ {pct(p.min_share)}){en}",
        ),
        cites=SPEC.points,
    )


def _overdue_criterion(
    p: ComplaintParams, tally: Tally, undecided: int, years: list[int], invalid: int
) -> Criterion:
    open_total = tally.overdue_open + tally.pending
    zh, en = _caveats(p, tally, years, invalid)
    return Criterion(
        id=f"{SPEC.id}.open_overdue",
        title=Bilingual(zh="超期未处理的投诉", en="Open complaints past the limit"),
        status=_status(
            tally.overdue_open > 0, open_total + tally.in_time + tally.late, undecided, invalid
        ),
        figures={
            "as_of": p.as_of.isoformat(),
            "open": open_total,
            "open_past_limit": tally.overdue_open,
            "open_not_yet_due": tally.pending,
        },
        detail=Bilingual(
            zh=f"截至{p.as_of.isoformat()}，未结{open_total}件，其中{tally.overdue_open}件已超过{p.limit_working_days}个工作日{zh}",
            en=f"As of {p.as_of.isoformat()}: {open_total} open, {tally.overdue_open} past {p.limit_working_days} working days{en}",
        ),
        cites=SPEC.points,
    )


def _median_criterion(p: ComplaintParams, tally: Tally) -> Criterion:
    median = statistics.median(tally.days) if tally.days else None
    first = statistics.median(tally.first_days) if tally.first_days else None
    if median is None:
        status = Status.CANNOT_DECIDE
    else:
        status = Status.MET if median <= p.limit_working_days else Status.NOT_MET
    return Criterion(
        id=f"{SPEC.id}.median",
        title=Bilingual(zh="处理时长中位数（工作日）", en="Median handling time (working days)"),
        status=status,
        figures={
            "closed_counted": len(tally.days),
            "median_working_days": median,
            "max_working_days": max(tally.days) if tally.days else None,
            "median_first_response_working_days": first,
            "provisional": tally.provisional,
            "lengths_not_counted_years": sorted(tally.uncounted_years),
        },
        detail=Bilingual(
            zh=f"已结{len(tally.days)}件的处理时长中位数为{median}个工作日；首次答复中位数{first}个工作日",
            en=f"Median handling time of {len(tally.days)} closed complaints: {median} working days; first response: {first}",
        ),
        cites=SPEC.points,
    )
