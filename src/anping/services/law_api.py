"""API: the law engine, stateless — deadlines for a profile, working days, divisions, identifiers.

Nothing here reads or writes tenant data; answers depend only on the request and the packaged
catalogs, notices and division table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from anping.core.errors import DomainError, Invalid
from anping.law import divisions, identifiers, workdays
from anping.law.triggers import ServiceProfile, assess
from anping.services.api import RequiredOut, required_out

router = Router(tags=["law"])

MAX_WORKING_DAYS = 3650
MAX_SEARCH_RESULTS = 50


class NoHolidayNoticeError(DomainError):
    """A working-day question about a year without a loaded holiday notice (decision 0004)."""

    status = 422
    code = "no_holiday_notice"


class UnknownDivisionError(DomainError):
    status = 404
    code = "unknown_division"


def _no_notice(exc: workdays.NoHolidayNotice) -> NoHolidayNoticeError:
    return NoHolidayNoticeError(
        _("未载入%(year)d年节假日安排通知；如可接受临时结果，请加 provisional=true。")
        % {"year": exc.year},
        details={"year": exc.year},
    )


class NoticeOut(Schema):
    title: str
    number: str


class AddOut(Schema):
    start: dt.date
    working_days: int
    date: dt.date
    provisional: bool
    provisional_years: list[int]
    basis: list[NoticeOut]


class BetweenOut(Schema):
    a: dt.date
    b: dt.date
    working_days: int
    provisional: bool


class TextOut(Schema):
    zh: str
    en: str


class DayOut(Schema):
    date: dt.date
    working: bool
    reason: str
    holiday: str | None
    holiday_en: str | None
    provisional: bool
    explanation: TextOut


class DivisionOut(Schema):
    code: str
    name: str
    level: str


class RouteOut(Schema):
    division: DivisionOut
    filing_unit: DivisionOut
    path: list[DivisionOut]
    superiors: list[DivisionOut]


class IdentifierIn(Schema):
    value: str
    kind: Literal["resident_id", "credit_code", "mobile"] | None = None


class ReasonOut(Schema):
    code: str
    zh: str
    en: str


class IdentifierOut(Schema):
    kind: str | None
    valid: bool
    reason: ReasonOut
    masked: str


def _division(d: divisions.Division) -> dict[str, str]:
    return {"code": d.code, "name": d.name, "level": d.level}


@router.post("/law/due", response=list[RequiredOut])
def law_due(
    request: HttpRequest, profile: ServiceProfile, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The assessments sa-2018 requires of a service profile (Art. 2, 3, 7), overdue first."""
    return [required_out(i) for i in assess(profile, today or timezone.localdate())]


@router.get("/law/workdays/add", response=AddOut)
def workdays_add(
    request: HttpRequest, start: dt.date, n: int, provisional: bool = False
) -> dict[str, Any]:
    """The n-th working day after `start` (the start day is not counted)."""
    if not 0 <= n <= MAX_WORKING_DAYS:
        raise Invalid(
            _("工作日数应在 0 到 %(max)d 之间。") % {"max": MAX_WORKING_DAYS},
            details={"field": "n"},
        )
    try:
        limit = workdays.deadline(start, n, allow_provisional=provisional)
    except workdays.NoHolidayNotice as exc:
        raise _no_notice(exc) from None
    return {
        "start": limit.start,
        "working_days": limit.working_days,
        "date": limit.date,
        "provisional": limit.provisional,
        "provisional_years": list(limit.provisional_years),
        "basis": [{"title": r.title, "number": r.number} for r in limit.basis],
    }


@router.get("/law/workdays/between", response=BetweenOut)
def workdays_between(
    request: HttpRequest, a: dt.date, b: dt.date, provisional: bool = False
) -> dict[str, Any]:
    """Working days in (a, b]; negative when b is before a."""
    if abs((b - a).days) > MAX_WORKING_DAYS * 2:
        raise Invalid(_("日期间隔过长。"), details={"field": "b"})
    try:
        count = workdays.working_days_between(a, b, allow_provisional=provisional)
    except workdays.NoHolidayNotice as exc:
        raise _no_notice(exc) from None
    cal = workdays.default_calendar()
    lo, hi = min(a, b), max(a, b)
    unknown = any(y not in cal.years for y in range(lo.year, hi.year + 1))
    return {"a": a, "b": b, "working_days": count, "provisional": unknown}


@router.get("/law/workdays/check", response=DayOut)
def workdays_check(
    request: HttpRequest, date: dt.date, provisional: bool = False
) -> dict[str, Any]:
    """Whether `date` is a working day, and why."""
    try:
        status = workdays.default_calendar().status(date, allow_provisional=provisional)
    except workdays.NoHolidayNotice as exc:
        raise _no_notice(exc) from None
    zh, en = status.explain()
    return {
        "date": status.date,
        "working": status.working,
        "reason": status.reason,
        "holiday": status.holiday,
        "holiday_en": status.holiday_en,
        "provisional": status.provisional,
        "explanation": {"zh": zh, "en": en},
    }


@router.get("/law/divisions/route/{code}", response=RouteOut)
def divisions_route(request: HttpRequest, code: str) -> dict[str, Any]:
    """Where a provider at `code` files (sa-2018 Art. 7) and what lies above it (Art. 10)."""
    try:
        division = divisions.get(code)
        unit = divisions.filing_unit(code)
    except divisions.MalformedCodeError:
        raise Invalid(_("行政区划代码应为六位数字。"), details={"field": "code"}) from None
    except divisions.UnknownDivision as exc:
        raise UnknownDivisionError(
            _("行政区划代码 %(code)s 不在现行区划表中，请使用现行代码。") % {"code": code},
            details={"table": divisions.TABLE_VERSION, "explanation": str(exc)},
        ) from None
    return {
        "division": _division(division),
        "filing_unit": _division(unit),
        "path": [_division(d) for d in divisions.path(code)],
        "superiors": [_division(d) for d in divisions.superiors(code)],
    }


@router.get("/law/divisions/search", response=list[DivisionOut])
def divisions_search(request: HttpRequest, q: str) -> list[dict[str, str]]:
    """Divisions whose Chinese name contains `q` (at most 50), or the one with code `q`."""
    text = q.strip()
    if text.isdigit() and len(text) == 6:
        try:
            return [_division(divisions.get(text))]
        except divisions.UnknownDivision:
            return []
    return [_division(d) for d in divisions.search(text)[:MAX_SEARCH_RESULTS]]


@router.post("/law/identifiers/check", response=IdentifierOut)
def identifiers_check(request: HttpRequest, payload: IdentifierIn) -> dict[str, Any]:
    """Validate an ID number, credit code or mobile number; the answer shows it only masked."""
    result = identifiers.check(payload.value, payload.kind)
    shown = result.normalised or payload.value.strip()
    return {
        "kind": result.kind,
        "valid": result.valid,
        "reason": {"code": result.reason.code, "zh": result.reason.zh, "en": result.reason.en},
        "masked": identifiers.mask(shown, result.kind),
    }
