"""Per point, what changed between an assessment and a later one (re-assessment, new year)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from anping.assessments.models import Assessment, PointResult

#: Row states: the point is new, dropped, changed or the same; carried answers not yet
#: re-confirmed are flagged separately.
ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"


@dataclass(frozen=True)
class DiffRow:
    cite: str
    title_zh: str
    title_en: str
    status: str
    before_result: str
    after_result: str
    before_statement: str
    after_statement: str
    to_reconfirm: bool

    @property
    def result_changed(self) -> bool:
        return self.before_result != self.after_result

    @property
    def statement_changed(self) -> bool:
        return self.before_statement != self.after_statement

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def diff(before: Assessment, after: Assessment) -> list[DiffRow]:
    """Rows in the order of `after`'s points, then the points only `before` had."""
    old: dict[str, PointResult] = {p.urn: p for p in before.points.order_by("order", "pk")}
    rows = []
    for p in after.points.order_by("order", "pk"):
        q = old.pop(p.urn, None)
        if q is None:
            status = ADDED
        elif (q.result, q.statement) != (p.result, p.statement):
            status = CHANGED
        else:
            status = SAME
        rows.append(
            DiffRow(
                cite=p.cite,
                title_zh=p.title_zh,
                title_en=p.title_en,
                status=status,
                before_result=q.result if q else "",
                after_result=p.result,
                before_statement=q.statement if q else "",
                after_statement=p.statement,
                to_reconfirm=p.to_reconfirm,
            )
        )
    for q in old.values():
        rows.append(
            DiffRow(
                cite=q.cite,
                title_zh=q.title_zh,
                title_en=q.title_en,
                status=REMOVED,
                before_result=q.result,
                after_result="",
                before_statement=q.statement,
                after_statement="",
                to_reconfirm=False,
            )
        )
    return rows
