"""API: who am I, personal API tokens, the audit trail."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from anping.core import audit
from anping.core.models import ApiToken, AuditEvent
from anping.core.scoping import memberships, restrict
from anping.orgs import flows
from anping.orgs.models import AUTHORITY_KINDS, Role

router = Router(tags=["core"])


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    kind: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=user.pk,
        username=user.get_username(),
        display_name=user.display_name,
        memberships=[
            MembershipOut(
                organisation_id=m.organisation_id,
                organisation=m.organisation.name,
                kind=m.organisation.kind,
                role=m.role,
            )
            for m in memberships(user)
        ],
    )


class TokenIn(Schema):
    name: str
    expires_at: dt.datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class NewTokenOut(TokenOut):
    secret: str


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=request.user))


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    token, secret = flows.create_token(request.user, payload.name, expires_at=payload.expires_at)
    return Status(201, {**TokenOut.from_orm(token).dict(), "secret": secret})


@router.post("/tokens/{token_id}/revoke", response=TokenOut)
def revoke_token(request: HttpRequest, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    flows.revoke_token(token, actor=request.user)
    return token


class AuditEventOut(Schema):
    seq: int
    created_at: dt.datetime
    actor_name: str
    organisation_id: int | None
    action: str
    object_type: str
    object_id: str
    data: dict[str, object]
    hash: str


def can_read_audit(user: object) -> bool:
    """Organisation admins and authority staff read the audit trail of their scope."""
    return any(
        m.role == Role.ADMIN or m.organisation.kind in AUTHORITY_KINDS for m in memberships(user)
    )


@router.get("/audit", response=list[AuditEventOut])
def list_audit(
    request: HttpRequest, limit: int = 100, before_seq: int | None = None
) -> list[AuditEvent]:
    if not can_read_audit(request.user):
        raise PermissionDenied
    events = restrict(AuditEvent.objects.all(), request.user)
    if before_seq is not None:
        events = events.filter(seq__lt=before_seq)
    return list(events.order_by("-seq")[: max(1, min(limit, 500))])


class VerificationOut(Schema):
    ok: bool
    checked: int
    bad_seq: int | None
    reason: str


@router.get("/audit/verify", response=VerificationOut)
def verify_audit(request: HttpRequest) -> audit.Verification:
    if not can_read_audit(request.user):
        raise PermissionDenied
    return audit.verify()
