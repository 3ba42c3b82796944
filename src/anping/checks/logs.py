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
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field, model_validator

from anping.checks.engines import (
    EngineSettings,
    InputError,
    Source,
    first_line,
    from_table,
    open_files,
    open_url,
    redact_url,
    run_with_progress,
)
from anping.checks.registry import Progress, register
from anping.checks.result import MAX_EXAMPLES, Bilingual, CheckResult, Criterion, Status, mask

LEGAL_RETENTION_MONTHS = 6  # Cybersecurity Law Art. 21(3): network logs kept ≥ 6 months
CHINA = dt.timezone(dt.timedelta(hours=8))  # no daylight saving since 1991
LOG_POINTS = ("sa-2018:art5.3", "pa-2017:art16.logs", "mps-insp-2018d:art11.4")
PUBLISHED_POINTS = ("sa-2018:art5.3", "pa-2017:art16.logs")
MAX_GAP_RANGES = 30  # gap ranges listed in a result; the count covers all of them

#: Roles of a network log (sa-2018 Art. 5(3)) and the column names recognised for each.
LOG_ROLES: dict[str, tuple[str, ...]] = {
    "account": ("user_id", "userid", "account", "account_id", "uid", "username", "user", "login"),
    "time": (
        "ts",
        "time",
        "timestamp",
        "@timestamp",
        "event_time",
        "log_time",
        "datetime",
        "date_time",
        "created_at",
    ),
    "op_type": ("action", "op", "op_type", "operation", "event", "event_type", "method", "type"),
    "src_ip": ("src_ip", "client_ip", "source_ip", "remote_addr", "remote_ip", "sip", "ip"),
    "dst_ip": ("dst_ip", "dest_ip", "destination_ip", "server_ip", "dip", "target_ip"),
    "src_port": ("src_port", "client_port", "source_port", "sport", "remote_port"),
    "device": (
        "device_id",
        "imei",
        "mac",
        "device",
        "hardware_id",
        "android_id",
        "idfa",
        "idfv",
        "oaid",
        "client_id",
    ),
}

#: Roles of a record of user-published information (sa-2018 Art. 5(3), pa-2017 Art. 16).
POST_ROLES: dict[str, tuple[str, ...]] = {
    "account": ("user_id", "userid", "author_id", "account", "uid", "author", "username", "user"),
    "time": (
        "published_at",
        "publish_time",
        "created_at",
        "post_time",
        "ts",
        "time",
        "timestamp",
        "@timestamp",
    ),
    "content": (
        "content",
        "text",
        "body",
        "message",
        "msg",
        "title",
        "content_hash",
        "content_id",
        "post_id",
        "record_id",
        "id",
    ),
}

PERSONAL_ROLES = frozenset({"account", "src_ip", "dst_ip", "device", "content"})
IP_ROLES = ("src_ip", "dst_ip")
PORT_ROLES = ("src_port",)

ROLE_NAMES: dict[str, Bilingual] = {
    "account": Bilingual(zh="用户账号", en="user account"),
    "time": Bilingual(zh="操作时间", en="time of operation"),
    "op_type": Bilingual(zh="操作类型", en="type of operation"),
    "src_ip": Bilingual(zh="网络源地址", en="source network address"),
    "dst_ip": Bilingual(zh="网络目标地址", en="destination network address"),
    "src_port": Bilingual(zh="网络源端口", en="source port"),
    "device": Bilingual(zh="客户端硬件特征", en="client hardware characteristic"),
    "content": Bilingual(zh="发布信息（内容或其标识）", en="published item (content or its id)"),
}


# --- address patterns (RE2- and Java-compatible: no look-arounds) ---------------------------

_DEC_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4_BODY = rf"{_DEC_OCTET}(\.{_DEC_OCTET}){{3}}"
_H16 = "[0-9A-Fa-f]{1,4}"
_LS32 = rf"({_H16}:{_H16}|{IPV4_BODY})"


