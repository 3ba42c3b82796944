"""Calendar-month arithmetic, as the rules count it: "six months" back from 2025-08-31 is
2025-02-28, not 180 days (Cybersecurity Law Art. 21(3) logs; pa-2020d Art. 10 ¶2 idle accounts)."""

from __future__ import annotations

import datetime as dt


def months_back(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
