"""Properties of working-day arithmetic over the packaged notices (2019-2026)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from anping.law.workdays import Calendar, packaged_notices

CAL = Calendar(packaged_notices())


# Start dates leave room for 60 working days (about 90 calendar days) before 2027.
starts = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2026, 9, 1))
counts = st.integers(min_value=0, max_value=60)
year_ends = st.builds(
    dt.date, st.integers(min_value=2019, max_value=2025), st.just(12), st.integers(15, 31)
)


@given(starts, counts)
def test_adding_n_then_counting_gives_n(start: dt.date, n: int) -> None:
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(starts, counts)
def test_add_working_days_is_strictly_monotonic_in_n(start: dt.date, n: int) -> None:
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@given(starts, st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day(start: dt.date, n: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(year_ends, st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=40))
def test_round_trip_across_year_boundary(start: dt.date, m: int, k: int) -> None:
    end = CAL.add_working_days(start, m + k)
    assert CAL.add_working_days(CAL.add_working_days(start, m), k) == end
    assert CAL.working_days_between(start, end) == m + k
    assert CAL.working_days_between(end, start) == -(m + k)


@given(starts, starts)
def test_working_days_between_is_additive(a: dt.date, b: dt.date) -> None:
    middle = min(a, b) + (max(a, b) - min(a, b)) / 2
    total = CAL.working_days_between(a, b)
    assert total == CAL.working_days_between(a, middle) + CAL.working_days_between(middle, b)


@given(st.dates(min_value=dt.date(2027, 2, 1), max_value=dt.date(2099, 12, 31)))
def test_provisional_status_knows_weekends_only(day: dt.date) -> None:
    status = CAL.status(day, allow_provisional=True)
    assert status.provisional
    assert status.working == (day.weekday() < 5)