def _ipv6_body() -> str:
    """RFC 3986 §3.2.2 IPv6address, branch by branch (no zone ids)."""

    def head(n: int) -> str:  # [ *n( h16 ":" ) h16 ]
        return "" if n < 0 else rf"({_H16}:){{0,{n}}}{_H16}" if n else _H16

    def reps(n: int) -> str:  # n( h16 ":" )
        return rf"({_H16}:){{{n}}}" if n else ""

    branches = [rf"{reps(6)}{_LS32}", rf"::{reps(5)}{_LS32}"]
    for k, tail in enumerate([4, 3, 2, 1, 0]):
        branches.append(rf"({head(k)})?::{reps(tail)}{_LS32}")
    branches.append(rf"({head(5)})?::{_H16}")
    branches.append(rf"({head(6)})?::")
    return "(" + "|".join(branches) + ")"


IPV4_PATTERN = rf"^{IPV4_BODY}$"
IPV6_PATTERN = rf"^{_ipv6_body()}$"
PORT_PATTERN = r"^[0-9]{1,5}$"


def is_valid_ip(text: str) -> bool:
    """The patterns the engines use, in Python (for tests and the pure-Python baseline)."""
    pattern = IPV6_PATTERN if ":" in text else IPV4_PATTERN
    return re.fullmatch(pattern.strip("^$"), text) is not None


# --- parameters --------------------------------------------------------------------------------


class LogCheckParams(BaseModel):
    """Parameters of the log checks; the CLI sets them with ``--param key=value``."""

    model_config = ConfigDict(extra="forbid")

    inputs: list[str] = Field(default_factory=list, description="files or globs")
    url: str | None = Field(default=None, description="Ibis connection URL instead of files")
    table: str | None = Field(default=None, description="table name for --url")
    engine: Literal["duckdb", "ibis"] = "duckdb"
    mapping: dict[str, str] = Field(default_factory=dict, description="role → column")
    encoding: str | None = Field(
        default=None, description="CSV encoding; default: detect UTF-8/GBK"
    )
    assessment_date: dt.date | None = Field(default=None, description="default: today (Beijing)")
    min_field_share: float = Field(default=0.99, ge=0, le=1)
    min_valid_share: float = Field(default=0.99, ge=0, le=1)
    retention_months: int = Field(default=LEGAL_RETENTION_MONTHS, ge=1, le=240)
    min_daily_coverage: float = Field(default=1.0, ge=0, le=1)
    memory_limit: str = "1GB"
    threads: int | None = Field(default=None, ge=1)
    fingerprints: bool = Field(default=True, description="SHA-256 of each input file")

    @model_validator(mode="after")
    def _one_source(self) -> LogCheckParams:
        if self.url and self.inputs:
            raise ValueError("give either inputs (files) or url (a database), not both")
        if self.engine == "ibis" and not self.url:
            raise ValueError("engine 'ibis' reads through a connection URL: give url and table")
        if self.url and not self.table:
            raise ValueError("url needs a table name (table=…)")
        return self

    def day(self) -> dt.date:
        """The assessment date: given, or today in Beijing time."""
        return self.assessment_date or dt.datetime.now(CHINA).date()

    def recorded(self) -> dict[str, Any]:
        """Parameters as stored with the result (a URL's password removed)."""
        data = self.model_dump(mode="json")
        if self.url:
            data["url"] = redact_url(self.url)
        data["assessment_date"] = self.day().isoformat()
        return data


# --- the one expression -------------------------------------------------------------------------


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


# --- from the expression's rows to figures -------------------------------------------------------


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


# --- calendar -------------------------------------------------------------------------------------


