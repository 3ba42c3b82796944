"""app-pi-2019 category VI: the 15-working-day limit for requests and complaints.

A provider must handle a request to correct, delete or cancel, or a complaint, within the limit
it committed to, which may not exceed 15 working days; the statutory calendar (`workdays`) turns
that into a date, since holidays and make-up working days move it.
"""

from __future__ import annotations

import datetime as dt

from anping.law.workdays import Calendar, default_calendar

#: app-pi-2019 category VI items 3 and 5: requests and complaints within 15 working days.
APP_PI_WORKING_DAYS = 15


def app_pi_limit(received: dt.date, *, calendar: Calendar | None = None) -> dt.date:
    """The last day to handle a correction/deletion/cancellation request or a complaint.

    app-pi-2019 category VI items 3 and 5 (app-pi-2019:cat6.3, cat6.5): a committed time limit
    may not exceed 15 working days, and without one 15 working days is the limit. Counted from
    the day after receipt, like sa-2018 Art. 7 ¶2. Raises NoHolidayNotice for an unknown year.
    """
    return (calendar or default_calendar()).add_working_days(received, APP_PI_WORKING_DAYS)
