"""Working days (工作日) under China's State Council holiday notices.

Deadlines in the regulations this project implements are counted in working days: sa-2018 Art. 7
¶2 gives 30 working days (30个工作日) to submit a security-assessment report, app-pi-2019 category
VI gives 15. A working day is Monday to Friday (国务院关于职工工作时间的规定, Art. 7: Saturday
and Sunday are the weekly rest days) unless that year's notice of the General Office of the
State Council (国务院办公厅关于XXXX年部分节假日安排的通知) makes it a rest day, and a Saturday or
Sunday is a working day when the notice moves work onto it (调休上班).

Those notices are published one year at a time, usually in November or December for the next
year. There is no rule from which a later year can be computed, so a date in a year without a
loaded notice is refused with `NoHolidayNotice` unless the caller accepts a *provisional* answer
that knows only weekends (docs/decisions/0004-provisional-deadlines.md).

Notices are YAML files (one a year): the packaged ones in `anping/law/notices/` and any loaded
later into `$ANPING_DATA_DIR/notices/` (`anping calendar load-notice`). For the same year a
data-dir notice overrides the packaged one, so a correction or a newly published year needs no
release.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

#: Environment variable naming the data directory; notices live in its `notices/` folder.
DATA_DIR_ENV = "ANPING_DATA_DIR"
DEFAULT_DATA_DIR = Path("var")

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5

DayReason = Literal["weekday", "weekend", "holiday", "adjusted_working_day"]


class NoHolidayNotice(LookupError):
    """No holiday notice is loaded for a year the computation needs."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"未载入{year}年节假日安排通知 / no State Council holiday notice loaded for {year}"
        )


class NoticeFileError(ValueError):
    """A notice file cannot be read or does not describe a valid holiday arrangement."""


# ---------------------------------------------------------------------------------------------
# The notice file format
# ---------------------------------------------------------------------------------------------


class NoticeRef(BaseModel):
    """One State Council document: the title and number a deadline's basis cites."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    number: str = Field(min_length=1)
    issued: dt.date | None = None

    def cite(self) -> str:
        """The citation as Chinese documents write it: 《title》（number）."""
        return f"《{self.title}》（{self.number}）"


class RestSpan(BaseModel):
    """A holiday's run of rest days (放假调休), both ends included."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> RestSpan:
        if self.end < self.start:
            raise ValueError(f"{self.name}: end {self.end} is before start {self.start}")
        return self

    def days(self) -> Iterator[dt.date]:
        """Every date of the span."""
        return _date_range(self.start, self.end)