def months_back(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


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


# --- judging -------------------------------------------------------------------------------------


def _criterion(
    cid: str,
    title: tuple[str, str],
    status: Status,
    figures: dict[str, Any],
    detail: tuple[str, str] | None = None,
    cites: tuple[str, ...] = LOG_POINTS,
) -> Criterion:
    return Criterion(
        id=cid,
        title=Bilingual(zh=title[0], en=title[1]),
        status=status,
        figures=figures,
        detail=Bilingual(zh=detail[0], en=detail[1]) if detail else None,
        cites=cites,
    )


def judge_readable(profile: Profile, rejected: int, cites: tuple[str, ...]) -> Criterion:
    """Lines the reader skipped or rows with no field at all: the input is not fully read."""
    bad = profile.unreadable + rejected
    figures = {
        "rows": profile.rows,
        "unreadable_rows": profile.unreadable,
        "rejected_lines": rejected,
    }
    title = ("输入可完整读取", "input fully readable")
    if profile.rows == 0 and rejected == 0:
        return _criterion(
            "input.readable",
            title,
            Status.CANNOT_DECIDE,
            figures,
            ("输入没有任何记录", "the input has no records"),
            cites,
        )
    if bad:
        return _criterion(
            "input.readable",
            title,
            Status.CANNOT_DECIDE,
            figures,
            (
                f"{bad} 行无法读取（截断、损坏或编码错误），其内容无从判断",
                f"{bad} line(s) could not be read (truncated, garbled or wrongly encoded);"
                " what they held cannot be judged",
            ),
            cites,
        )
    return _criterion("input.readable", title, Status.MET, figures, cites=cites)


def judge_fields(
    profile: Profile,
    mapping: Mapping[str, str | None],
    roles: Sequence[str],
    min_share: float,
    cites: tuple[str, ...],
) -> list[Criterion]:
    """Each required field present and non-empty in at least `min_share` of rows."""
    out = []
    for role in roles:
        name = ROLE_NAMES[role]
        title = (f"字段齐全：{name.zh}", f"field present: {name.en}")
        column = mapping.get(role)
        if column is None:
            out.append(
                _criterion(
                    f"fields.{role}",
                    title,
                    Status.NOT_MET,
                    {"column": None, "share": 0.0},
                    (
                        f"输入中没有{name.zh}列；如列名不同，请用 mapping.{role}=列名 指定",
                        f"no column for the {name.en}; if it has another name, map it with"
                        f" mapping.{role}=COLUMN",
                    ),
                    cites,
                )
            )
            continue
        count = profile.present.get(role, 0)
        share = count / profile.rows if profile.rows else 0.0
        status = Status.MET if profile.rows and share >= min_share else Status.NOT_MET
        figures = {
            "column": column,
            "present": count,
            "rows": profile.rows,
            "share": round(share, 6),
            "min_share": min_share,
        }
        out.append(_criterion(f"fields.{role}", title, status, figures, cites=cites))
    return out


def judge_values(
    profile: Profile, roles: Sequence[str], min_share: float, cites: tuple[str, ...]
) -> list[Criterion]:
    """IP addresses and ports well-formed, in at least `min_share` of the values present."""
    groups = [
        (
            "values.ip",
            ("网络地址有效（IPv4/IPv6）", "network addresses valid (IPv4/IPv6)"),
            IP_ROLES,
        ),
        ("values.port", ("端口有效（0–65535）", "ports valid (0–65535)"), PORT_ROLES),
    ]
    out = []
    for cid, title, group in groups:
        used = [r for r in group if r in roles and r in profile.present]
        if not used:
            continue
        seen = sum(profile.present[r] for r in used)
        bad = sum(profile.invalid.get(r, 0) for r in used)
        share = (seen - bad) / seen if seen else 0.0
        status = Status.MET if seen and share >= min_share else Status.NOT_MET
        if not seen:
            status = Status.CANNOT_DECIDE
        figures = {
            "values": seen,
            "invalid": bad,
            "share_valid": round(share, 6),
            "min_share": min_share,
            "invalid_by_field": {r: profile.invalid.get(r, 0) for r in used},
        }
        out.append(_criterion(cid, title, status, figures, cites=cites))
    return out


def judge_times(profile: Profile, min_share: float, cites: tuple[str, ...]) -> Criterion:
    """Times must parse, or neither order nor retention can be shown."""
    seen = profile.present.get("time", 0)
    share = (seen - profile.bad_time) / seen if seen else 0.0
    status = Status.MET if seen and share >= min_share else Status.NOT_MET
    if not seen:
        status = Status.CANNOT_DECIDE
    figures = {
        "values": seen,
        "unparseable": profile.bad_time,
        "share_valid": round(share, 6),
        "min_share": min_share,
    }
    return _criterion(
        "values.time",
        ("时间可解析", "times parse"),
        status,
        figures,
        (
            "时间格式：ISO 8601、YYYY-MM-DD HH:MM:SS、10/13 位 Unix 时间",
            "time formats read: ISO 8601, YYYY-MM-DD HH:MM:SS, 10/13-digit Unix epoch",
        ),
        cites,
    )


def judge_retention(
    profile: Profile, params: LogCheckParams, cites: tuple[str, ...]
) -> list[Criterion]:
    """Records reach back `retention_months` calendar months, every day of the window covered.

    The window is [assessment date − N months, the day before the assessment date]; the
    assessment day itself is left out because its logs may not have been exported yet.
    """
    today = params.day()
    start = months_back(today, params.retention_months)
    end = today - dt.timedelta(days=1)
    out = [judge_legal_minimum(params.retention_months, cites)]
    if not profile.days:
        reason = (
            "没有可解析时间的记录，无法判断留存期限",
            "no record with a readable time: retention cannot be judged",
        )
        out.append(
            _criterion(
                "retention.span",
                ("留存期限", "retention span"),
                Status.CANNOT_DECIDE,
                {"window_start": start.isoformat()},
                reason,
                cites,
            )
        )
        return out
    earliest, latest = min(profile.days), max(profile.days)
    span_ok = earliest <= start
    figures = {
        "earliest": earliest.isoformat(),
        "latest": latest.isoformat(),
        "window_start": start.isoformat(),
        "assessment_date": today.isoformat(),
        "retention_months": params.retention_months,
        "days_on_or_after_assessment_date": sum(1 for d in profile.days if d > end),
    }
    detail = (
        None
        if span_ok
        else (
            f"最早记录为 {earliest}，晚于应留存起点 {start}",
            f"the earliest record is of {earliest}, later than the required start {start}",
        )
    )
    out.append(
        _criterion(
            "retention.span",
            (
                f"留存不少于 {params.retention_months} 个月",
                f"kept ≥ {params.retention_months} months",
            ),
            Status.MET if span_ok else Status.NOT_MET,
            figures,
            detail,
            cites,
        )
    )
    out.append(
        judge_coverage(day_coverage(profile.days, start, end), params.min_daily_coverage, cites)
    )
    return out


def judge_legal_minimum(months: int, cites: tuple[str, ...]) -> Criterion:
    """A run with a threshold looser than the law's six months cannot show the law is met."""
    title = ("检查门槛不低于法定六个月", "threshold not below the legal six months")
    figures = {"retention_months": months, "legal_minimum_months": LEGAL_RETENTION_MONTHS}
    if months >= LEGAL_RETENTION_MONTHS:
        return _criterion("retention.legal_minimum", title, Status.MET, figures, cites=cites)
    return _criterion(
        "retention.legal_minimum",
        title,
        Status.CANNOT_DECIDE,
        figures,
        (
            f"本次按 {months} 个月检查，低于网络安全法第二十一条规定的六个月，结果不能证明合规",
            f"this run checks {months} months, less than the six months of Cybersecurity Law"
            " Art. 21(3): its result cannot show compliance",
        ),
        cites,
    )


def judge_coverage(coverage: Coverage, min_share: float, cites: tuple[str, ...]) -> Criterion:
    """Every day of the window should have records; days without any are listed as gaps."""
    ok = coverage.days > 0 and coverage.share >= min_share
    figures = {
        "window": f"{coverage.start.isoformat()}..{coverage.end.isoformat()}",
        "days": coverage.days,
        "covered_days": coverage.covered,
        "missing_days": coverage.missing,
        "share": round(coverage.share, 6),
        "min_share": min_share,
        "gaps": format_ranges(coverage.gaps),
    }
    detail = (
        None
        if not coverage.gaps
        else (
            f"{coverage.missing} 天没有记录：{', '.join(format_ranges(coverage.gaps, 5))}",
            f"{coverage.missing} day(s) without records: {', '.join(format_ranges(coverage.gaps, 5))}",
        )
    )
    return _criterion(
        "retention.daily_coverage",
        ("每日均有记录", "records on every day"),
        Status.MET if ok else Status.NOT_MET,
        figures,
        detail,
        cites,
    )


# --- the checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogCheck:
    """One of the three checks: its roles, the fields it requires and whether it judges retention."""

    id: str
    roles: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]
    validate: bool
    retention: bool
    points: tuple[str, ...]
    title: dict[str, str]

    def spec(self) -> ProfileSpec:
        return ProfileSpec(tuple(self.roles), self.validate)


