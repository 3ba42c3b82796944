"""From a `Profile` to the criteria: input readable, fields present, values valid, times parse,
retention span, daily coverage, and a threshold not below the law's six months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from anping.checks.logs.coverage import Coverage, day_coverage, format_ranges
from anping.checks.logs.params import LEGAL_RETENTION_MONTHS, LogCheckParams
from anping.checks.logs.profile import Profile
from anping.checks.logs.roles import IP_ROLES, LOG_POINTS, PORT_ROLES, ROLE_NAMES
from anping.checks.months import months_back
from anping.checks.result import Bilingual, Criterion, Status


def criterion(
    cid: str,
    title: tuple[str, str],
    status: Status,
    figures: dict[str, Any],
    detail: tuple[str, str] | None = None,
    cites: tuple[str, ...] = LOG_POINTS,
) -> Criterion:
    """A criterion from (zh, en) pairs: the log checks word every title and detail so."""
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
        return criterion(
            "input.readable",
            title,
            Status.CANNOT_DECIDE,
            figures,
            ("输入没有任何记录", "the input has no records"),
            cites,
        )
    if bad:
        return criterion(
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
    return criterion("input.readable", title, Status.MET, figures, cites=cites)


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
                criterion(
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
        out.append(criterion(f"fields.{role}", title, status, figures, cites=cites))
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
        out.append(criterion(cid, title, status, figures, cites=cites))
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
    return criterion(
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
            criterion(
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
        criterion(
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
        return criterion("retention.legal_minimum", title, Status.MET, figures, cites=cites)
    return criterion(
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
    return criterion(
        "retention.daily_coverage",
        ("每日均有记录", "records on every day"),
        Status.MET if ok else Status.NOT_MET,
        figures,
        detail,
        cites,
    )
