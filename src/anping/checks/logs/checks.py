"""The three log checks as data: the roles each reads, the fields it requires, and whether it
validates values or judges retention."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from anping.checks.logs.profile import ProfileSpec
from anping.checks.logs.roles import LOG_POINTS, LOG_ROLES, POST_ROLES, PUBLISHED_POINTS


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
