"""The answer to each point: result, statement, comments, assignee; failing results open findings
(Art. 6 ¶1).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.assessments.flows.rights import (
    _locked,
    _record,
    _require_editable,
    _require_team_member,
    require_worker,
)
from anping.assessments.models import FAILING, Finding, PointResult, Result
from anping.core.errors import Invalid
from anping.core.models import AuditAction

SEVERITY_OF = {Result.NOT_MET: Finding.Severity.HIGH, Result.PARTLY_MET: Finding.Severity.MEDIUM}


POINT_FIELDS = ("result", "statement", "comments", "na_reason")


@transaction.atomic
def update_point(
    point: PointResult,
    *,
    actor: Any,
    severity: str | None = None,
    finding_description: str | None = None,
    **changes: Any,
) -> PointResult:
    """Record the result, actual situation, comments and "not applicable" reason of a point.

    A result of not met or partly met yields a `Finding` (Art. 6 ¶1) unless the point already
    has an open one, whose severity then follows the new result.
    """
    assessment = point.assessment
    require_worker(actor, assessment)
    _locked(assessment)
    _require_editable(assessment)
    unknown = set(changes) - set(POINT_FIELDS)
    if unknown:
        raise Invalid(_("未知字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    if "result" in changes and changes["result"] not in Result.values:
        raise Invalid(_("未知的评估结果：%(r)s") % {"r": changes["result"]})
    if severity is not None and severity not in Finding.Severity.values:
        raise Invalid(_("未知的严重程度：%(s)s") % {"s": severity})
    before = point.result
    for name, value in changes.items():
        setattr(point, name, (value or "").strip() if name != "result" else value)
    reconfirmed = point.to_reconfirm
    point.to_reconfirm = False
    point.updated_by = actor
    point.updated_at = timezone.now()
    point.save()
    _record(
        AuditAction.POINT_UPDATED,
        actor,
        assessment,
        point,
        {
            "point": point.cite,
            "from": before,
            "to": point.result,
            "fields": sorted(changes),
            **({"reconfirmed": True} if reconfirmed else {}),
        },
    )
    if point.result in FAILING:
        _open_finding(point, actor, severity, finding_description)
    return point


def _open_finding(
    point: PointResult, actor: Any, severity: str | None, description: str | None
) -> Finding:
    existing = point.findings.filter(status=Finding.Status.OPEN).first()
    wanted = severity or SEVERITY_OF[Result(point.result)]
    if existing is not None:
        changed = []
        if existing.severity != wanted:
            existing.severity = wanted
            changed.append("severity")
        if description and description.strip() != existing.description:
            existing.description = description.strip()
            changed.append("description")
        if changed:
            existing.save(update_fields=changed)
        return existing
    text = (description or "").strip() or point.statement or point.title_zh
    finding = Finding.objects.create(
        assessment=point.assessment,
        point=point,
        severity=wanted,
        description=text,
        created_by=actor,
    )
    _record(
        AuditAction.FINDING_CREATED,
        actor,
        point.assessment,
        finding,
        {"point": point.cite, "severity": wanted},
    )
    return finding


@transaction.atomic
def assign_point(point: PointResult, assignee: Any, *, actor: Any) -> PointResult:
    """Give a point to a member of the provider or the assessing organisation (or nobody)."""
    assessment = point.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if assignee is not None:
        _require_team_member(assessment, assignee)
    point.assignee = assignee
    point.save(update_fields=["assignee"])
    _record(
        AuditAction.POINT_ASSIGNED,
        actor,
        assessment,
        point,
        {"point": point.cite, "assignee": assignee.get_username() if assignee else None},
    )
    return point