REQUIRED_FIELDS = LogCheck(
    "logs.required_fields",
    LOG_ROLES,
    tuple(LOG_ROLES),
    True,
    False,
    LOG_POINTS,
    {"zh": "日志字段齐全有效", "en": "Logs hold the required fields, valid"},
)
RETENTION_SPAN = LogCheck(
    "logs.retention_span",
    LOG_ROLES,
    ("time",),
    False,
    True,
    LOG_POINTS,
    {"zh": "日志留存不少于六个月且逐日连续", "en": "Logs kept ≥ 6 months, every day"},
)
PUBLISHED_RETENTION = LogCheck(
    "logs.published_records_retention",
    POST_ROLES,
    tuple(POST_ROLES),
    False,
    True,
    PUBLISHED_POINTS,
    {"zh": "用户发布信息记录留存", "en": "Records of published information kept"},
)
CHECKS = {c.id: c for c in (REQUIRED_FIELDS, RETENTION_SPAN, PUBLISHED_RETENTION)}


def _rows(expr: ir.Table) -> list[dict[str, Any]]:
    return list(expr.to_pyarrow().to_pylist())


def examples_from(rows: Iterable[Mapping[str, Any]], roles: Sequence[str]) -> list[dict[str, Any]]:
    """Masked example rows: personal fields masked (`mask`), the flaws named."""
    out = []
    for row in rows:
        example: dict[str, Any] = {}
        for role in roles:
            if role in row:
                value = row[role]
                text = None if value is None else str(value)
                example[role] = mask(text) if text is not None and role in PERSONAL_ROLES else text
        example["problems"] = sorted(
            _problem_name(name) for name, flag in row.items() if name.startswith("flag__") and flag
        )
        out.append(example)
    return out[:MAX_EXAMPLES]


