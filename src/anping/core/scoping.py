"""The one place that decides whose records a user may see.

Rules (DESIGN.md §6; sa-2018 Art. 15): a member sees their own organisation's records; an
assessment firm sees its engaged clients' records only where a model says engagement work may show
them (sa-2018 Art. 4); an authority sees records of organisations in its jurisdiction where a model
says authorities may see them (Art. 7-8: filings go to the city of the provider's location;
provincial and national levels see everything below). Outside the scope is "not found" (404), so
nobody learns that a record exists.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from anping.core.scope import Scope
from anping.orgs.models import (
    AUTHORITY_KINDS,
    Engagement,
    Level,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)

M = TypeVar("M", bound=models.Model)


def jurisdiction_q(code: str, level: str, field: str = "division_code") -> Q:
    """Division codes an authority at `code`/`level` oversees (mirrors law.divisions routing).

    City level: the prefecture's four-digit prefix; a municipality (xx0000) is its own city
    level; a county-level unit administered directly by a province (xx90yy) covers only itself.
    """
    if level == Level.NATIONAL:
        return Q()
    if level == Level.PROVINCIAL or (level == Level.CITY and code[2:] == "0000"):
        return Q(**{f"{field}__startswith": code[:2]})
    if level == Level.CITY and code[2:4] != "90":
        return Q(**{f"{field}__startswith": code[:4]})
    return Q(**{field: code})


def memberships(user: Any) -> list[Membership]:
    if not user or not user.is_authenticated:
        return []
    cache = getattr(user, "_anping_memberships", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._anping_memberships = cache
    return cache


def own_org_ids(user: Any) -> set[int]:
    return {m.organisation_id for m in memberships(user)}


def org_q(user: Any, scope: Scope) -> Q:
    """A filter over Organisation rows: those whose records (of this scope) the user may see."""
    mine = own_org_ids(user)
    q = Q(pk__in=mine)
    if scope.firms:
        firm_ids = [m.organisation_id for m in memberships(user) if m.organisation.kind == "firm"]
        if firm_ids:
            clients = Engagement.objects.filter(firm_id__in=firm_ids, ended_on__isnull=True)
            q |= Q(pk__in=clients.values("provider_id"))
    if scope.authorities:
        for m in memberships(user):
            org = m.organisation
            if org.kind in AUTHORITY_KINDS:
                q |= jurisdiction_q(org.division_code, org.level) & Q(
                    kind__in=[OrganisationKind.PROVIDER, OrganisationKind.FIRM]
                )
    return q


def restrict(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The rows of `queryset` the user may see; every list view and API goes through here."""
    scope: Scope = queryset.model.scope  # type: ignore[attr-defined]
    if not memberships(user):
        return queryset.none()
    visible = Organisation.objects.filter(org_q(user, scope)).values("pk")
    q = Q()
    for path in scope.paths:
        q |= Q(**{f"{path}__in": visible})
    return queryset.filter(q)


def get_for(queryset: QuerySet[M], user: Any, pk: Any) -> M:
    """One row the user may see, or 404 (also when it exists outside the user's scope)."""
    try:
        return restrict(queryset, user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def has_role(user: Any, organisation_id: int, *roles: str) -> bool:
    return any(
        m.organisation_id == organisation_id and (not roles or m.role in roles)
        for m in memberships(user)
    )


def require_role(user: Any, organisation_id: int, *roles: str) -> None:
    """Members without the role get 403; non-members get 404 (they must not learn it exists)."""
    from django.core.exceptions import PermissionDenied

    if not has_role(user, organisation_id):
        raise Http404
    if not has_role(user, organisation_id, *roles):
        raise PermissionDenied


def is_admin_of(user: Any, organisation_id: int) -> bool:
    return has_role(user, organisation_id, Role.ADMIN)