class AdjustedWorkingDay(BaseModel):
    """A Saturday or Sunday on which people work to lengthen a holiday (调休上班)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    holiday: str = Field(min_length=1)


class HolidayNotice(BaseModel):
    """One year's arrangement: the notice and any amending notices, and the days in force.

    `notices[0]` is the year's notice; later entries amend it (e.g. 2019's Labour Day, 2020's
    Spring Festival extension). The days are the arrangement as amended. A notice may name days
    just outside its year (2019's New Year holiday began on 30 December 2018), so dates from
    December of the year before to January of the year after are accepted.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=1999, le=2200)
    notices: tuple[NoticeRef, ...] = Field(min_length=1)
    rest_days: tuple[RestSpan, ...] = Field(min_length=1)
    working_days: tuple[AdjustedWorkingDay, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> HolidayNotice:
        if str(self.year) not in self.notices[0].title:
            raise ValueError(f"the first notice's title must name the year {self.year}")
        first, last = dt.date(self.year - 1, 12, 1), dt.date(self.year + 1, 1, 31)
        rest = [d for span in self.rest_days for d in span.days()]
        work = [w.date for w in self.working_days]
        outside = sorted(d for d in (*rest, *work) if not first <= d <= last)
        if outside:
            raise ValueError(f"dates outside the notice's year {self.year}: {outside}")
        for day in _duplicates(rest) | _duplicates(work):
            raise ValueError(f"{day} is listed twice")
        for day in set(rest) & set(work):
            raise ValueError(f"{day} is both a rest day and a working day")
        for day in work:
            if day.weekday() < _SATURDAY:
                raise ValueError(f"adjusted working day {day} is not a Saturday or Sunday")
        return self


def _duplicates(days: list[dt.date]) -> set[dt.date]:
    return {day for day, count in Counter(days).items() if count > 1}


def _date_range(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY


def read_notice(path: Path) -> HolidayNotice:
    """Read and validate one notice file, naming the file in every error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NoticeFileError(f"{path}: cannot read ({exc})") from exc
    return parse_notice(text, str(path))


def parse_notice(text: str, label: str) -> HolidayNotice:
    """Validate the YAML text of a notice; errors name `label` (a file name) and the field."""
    try:
        return HolidayNotice.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise NoticeFileError(f"{label}: not valid YAML ({exc})") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors()
        )
        raise NoticeFileError(f"{label}: {problems}") from exc


# ---------------------------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedNotice:
    """A notice with where it came from ("package" or a file path), for `anping calendar list`."""

    notice: HolidayNotice
    origin: str


@dataclass(frozen=True)
class _DayEntry:
    working: bool
    name: str
    name_en: str
    year: int  # whose notice names the day


@dataclass(frozen=True)
class DayStatus:
    """Whether a date is a working day, and why."""

    date: dt.date
    working: bool
    reason: DayReason
    holiday: str | None = None  # the holiday's Chinese name, for holiday / adjusted_working_day
    holiday_en: str | None = None
    provisional: bool = False  # no notice for the year: only the weekend was considered

    def explain(self) -> tuple[str, str]:
        """(zh, en) prose for people: working day or not, and why."""
        verdict_zh = "工作日" if self.working else "非工作日"
        verdict_en = "a working day" if self.working else "not a working day"
        why_zh, why_en = {
            "weekday": ("周一至周五", "Monday to Friday"),
            "weekend": ("周六、周日休息", "weekend"),
            "holiday": (f"{self.holiday}放假", f"{self.holiday_en} holiday"),
            "adjusted_working_day": (
                f"{self.holiday}调休上班",
                f"adjusted working day for {self.holiday_en}",
            ),
        }[self.reason]
        zh = f"{self.date.isoformat()} {verdict_zh}（{why_zh}）"
        en = f"{self.date.isoformat()} is {verdict_en} ({why_en})"
        if self.provisional:
            zh += "【临时：该年无节假日通知，仅按周末判断】"
            en += " [PROVISIONAL: no holiday notice for the year, weekends only]"
        return zh, en


@dataclass(frozen=True)
class Deadline:
    """The end of a period of working days, and what it was computed from.

    `date` is the last day of the period. `provisional` is True when a year without a notice
    was crossed and only weekends were skipped there; such a date can move once the notice is
    published. `basis` lists the notices used, so a report can cite them.
    """

    start: dt.date
    working_days: int
    date: dt.date
    provisional: bool
    basis: tuple[NoticeRef, ...]
    provisional_years: tuple[int, ...] = ()


class Calendar:
    """Working days according to a fixed set of notices.

    Build one from explicit files (`Calendar.from_files`) in tests or for a what-if, or use
    `default_calendar()` for the packaged notices merged with the data directory's.
    """

    def __init__(self, notices: Iterable[LoadedNotice]) -> None:
        by_year: dict[int, LoadedNotice] = {}
        for loaded in notices:
            by_year[loaded.notice.year] = loaded  # later sources override earlier ones
        self._notices: Mapping[int, LoadedNotice] = dict(sorted(by_year.items()))
        self._days = _day_table(self._notices.values())

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> Calendar:
        """A calendar of exactly these notice files; a later file for a year wins."""
        return cls(LoadedNotice(read_notice(p), str(p)) for p in paths)

    @property
    def notices(self) -> Mapping[int, LoadedNotice]:
        """The notice in force for each loaded year, in year order."""
        return self._notices

    @property
    def years(self) -> tuple[int, ...]:
        """The years with a notice."""
        return tuple(self._notices)

    def status(self, day: dt.date, *, allow_provisional: bool = False) -> DayStatus:
        """Whether `day` is a working day and why; raises NoHolidayNotice for an unknown year."""
        entry = self._days.get(day)
        if entry is not None:
            reason: DayReason = "adjusted_working_day" if entry.working else "holiday"
            return DayStatus(day, entry.working, reason, entry.name, entry.name_en)
        known = day.year in self._notices
        if not known and not allow_provisional:
            raise NoHolidayNotice(day.year)
        weekend = day.weekday() >= _SATURDAY
        return DayStatus(
            day, not weekend, "weekend" if weekend else "weekday", provisional=not known
        )

    def is_working_day(self, day: dt.date, *, allow_provisional: bool = False) -> bool:
        """True on a working day; raises NoHolidayNotice for a year without a notice."""
        return self.status(day, allow_provisional=allow_provisional).working

    def add_working_days(
        self, start: dt.date, n: int, *, allow_provisional: bool = False
    ) -> dt.date:
        """The n-th working day after `start`; `start` itself is never counted.

        Periods "from the day an event occurs" begin on the next day (Civil Code Art. 201 ¶1,
        开始的当日不计入), so 1 working day after a Friday before a normal weekend is the Monday.
        n = 0 returns `start`.
        """
        return self.deadline(start, n, allow_provisional=allow_provisional).date

    def deadline(self, start: dt.date, n: int, *, allow_provisional: bool = False) -> Deadline:
        """`add_working_days` with the notices it relied on and whether it is provisional."""
        if n < 0:
            raise ValueError(f"the number of working days must be 0 or more, got {n}")
        day, counted = start, 0
        statuses: list[DayStatus] = []
        while counted < n:
            day += _ONE_DAY
            status = self.status(day, allow_provisional=allow_provisional)
            statuses.append(status)
            counted += status.working
        return self._deadline(start, n, day, statuses)

    def working_days_between(
        self, a: dt.date, b: dt.date, *, allow_provisional: bool = False
    ) -> int:
        """The number of working days d with a < d <= b: the interval (a, b].

        This is the inverse of `add_working_days`: between(a, add(a, n)) == n. When b < a the
        result is minus the count over (b, a], so swapping the dates flips the sign.
        """
        if b < a:
            return -self.working_days_between(b, a, allow_provisional=allow_provisional)
        return sum(
            self.is_working_day(d, allow_provisional=allow_provisional)
            for d in _date_range(a + _ONE_DAY, b)
        )

    def _deadline(
        self, start: dt.date, n: int, end: dt.date, statuses: list[DayStatus]
    ) -> Deadline:
        provisional_years = sorted({s.date.year for s in statuses if s.provisional})
        used_years = sorted({self._notice_year(s) for s in statuses if not s.provisional})
        basis = tuple(ref for y in used_years for ref in self._notices[y].notice.notices)
        return Deadline(start, n, end, bool(provisional_years), basis, tuple(provisional_years))

    def _notice_year(self, status: DayStatus) -> int:
        entry = self._days.get(status.date)
        return entry.year if entry is not None else status.date.year


def _day_table(loaded: Iterable[LoadedNotice]) -> dict[dt.date, _DayEntry]:
    """Every date named by a notice; two notices may not disagree on a date."""
    table: dict[dt.date, _DayEntry] = {}
    for item in loaded:
        notice = item.notice
        names = {span.name: span.name_en for span in notice.rest_days}
        entries = [
            (d, _DayEntry(False, span.name, span.name_en, notice.year))
            for span in notice.rest_days
            for d in span.days()
        ] + [
            (w.date, _DayEntry(True, w.holiday, names.get(w.holiday, w.holiday), notice.year))
            for w in notice.working_days
        ]
        for day, entry in entries:
            other = table.get(day)
            if other is not None and other.working != entry.working:
                raise NoticeFileError(
                    f"{day}: the {other.year} and {entry.year} notices disagree"
                    " on whether it is a working day"
                )
            table.setdefault(day, entry)
    return table


# ---------------------------------------------------------------------------------------------
# The default calendar: packaged notices + the data directory
# ---------------------------------------------------------------------------------------------


def data_dir() -> Path:
    """`$ANPING_DATA_DIR`, or `./var` when it is unset."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def notice_dir() -> Path:
    """Where loaded notices are kept: `<data dir>/notices/`."""
    return data_dir() / "notices"


def packaged_notices() -> list[LoadedNotice]:
    """The notices shipped with anping (`anping/law/notices/*.yaml`)."""
    folder = resources.files("anping.law").joinpath("notices")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [
        LoadedNotice(parse_notice(f.read_text(encoding="utf-8"), f.name), "package") for f in files
    ]


def data_dir_notices(folder: Path) -> list[LoadedNotice]:
    """The notices loaded into `folder`, in file-name order."""
    if not folder.is_dir():
        return []
    return [LoadedNotice(read_notice(p), str(p)) for p in sorted(folder.glob("*.yaml"))]


@functools.cache
def _calendar_for(folder: Path) -> Calendar:
    return Calendar([*packaged_notices(), *data_dir_notices(folder)])


def default_calendar() -> Calendar:
    """The packaged notices merged with `$ANPING_DATA_DIR/notices/`, loaded once and cached.

    A data-dir notice for a year overrides the packaged notice for that year.
    """
    return _calendar_for(notice_dir().resolve())


def reload_default_calendar() -> None:
    """Forget the cached calendar, e.g. after `anping calendar load-notice`."""
    _calendar_for.cache_clear()


def load_notice(source: Path, *, replace: bool = False) -> Path:
    """Validate a notice file and copy it to `<data dir>/notices/<year>.yaml`.

    The copy is checked against the other notices too (they must agree on shared dates).
    Raises NoticeFileError for an invalid file, FileExistsError when a notice for the year is
    already in the data dir and `replace` is False.
    """
    notice = read_notice(source)
    target = notice_dir() / f"{notice.year}.yaml"
    if target.exists() and not replace:
        raise FileExistsError(str(target))
    others = [n for n in data_dir_notices(notice_dir()) if n.notice.year != notice.year]
    Calendar([*packaged_notices(), *others, LoadedNotice(notice, str(source))])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    reload_default_calendar()
    return target


# ---------------------------------------------------------------------------------------------
# Module-level shortcuts on the default calendar
# ---------------------------------------------------------------------------------------------


def is_working_day(day: dt.date, *, allow_provisional: bool = False) -> bool:
    """`Calendar.is_working_day` on the default calendar."""
    return default_calendar().is_working_day(day, allow_provisional=allow_provisional)


def add_working_days(start: dt.date, n: int, *, allow_provisional: bool = False) -> dt.date:
    """`Calendar.add_working_days` on the default calendar."""
    return default_calendar().add_working_days(start, n, allow_provisional=allow_provisional)


def working_days_between(a: dt.date, b: dt.date, *, allow_provisional: bool = False) -> int:
    """`Calendar.working_days_between` on the default calendar: working days in (a, b]."""
    return default_calendar().working_days_between(a, b, allow_provisional=allow_provisional)


def deadline(start: dt.date, n: int, allow_provisional: bool = False) -> Deadline:
    """`Calendar.deadline` on the default calendar."""
    return default_calendar().deadline(start, n, allow_provisional=allow_provisional)
