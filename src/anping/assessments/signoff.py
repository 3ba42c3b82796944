"""Who may approve a report and when the approvals make a quorum (decision 0005).

Pure reads over `ApprovalPolicy`, memberships and approvals; the state changes are
`flows.approve_report` and `flows.set_approval_policy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from anping.assessments.models import Approval, ApprovalPolicy
from anping.core.scoping import memberships
from anping.orgs.models import Engagement, Role

DEFAULT_MIN_APPROVERS = 2
DEFAULT_APPROVER_ROLES = (Role.ADMIN, Role.ASSESSOR)
DEFAULT_REQUIRED_ROLES = (Role.ADMIN,)

#: How the signature table names an approver by default (reports.snapshot.SIGNER_ROLES).
SIGNER_ROLE_OF = {Role.ADMIN: "responsible_person", Role.ASSESSOR: "assessment_lead"}


@dataclass
class Policy:
    """The effective policy of a provider (its `ApprovalPolicy` row, or the default)."""

    min_approvers: int
    approver_roles: tuple[str, ...]
    required_roles: tuple[str, ...]
    required_user_ids: tuple[int, ...] = ()
    default: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_approvers": self.min_approvers,
            "approver_roles": list(self.approver_roles),
            "required_roles": list(self.required_roles),
            "required_user_ids": list(self.required_user_ids),
            "default": self.default,
        }


def policy_for(provider_id: int) -> Policy:
    row = ApprovalPolicy.objects.filter(provider_id=provider_id).first()
    if row is None:
        return Policy(
            DEFAULT_MIN_APPROVERS,
            tuple(str(r) for r in DEFAULT_APPROVER_ROLES),
            tuple(str(r) for r in DEFAULT_REQUIRED_ROLES),
            default=True,
        )
    return Policy(
        row.min_approvers,
        tuple(row.approver_roles),
        tuple(row.required_roles),
        tuple(sorted(row.required_users.values_list("pk", flat=True))),
    )


def _engaged_firms(provider_id: int) -> set[int]:
    return set(
        Engagement.objects.filter(provider_id=provider_id, ended_on__isnull=True).values_list(
            "firm_id", flat=True
        )
    )


def approver_role(policy: Policy, user: Any, provider_id: int) -> str | None:
    """The role under which `user` may approve the provider's reports, or None (outside)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    own = [m.role for m in memberships(user) if m.organisation_id == provider_id]
    if user.pk in policy.required_user_ids:
        if own:
            return own[0]
        firms = _engaged_firms(provider_id)
        firm_roles = [m.role for m in memberships(user) if m.organisation_id in firms]
        return firm_roles[0] if firm_roles else None
    return next((r for r in own if r in policy.approver_roles), None)


@dataclass
class Quorum:
    """How far the valid approvals of a report are from the policy's quorum."""

    policy: Policy
    valid: list[Approval]
    stale: list[Approval]
    missing_roles: list[str] = field(default_factory=list)
    missing_user_ids: list[int] = field(default_factory=list)
    more_needed: int = 0

    @property
    def complete(self) -> bool:
        return not (self.missing_roles or self.missing_user_ids or self.more_needed)


def quorum(policy: Policy, approvals: list[Approval], current_hash: str) -> Quorum:
    """Count only approvals over `current_hash`; the rest are stale (the content changed)."""
    valid = [a for a in approvals if a.snapshot_hash == current_hash]
    stale = [a for a in approvals if a.snapshot_hash != current_hash]
    people = {a.user_id for a in valid}
    roles = {a.member_role for a in valid}
    return Quorum(
        policy=policy,
        valid=valid,
        stale=stale,
        missing_roles=[r for r in policy.required_roles if r not in roles],
        missing_user_ids=[u for u in policy.required_user_ids if u not in people],
        more_needed=max(0, policy.min_approvers - len(people)),
    )


def default_signer_role(member_role: str, *, firm: bool = False) -> str:
    if firm:
        return "third_party_lead"
    return SIGNER_ROLE_OF.get(member_role, "reviewer")  # type: ignore[call-overload]
