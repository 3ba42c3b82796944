"""Retention measured on the calendar: which days of the required window have records, and the
gaps as ranges ("6 months" are calendar months back from the assessment date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_GAP_RANGES = 30  # gap ranges listed in a result; the count covers all of them


@dataclass(frozen=True)
class Coverage:
    """Which days of a window (both ends included) have records, and the gaps as ranges."""

    start: dt.date
    end: dt.date
    covered: int
    gaps: tuple[tuple[dt.date, dt.date], ...]

    @property
    def days(self) -> int:
        return max((self.end - self.start).days + 1, 0)

    @property
    def share(self) -> float:
        return self.covered / self.days if self.days else 0.0

    @property
    def missing(self) -> int:
        return sum((b - a).days + 1 for a, b in self.gaps)


def day_coverage(days: Iterable[dt.date], start: dt.date, end: dt.date) -> Coverage:
    """Daily coverage of [start, end]: a gap is a maximal run of days without any record."""
    inside = sorted({d for d in days if start <= d <= end})
    gaps: list[tuple[dt.date, dt.date]] = []
    cursor = start
    for day in inside:
        if day > cursor:
            gaps.append((cursor, day - dt.timedelta(days=1)))
        cursor = day + dt.timedelta(days=1)
    if cursor <= end:
        gaps.append((cursor, end))
    return Coverage(start, end, len(inside), tuple(gaps))


def format_ranges(
    ranges: Sequence[tuple[dt.date, dt.date]], limit: int = MAX_GAP_RANGES
) -> list[str]:
    """Gaps compactly: ``2025-03-01..2025-03-04`` or a single ``2025-03-09``."""
    out = [a.isoformat() if a == b else f"{a.isoformat()}..{b.isoformat()}" for a, b in ranges]
    if len(out) > limit:
        out = [*out[:limit], f"… +{len(out) - limit}"]
    return out
