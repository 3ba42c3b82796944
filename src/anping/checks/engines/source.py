"""A table ready for a check: its columns named by role, and what is known about the reading."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import ibis.expr.types as ir  # type: ignore[import-untyped]

from anping.checks.engines.errors import InputError
from anping.checks.result import InputFingerprint


@dataclass
class Source:
    """A table ready for a check, plus what is known about how it was read."""

    table: ir.Table
    engine: str
    inputs: tuple[InputFingerprint, ...] = ()
    notes: list[str] = field(default_factory=list)  # e.g. transcoded from GBK
    rejected: Callable[[], int] = lambda: 0  # lines the reader skipped; ask after the scan
    tolerate: Callable[[BaseException], bool] = lambda exc: False  # retry skipping bad lines?
    progress: Callable[[], float | None] = lambda: None  # 0–100 while a query runs, if known


def _norm(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def resolve_mapping(
    columns: Sequence[str],
    roles: Mapping[str, tuple[str, ...]],
    explicit: Mapping[str, str] | None = None,
) -> dict[str, str | None]:
    """Which column plays which role: the explicit mapping first, then the common names.

    A role nobody maps and no column recognises maps to None (the check then reports the field
    as missing). An explicit mapping that names an unknown role or a missing column is an
    error: a typo must not turn into "field missing" or, worse, into a different column.
    """
    explicit = dict(explicit or {})
    unknown = sorted(set(explicit) - set(roles))
    if unknown:
        raise InputError(
            f"未知的字段角色：{', '.join(unknown)}（可用：{', '.join(roles)}）",
            f"unknown field role(s) {', '.join(unknown)}; known roles: {', '.join(roles)}",
        )
    by_norm = {_norm(c): c for c in reversed(columns)}
    mapping: dict[str, str | None] = {}
    for role, candidates in roles.items():
        if role in explicit:
            wanted = explicit[role]
            if wanted not in columns:
                raise InputError(
                    f"映射的列 {wanted!r}（{role}）在输入中不存在；现有列：{', '.join(columns)}",
                    f"mapped column {wanted!r} (role {role}) is not in the input;"
                    f" columns present: {', '.join(columns)}",
                )
            mapping[role] = wanted
            continue
        mapping[role] = next((by_norm[_norm(c)] for c in candidates if _norm(c) in by_norm), None)
    return mapping


def project_roles(table: ir.Table, mapping: Mapping[str, str | None]) -> ir.Table:
    """The table with one column per mapped role, named by the role (unmapped roles absent)."""
    return table.select(**{role: table[col] for role, col in mapping.items() if col is not None})
