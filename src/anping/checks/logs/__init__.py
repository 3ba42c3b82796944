"""Log checks: are network logs and records of published information complete and kept long enough?

Legal basis: the 2018 Provisions on security assessment (sa-2018) Art. 5(3) ask whether the
provider keeps logs with "the user account, time and type of operation, source and destination
network addresses, source port and client hardware characteristics" and records of what users
publish, for as long as the rules require; the Cybersecurity Law Art. 21(3) sets network logs at
no less than six months; the public-account Provisions (pa-2017) Art. 16 and the MPS inspection
Provisions (mps-insp-2018d) Art. 11(4) ask the same of their providers.

Three checks, written once as one Ibis expression (`day_profile`) over a table whose columns are
named by role, so the same code runs in DuckDB, PostgreSQL, ClickHouse, Trino or Spark:

* ``logs.required_fields`` — each required field present and non-empty in at least
  `min_field_share` of rows; IP addresses (IPv4, IPv6) and ports (0–65535) valid; times parse;
* ``logs.retention_span`` — records reach back `retention_months` calendar months before the
  assessment date, measured as daily coverage so that gaps (days without records) show;
* ``logs.published_records_retention`` — the same for a table of user-published records.

Times are taken as written (a UTC offset in the text is dropped, so a Beijing-time log is counted
on its Beijing day); numbers of 10 or 13 digits are Unix epoch seconds or milliseconds (UTC).
"6 months" means calendar months back from the assessment date: 2025-08-31 → 2025-02-28.

Modules: `roles` and `patterns` (what a log holds), `params`, `profile` (the one expression),
`coverage` (the calendar), `criteria` (the verdicts), `checks` (the three as data), `run`
(opening the input and evaluating) and `registration` (importing this package registers them).
"""

from anping.checks.logs import registration  # noqa: F401 - importing it registers the checks
from anping.checks.logs.checks import (
    CHECKS,
    PUBLISHED_RETENTION,
    REQUIRED_FIELDS,
    RETENTION_SPAN,
    LogCheck,
)
from anping.checks.logs.coverage import MAX_GAP_RANGES, Coverage, day_coverage, format_ranges
from anping.checks.logs.criteria import (
    judge_coverage,
    judge_fields,
    judge_legal_minimum,
    judge_readable,
    judge_retention,
    judge_times,
    judge_values,
)
from anping.checks.logs.params import CHINA, LEGAL_RETENTION_MONTHS, LogCheckParams
from anping.checks.logs.patterns import (
    IPV4_BODY,
    IPV4_PATTERN,
    IPV6_PATTERN,
    PORT_PATTERN,
    is_valid_ip,
)
from anping.checks.logs.profile import (
    Profile,
    ProfileSpec,
    TimeFormat,
    classify_time_text,
    day_profile,
    parse_time,
    present,
    problem_rows,
    sniff_time_format,
    summarise,
    time_sample,
    valid_ip,
    valid_port,
)
from anping.checks.logs.roles import (
    IP_ROLES,
    LOG_POINTS,
    LOG_ROLES,
    PERSONAL_ROLES,
    PORT_ROLES,
    POST_ROLES,
    PUBLISHED_POINTS,
    ROLE_NAMES,
)
from anping.checks.logs.run import (
    cannot_decide,
    check_table,
    evaluate,
    examples_from,
    open_source,
    run_check,
)
from anping.checks.months import months_back

__all__ = [
    "CHECKS",
    "CHINA",
    "IPV4_BODY",
    "IPV4_PATTERN",
    "IPV6_PATTERN",
    "IP_ROLES",
    "LEGAL_RETENTION_MONTHS",
    "LOG_POINTS",
    "LOG_ROLES",
    "MAX_GAP_RANGES",
    "PERSONAL_ROLES",
    "PORT_PATTERN",
    "PORT_ROLES",
    "POST_ROLES",
    "PUBLISHED_POINTS",
    "PUBLISHED_RETENTION",
    "REQUIRED_FIELDS",
    "RETENTION_SPAN",
    "ROLE_NAMES",
    "Coverage",
    "LogCheck",
    "LogCheckParams",
    "Profile",
    "ProfileSpec",
    "TimeFormat",
    "cannot_decide",
    "check_table",
    "classify_time_text",
    "day_coverage",
    "day_profile",
    "evaluate",
    "examples_from",
    "format_ranges",
    "is_valid_ip",
    "judge_coverage",
    "judge_fields",
    "judge_legal_minimum",
    "judge_readable",
    "judge_retention",
    "judge_times",
    "judge_values",
    "months_back",
    "open_source",
    "parse_time",
    "present",
    "problem_rows",
    "run_check",
    "sniff_time_format",
    "summarise",
    "time_sample",
    "valid_ip",
    "valid_port",
]
