"""API: organisations, members, invitations and engagements, all through the scoping layer."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from anping.core.scoping import get_for, restrict
from anping.orgs import flows
from anping.orgs.models import Engagement, Membership, Organisation, OrganisationKind

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    name_en: str
    kind: str
    level: str
    division_code: str


class MemberOut(Schema):
    id: int
    user_id: int
    username: str
    role: str


class InvitationIn(Schema):
    email: str
    role: str


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: dt.datetime
    token: str


class EngagementIn(Schema):
    provider_id: int
    firm_id: int
    scope_note: str = ""


class EngagementOut(Schema):
    id: int
    provider_id: int
    provider: str
    firm_id: int
    firm: str
    scope_note: str
    started_on: dt.date
    ended_on: dt.date | None


def _engagement_out(e: Engagement) -> EngagementOut:
    return EngagementOut(
        id=e.pk,
        provider_id=e.provider_id,
        provider=e.provider.name,
        firm_id=e.firm_id,
        firm=e.firm.name,
        scope_note=e.scope_note,
        started_on=e.started_on,
        ended_on=e.ended_on,
    )


@router.get("/organisations", response=list[OrganisationOut])
def list_organisations(request: HttpRequest, kind: str | None = None) -> list[Organisation]:
    orgs = restrict(Organisation.objects.all(), request.user)
    if kind:
        orgs = orgs.filter(kind=kind)
    return list(orgs)


@router.get("/organisations/{org_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, org_id: int) -> Organisation:
    return get_for(Organisation.objects.all(), request.user, org_id)


@router.get("/firms", response=list[OrganisationOut])
def list_firms(request: HttpRequest) -> list[Organisation]:
    """The public directory of assessment firms a provider may engage (sa-2018 Art. 4)."""
    return list(Organisation.objects.filter(kind=OrganisationKind.FIRM))


@router.get("/organisations/{org_id}/members", response=list[MemberOut])
def list_members(request: HttpRequest, org_id: int) -> list[MemberOut]:
    members = restrict(Membership.objects.filter(organisation_id=org_id), request.user)
    return [
        MemberOut(id=m.pk, user_id=m.user_id, username=m.user.username, role=m.role)
        for m in members.select_related("user")
    ]


@router.post("/organisations/{org_id}/invitations", response={201: InvitationOut})
def invite(request: HttpRequest, org_id: int, payload: InvitationIn) -> Status[InvitationOut]:
    org = get_for(Organisation.objects.all(), request.user, org_id)
    invitation, token = flows.invite_member(org, payload.email, payload.role, actor=request.user)
    return Status(
        201,
        InvitationOut(
            id=invitation.pk,
            email=invitation.email,
            role=invitation.role,
            expires_at=invitation.expires_at,
            token=token,
        ),
    )


@router.delete("/memberships/{membership_id}", response={204: None})
def remove_member(request: HttpRequest, membership_id: int) -> Status[None]:
    membership = get_for(
        Membership.objects.select_related("organisation", "user"), request.user, membership_id
    )
    flows.remove_member(membership, actor=request.user)
    return Status(204, None)


@router.get("/engagements", response=list[EngagementOut])
def list_engagements(request: HttpRequest) -> list[EngagementOut]:
    engagements = restrict(Engagement.objects.select_related("provider", "firm"), request.user)
    return [_engagement_out(e) for e in engagements]


@router.post("/engagements", response={201: EngagementOut})
def start_engagement(request: HttpRequest, payload: EngagementIn) -> Status[EngagementOut]:
    provider = get_for(Organisation.objects.all(), request.user, payload.provider_id)
    firm = Organisation.objects.filter(pk=payload.firm_id, kind=OrganisationKind.FIRM).first()
    if firm is None:
        raise Http404
    engagement = flows.start_engagement(
        provider, firm, actor=request.user, scope_note=payload.scope_note
    )
    return Status(201, _engagement_out(engagement))


@router.post("/engagements/{engagement_id}/end", response=EngagementOut)
def end_engagement(request: HttpRequest, engagement_id: int) -> EngagementOut:
    engagement = get_for(
        Engagement.objects.select_related("provider", "firm"), request.user, engagement_id
    )
    return _engagement_out(flows.end_engagement(engagement, actor=request.user))