def _problem_name(flag: str) -> str:
    name = flag.removeprefix("flag__")
    kind, _, role = name.partition("__")
    return {"present": f"{role} missing", "invalid": f"{role} invalid"}.get(
        kind, "time unparseable"
    )


def _query(
    source: Source, work: Callable[[], list[dict[str, Any]]], progress: Progress | None = None
) -> list[dict[str, Any]]:
    """Run one query; after a parse error the engine may switch to skipping bad lines, once."""
    try:
        return run_with_progress(work, source, progress)
    except Exception as exc:
        if not source.tolerate(exc):
            raise
    return run_with_progress(work, source, progress)


def evaluate(
    check: LogCheck,
    source: Source,
    mapping: Mapping[str, str | None],
    params: LogCheckParams,
    progress: Progress | None = None,
) -> CheckResult:
    """Run `check` over a role-named source: one aggregate, a few example rows, the verdicts."""
    started = time.perf_counter()
    spec = check.spec()
    table = source.table
    if "time" in table.columns and table["time"].type().is_string():
        sample = _query(source, lambda: _rows(time_sample(table)))
        spec = replace(spec, time_format=sniff_time_format(r["time"] for r in sample))
    profile = summarise(_query(source, lambda: _rows(day_profile(table, spec)), progress))
    rejected = source.rejected()
    cites = check.points
    readable = judge_readable(profile, rejected, cites)
    criteria = [readable.model_copy(update={"evidence": tuple(source.notes)})]
    criteria += judge_fields(profile, mapping, check.required, params.min_field_share, cites)
    if check.validate:
        criteria += judge_values(profile, check.required, params.min_valid_share, cites)
    if "time" in check.required and mapping.get("time"):
        criteria.append(judge_times(profile, params.min_valid_share, cites))
    if check.retention:
        criteria += judge_retention(profile, params, cites)
    examples: list[dict[str, Any]] = []
    if check.validate and any(c.status == Status.NOT_MET for c in criteria):
        examples = examples_from(
            _query(source, lambda: _rows(problem_rows(table, spec))), tuple(check.roles)
        )
    return CheckResult(
        check_id=check.id,
        points=check.points,
        parameters=params.recorded() | {"resolved_mapping": dict(mapping)},
        criteria=tuple(criteria),
        examples=tuple(examples),
        engine=source.engine,
        rows_read=profile.rows,
        duration_s=round(time.perf_counter() - started, 3),
        inputs=source.inputs,
    )


