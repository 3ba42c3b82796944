"""Findings and their rectification (Art. 6 ¶1): withdraw, plan, mark done, verify."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.assessments.flows.rights import (
    _record,
    _require_editable,
    _require_team_member,
    require_worker,
)
from anping.assessments.models import FAILING, Finding, Rectification
from anping.core.errors import Conflict, Invalid
from anping.core.models import AuditAction


@transaction.atomic
def withdraw_finding(finding: Finding, *, actor: Any, reason: str) -> Finding:
    """Withdraw a finding raised in error, after the point's result was revised."""
    assessment = finding.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if finding.status != Finding.Status.OPEN:
        raise Conflict(_("该安全隐患已关闭。"))
    if not reason.strip():
        raise Invalid(_("请说明撤销理由。"))
    if finding.point.result in FAILING:
        raise Conflict(_("该要点仍评为不符合或部分符合；请先修改评估结果，或完成整改。"))
    finding.status = Finding.Status.WITHDRAWN
    finding.withdrawn_reason = reason.strip()
    finding.closed_at = timezone.now()
    finding.save(update_fields=["status", "withdrawn_reason", "closed_at"])
    _record(AuditAction.FINDING_WITHDRAWN, actor, assessment, finding, {"reason": reason.strip()})
    return finding


@transaction.atomic
def plan_rectification(
    finding: Finding, *, actor: Any, action: str, owner: Any, due_date: dt.date
) -> Rectification:
    """The rectification of a finding: what will be done, by whom, by when."""
    assessment = finding.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if finding.status != Finding.Status.OPEN:
        raise Conflict(_("该安全隐患已关闭。"))
    if Rectification.objects.filter(finding=finding).exists():
        raise Conflict(_("该安全隐患已有整改措施。"))
    if not action.strip():
        raise Invalid(_("请填写整改措施。"))
    _require_team_member(assessment, owner)
    rectification = Rectification.objects.create(
        finding=finding, action=action.strip(), owner=owner, due_date=due_date
    )
    _record(
        AuditAction.RECTIFICATION_PLANNED,
        actor,
        assessment,
        rectification,
        {"finding": finding.pk, "owner": owner.get_username(), "due": due_date.isoformat()},
    )
    return rectification


@transaction.atomic
def mark_rectification_done(
    rectification: Rectification, *, actor: Any, note: str = ""
) -> Rectification:
    """Record the rectification as done; evidence that it was done must be attached first."""
    assessment = rectification.finding.assessment
    require_worker(actor, assessment)
    _require_editable(assessment)
    if rectification.status != Rectification.Status.PLANNED:
        raise Conflict(_("该整改已记录为完成。"))
    if not rectification.evidence.exists():
        raise Conflict(_("请先上传整改完成的证据。"))
    rectification.status = Rectification.Status.DONE
    rectification.done_by, rectification.done_at = actor, timezone.now()
    rectification.done_note = note.strip()
    rectification.save()
    _record(
        AuditAction.RECTIFICATION_DONE,
        actor,
        assessment,
        rectification,
        {"finding": rectification.finding_id},
    )
    return rectification


@transaction.atomic
def verify_rectification(
    rectification: Rectification, *, actor: Any, accept: bool = True, note: str = ""
) -> Rectification:
    """A second person verifies a done rectification: accepted closes the finding; rejected
    sends it back. The person who recorded it as done may not verify it."""
    assessment = rectification.finding.assessment
    if actor is None:
        raise Invalid(_("整改验证必须由具体人员进行。"))
    require_worker(actor, assessment)
    _require_editable(assessment)
    if rectification.status != Rectification.Status.DONE:
        raise Conflict(_("只能验证已记录为完成的整改。"))
    if rectification.done_by_id == actor.pk:
        raise Conflict(
            _("整改须由另一人验证：记录整改完成的人员不能验证自己的整改。"),
            details={"reason": "same_person"},
        )
    finding = rectification.finding
    if accept:
        rectification.status = Rectification.Status.VERIFIED
        rectification.verified_by, rectification.verified_at = actor, timezone.now()
        finding.status, finding.closed_at = Finding.Status.CLOSED, timezone.now()
        finding.save(update_fields=["status", "closed_at"])
    else:
        rectification.status = Rectification.Status.PLANNED
        rectification.done_by, rectification.done_at = None, None
    rectification.verification_note = note.strip()
    rectification.save()
    _record(
        AuditAction.RECTIFICATION_VERIFIED,
        actor,
        assessment,
        rectification,
        {"finding": finding.pk, "accepted": accept},
    )
    return rectification
