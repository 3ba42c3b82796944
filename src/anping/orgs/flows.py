"""Every change to organisations, members, engagements and tokens: one function each.

Each function checks the actor's right, changes state in one transaction and writes the audit
event in that same transaction (STYLE.md §2). Views, API handlers and the CLI call only these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.core import audit
from anping.core.errors import Conflict, Invalid
from anping.core.models import ApiToken, AuditAction
from anping.core.scoping import is_admin_of, require_role
from anping.orgs.models import (
    Engagement,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

INVITATION_DAYS = 7
TOKEN_PREFIX = "anp_"  # noqa: S105 - a visible prefix, not a secret


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_organisation(*, actor: User | None, **fields: Any) -> Organisation:
    """Register an organisation (platform set-up; the CLI and demo call this)."""
    org = Organisation.objects.create(**fields)
    audit.record(
        AuditAction.ORG_CREATED,
        actor=actor,
        organisation=org,
        obj=org,
        data={"name": org.name, "kind": org.kind, "division_code": org.division_code},
    )
    return org


@transaction.atomic
def add_member(org: Organisation, user: User, role: str, *, actor: User | None) -> Membership:
    """Put an existing user into an organisation (set-up and demo; admins use invitations)."""
    if actor is not None:
        require_role(actor, org.pk, Role.ADMIN)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=org, defaults={"role": role}
    )
    if created:
        audit.record(
            AuditAction.MEMBER_ADDED,
            actor=actor,
            organisation=org,
            obj=membership,
            data={"user": user.username, "role": role},
        )
    return membership


@transaction.atomic
def invite_member(
    org: Organisation, email: str, role: str, *, actor: User
) -> tuple[Invitation, str]:
    """An admin invites someone by e-mail; returns the invitation and its one-time token."""
    require_role(actor, org.pk, Role.ADMIN)
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(_("电子邮箱地址无效。")) from None
    if role not in Role.values:
        raise Invalid(_("未知角色：%(role)s") % {"role": role})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=org,
        email=email,
        role=role,
        token_hash=digest(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    audit.record(
        AuditAction.MEMBER_INVITED,
        actor=actor,
        organisation=org,
        obj=invitation,
        data={"email": email, "role": role},
    )
    return invitation, token


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=digest(token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        raise Invalid(_("邀请链接无效或已过期。"))
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, username: str, password: str) -> Membership:
    """The invitee chooses a username and password and becomes a member."""
    invitation = find_invitation(token)
    if User.objects.filter(username=username).exists():
        raise Conflict(_("该用户名已被使用。"))
    user = User.objects.create_user(username=username, email=invitation.email, password=password)
    membership = Membership.objects.create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        AuditAction.MEMBER_JOINED,
        actor=user,
        organisation=invitation.organisation,
        obj=membership,
        data={"user": username, "role": invitation.role},
    )
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, actor: User) -> None:
    """An admin removes a member; the last admin cannot be removed (nobody could manage it)."""
    org = membership.organisation
    require_role(actor, org.pk, Role.ADMIN)
    admins = Membership.objects.select_for_update().filter(organisation=org, role=Role.ADMIN)
    if membership.role == Role.ADMIN and admins.count() <= 1:
        raise Conflict(_("不能移除组织的最后一位管理员。"))
    audit.record(
        AuditAction.MEMBER_REMOVED,
        actor=actor,
        organisation=org,
        obj=membership,
        data={"user": membership.user.username, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def start_engagement(
    provider: Organisation, firm: Organisation, *, actor: User | None, scope_note: str = ""
) -> Engagement:
    """A provider's admin engages an assessment firm to assess for it (sa-2018 Art. 4)."""
    if actor is not None:
        require_role(actor, provider.pk, Role.ADMIN)
    if provider.kind != OrganisationKind.PROVIDER or firm.kind != OrganisationKind.FIRM:
        raise Invalid(_("只有互联网信息服务提供者可以委托第三方安全评估机构。"))
    engagement = Engagement.objects.create(
        provider=provider, firm=firm, scope_note=scope_note, started_on=timezone.localdate()
    )
    audit.record(
        AuditAction.ENGAGEMENT_STARTED,
        actor=actor,
        organisation=provider,
        obj=engagement,
        data={"firm": firm.name, "scope_note": scope_note},
    )
    return engagement


@transaction.atomic
def end_engagement(engagement: Engagement, *, actor: User) -> Engagement:
    """Either side's admin ends an engagement; the firm then loses sight of the client."""
    if not is_admin_of(actor, engagement.firm_id):
        require_role(actor, engagement.provider_id, Role.ADMIN)
    if engagement.ended_on is not None:
        raise Conflict(_("该委托已经结束。"))
    engagement.ended_on = timezone.localdate()
    engagement.save(update_fields=["ended_on"])
    audit.record(
        AuditAction.ENGAGEMENT_ENDED,
        actor=actor,
        organisation=engagement.provider,
        obj=engagement,
    )
    return engagement


@transaction.atomic
def create_token(
    user: User, name: str, *, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A personal API token for machines; the secret is returned once and stored only hashed."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:12], key_hash=digest(secret), expires_at=expires_at
    )
    audit.record(AuditAction.TOKEN_CREATED, actor=user, obj=token, data={"name": name})
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is not None:
        raise Conflict(_("该令牌已被撤销。"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(AuditAction.TOKEN_REVOKED, actor=actor, obj=token, data={"name": token.name})


def authenticate_token(secret: str) -> User | None:
    """The user behind a live token, or None (unknown, revoked or expired)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest(secret), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