def cannot_decide(
    check: LogCheck, params: LogCheckParams, reason: tuple[str, str], engine: str, started: float
) -> CheckResult:
    """The result for input that could not be read: never "met", always the reason."""
    criterion = _criterion(
        "input.readable",
        ("输入可完整读取", "input fully readable"),
        Status.CANNOT_DECIDE,
        {},
        reason,
        check.points,
    )
    return CheckResult(
        check_id=check.id,
        points=check.points,
        parameters=params.recorded(),
        criteria=(criterion,),
        engine=engine,
        duration_s=round(time.perf_counter() - started, 3),
    )


@contextmanager
def open_source(
    check: LogCheck, params: LogCheckParams
) -> Iterator[tuple[Source, dict[str, str | None]]]:
    """Files through DuckDB, or a table through an Ibis connection URL."""
    if params.url:
        with open_url(params.url, params.table or "", check.roles, params.mapping) as opened:
            yield opened
        return
    settings = EngineSettings(memory_limit=params.memory_limit, threads=params.threads)
    with open_files(
        params.inputs,
        check.roles,
        params.mapping,
        encoding=params.encoding,
        settings=settings,
        fingerprints=params.fingerprints,
    ) as opened:
        yield opened


def run_check(
    check: LogCheck, params: LogCheckParams, progress: Progress | None = None
) -> CheckResult:
    """Open the input, evaluate, and turn any read failure into "cannot_decide"."""
    started = time.perf_counter()
    engine = "ibis" if params.url else "duckdb"
    try:
        with open_source(check, params) as (source, mapping):
            result = evaluate(check, source, mapping, params, progress)
    except InputError as exc:
        return cannot_decide(check, params, (exc.zh, exc.en), engine, started)
    except Exception as exc:  # an engine failing mid-scan: a damaged file, a lost connection
        reason = first_line(exc)
        return cannot_decide(
            check,
            params,
            (
                f"读取输入时出错，检查未完成：{reason}",
                f"reading the input failed, check not completed: {reason}",
            ),
            engine,
            started,
        )
    return result.model_copy(update={"duration_s": round(time.perf_counter() - started, 3)})


def check_table(
    check_id: str,
    table: ir.Table,
    params: LogCheckParams | dict[str, Any] | None = None,
    engine: str = "ibis",
    progress: Progress | None = None,
) -> CheckResult:
    """Run a log check on any Ibis table (a Spark DataFrame, a ClickHouse table…), unchanged."""
    check = CHECKS[check_id]
    parsed = (
        params
        if isinstance(params, LogCheckParams)
        else LogCheckParams.model_validate(params or {})
    )
    started = time.perf_counter()
    try:
        source, mapping = from_table(table, check.roles, parsed.mapping, engine)
        return evaluate(check, source, mapping, parsed, progress)
    except InputError as exc:
        return cannot_decide(check, parsed, (exc.zh, exc.en), engine, started)


def _register(check: LogCheck) -> None:
    def run(params: LogCheckParams, progress: Progress | None = None) -> CheckResult:
        return run_check(check, params, progress)

    run.__doc__ = f"{check.title['en']} ({', '.join(check.points)})."
    register(check.id, points=check.points, params=LogCheckParams, title=check.title)(run)


for _check in CHECKS.values():
    _register(_check)
