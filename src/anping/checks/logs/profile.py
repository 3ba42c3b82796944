"""THE check, written once as an Ibis expression: per day of record, how many rows and how many
flaws (`day_profile`), and its rows added up into a `Profile`.

One streaming scan with a group per calendar day, so the same code runs in DuckDB, PostgreSQL,
ClickHouse, Trino or Spark and the rows never leave the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]

from anping.checks.logs.patterns import IPV4_PATTERN, IPV6_PATTERN, PORT_PATTERN
from anping.checks.logs.roles import IP_ROLES, PORT_ROLES
from anping.checks.result import MAX_EXAMPLES


def _is_text(column: ir.Value) -> bool:
    return bool(column.type().is_string())


def present(column: ir.Value) -> ir.BooleanValue:
    """Non-null and, for text, not empty or blank: an empty string records nothing.

    Only values that start with a space or tab are trimmed (trimming every value would cost
    more than parsing the file).
    """
    if not _is_text(column):
        return column.notnull()
    blank_start = column.startswith(" ") | column.startswith("\t")
    return column.notnull() & ibis.cases(
        (blank_start, column.strip().length() > 0), else_=column.length() > 0
    )


def valid_ip(column: ir.Value) -> ir.BooleanValue:
    """IPv4 dotted quad or IPv6 (RFC 3986 form); the IPv6 pattern only runs where a ':' is."""
    text = column if _is_text(column) else column.cast("string")
    return ibis.cases(
        (text.contains(":"), text.re_search(IPV6_PATTERN)), else_=text.re_search(IPV4_PATTERN)
    )


def valid_port(column: ir.Value) -> ir.BooleanValue:
    """A TCP/UDP port: an integer 0–65535."""
    if column.type().is_numeric():
        return column.between(0, 65535)
    text = column if _is_text(column) else column.cast("string")
    return text.re_search(PORT_PATTERN) & (text.try_cast("int64") <= 65535)


TimeFormat = Literal["text", "slashes", "epoch_s", "epoch_ms"]


def parse_time(column: ir.Value, text_format: TimeFormat = "text") -> ir.TimestampValue:
    """A timestamp from what logs hold: timestamps, dates, ISO-like text, epoch s or ms.

    Text columns are parsed in the one format `sniff_time_format` found in a sample (one cast
    per row instead of a chain of fallbacks); values in another format count as unparseable.
    """
    dtype = column.type()
    if dtype.is_timestamp():
        return column
    if dtype.is_date():
        return column.cast("timestamp")
    if dtype.is_integer():
        return ibis.cases(
            (column.abs() >= 100_000_000_000, column.as_timestamp("ms")),
            else_=column.as_timestamp("s"),
        )
    text = column if _is_text(column) else column.cast("string")
    if text_format == "epoch_s":
        return text.try_cast("int64").as_timestamp("s")
    if text_format == "epoch_ms":
        return text.try_cast("int64").as_timestamp("ms")
    if text_format == "slashes":
        return text.replace("/", "-").try_cast("timestamp")
    return text.try_cast("timestamp")


def classify_time_text(value: str) -> TimeFormat:
    """The format of one time value as text."""
    value = value.strip()
    if value.isdigit() and len(value) == 10:
        return "epoch_s"
    if value.isdigit() and len(value) == 13:
        return "epoch_ms"
    return "slashes" if "/" in value[:10] else "text"


def sniff_time_format(values: Iterable[Any]) -> TimeFormat:
    """The most common format among sampled time values (text if there are none)."""
    counts: dict[TimeFormat, int] = {}
    for value in values:
        if value is not None and str(value).strip():
            kind = classify_time_text(str(value))
            counts[kind] = counts.get(kind, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "text"


def time_sample(table: ir.Table, size: int = 200) -> ir.Table:
    """A few time values to sniff the format from (the engine stops reading early)."""
    return table.select("time").filter(table["time"].notnull()).limit(size)


@dataclass(frozen=True)
class ProfileSpec:
    """What `day_profile` measures: which roles to count and which values to validate."""

    roles: tuple[str, ...]
    validate: bool = True
    time_format: TimeFormat = "text"


def _row_flags(table: ir.Table, spec: ProfileSpec) -> dict[str, ir.BooleanValue]:
    """Per-row facts, named ``present__ROLE``, ``invalid__ROLE``, ``bad_time``, ``unreadable``."""
    cols = [r for r in spec.roles if r in table.columns]
    flags: dict[str, ir.BooleanValue] = {f"present__{r}": present(table[r]) for r in cols}
    if spec.validate:
        for role in (r for r in IP_ROLES if r in cols):
            flags[f"invalid__{role}"] = flags[f"present__{role}"] & ~valid_ip(table[role])
        for role in (r for r in PORT_ROLES if r in cols):
            flags[f"invalid__{role}"] = flags[f"present__{role}"] & ~valid_port(table[role])
    if "time" in cols:
        parsed = parse_time(table["time"], spec.time_format)
        flags["bad_time"] = flags["present__time"] & parsed.isnull()
    if table.columns:
        flags["unreadable"] = ibis.and_(*(table[c].isnull() for c in table.columns))
    return flags


def day_profile(table: ir.Table, spec: ProfileSpec) -> ir.Table:
    """THE check, once for every engine: per day of record, how many rows and how many flaws.

    One streaming scan with a group per calendar day (a few hundred groups at most), so memory
    stays flat however large the log; the rows never leave the engine.
    """
    flags = _row_flags(table, spec)
    metrics: dict[str, ir.Scalar] = {"rows": table.count()}
    metrics.update({name: flag.cast("int64").sum() for name, flag in flags.items()})
    if "time" not in table.columns:
        return table.aggregate(**metrics)
    day = parse_time(table["time"], spec.time_format).date().name("day")
    return table.group_by(day).aggregate(**metrics)


def problem_rows(table: ir.Table, spec: ProfileSpec, limit: int = MAX_EXAMPLES) -> ir.Table:
    """A few rows with a flaw, with the flags that say which (for masked examples)."""
    flags = {n: f for n, f in _row_flags(table, spec).items() if n != "unreadable"}
    problems = {n: (~f if n.startswith("present__") else f) for n, f in flags.items()}
    if not problems:
        return table.limit(0)
    return (
        table.mutate(**{f"flag__{n}": p for n, p in problems.items()})
        .filter(ibis.or_(*problems.values()))
        .limit(limit)
    )


@dataclass
class Profile:
    """Totals over all days, plus records per day (the basis of retention)."""

    rows: int = 0
    unreadable: int = 0
    bad_time: int = 0
    present: dict[str, int] = field(default_factory=dict)
    invalid: dict[str, int] = field(default_factory=dict)
    days: dict[dt.date, int] = field(default_factory=dict)


def summarise(rows: Iterable[Mapping[str, Any]]) -> Profile:
    """Add the per-day rows of `day_profile` up (NULL sums of empty groups count as 0)."""
    profile = Profile()
    for row in rows:
        count = int(row.get("rows") or 0)
        profile.rows += count
        profile.unreadable += int(row.get("unreadable") or 0)
        profile.bad_time += int(row.get("bad_time") or 0)
        for name, value in row.items():
            kind, _, role = name.partition("__")
            if kind in ("present", "invalid"):
                bucket = getattr(profile, kind)
                bucket[role] = bucket.get(role, 0) + int(value or 0)
        day = row.get("day")
        if isinstance(day, dt.datetime):
            day = day.date()
        if isinstance(day, dt.date) and count:
            profile.days[day] = profile.days.get(day, 0) + count
    return profile
