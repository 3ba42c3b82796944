"""API: findings and their rectification (Art. 6 ¶1)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status

from anping.assessments import flows
from anping.assessments.api.common import _user, router
from anping.assessments.api.outputs import _finding_out
from anping.assessments.api.schemas import FindingOut, NoteIn, RectificationIn, VerifyIn, WithdrawIn
from anping.assessments.lookups import assessment_for, finding_for, rectification_for


@router.get("/assessments/{assessment_id}/findings", response=list[FindingOut])
def list_findings(request: HttpRequest, assessment_id: int) -> list[FindingOut]:
    assessment = assessment_for(request.user, assessment_id)
    return [_finding_out(f) for f in assessment.findings.select_related("point")]


@router.post("/findings/{finding_id}/rectification", response={201: FindingOut})
def plan_rectification(
    request: HttpRequest, finding_id: int, payload: RectificationIn
) -> Status[FindingOut]:
    finding = finding_for(request.user, finding_id)
    owner = _user(payload.owner_id)
    flows.plan_rectification(
        finding, actor=request.user, action=payload.action, owner=owner, due_date=payload.due_date
    )
    return Status(201, _finding_out(finding))


@router.post("/findings/{finding_id}/withdraw", response=FindingOut)
def withdraw_finding(request: HttpRequest, finding_id: int, payload: WithdrawIn) -> FindingOut:
    finding = flows.withdraw_finding(
        finding_for(request.user, finding_id), actor=request.user, reason=payload.reason
    )
    return _finding_out(finding)


@router.post("/rectifications/{rectification_id}/done", response=FindingOut)
def rectification_done(request: HttpRequest, rectification_id: int, payload: NoteIn) -> FindingOut:
    rect = flows.mark_rectification_done(
        rectification_for(request.user, rectification_id), actor=request.user, note=payload.note
    )
    return _finding_out(rect.finding)


@router.post("/rectifications/{rectification_id}/verify", response=FindingOut)
def verify_rectification(
    request: HttpRequest, rectification_id: int, payload: VerifyIn
) -> FindingOut:
    rect = flows.verify_rectification(
        rectification_for(request.user, rectification_id),
        actor=request.user,
        accept=payload.accept,
        note=payload.note,
    )
    return _finding_out(rect.finding)
