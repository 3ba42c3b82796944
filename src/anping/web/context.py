"""Template context shared by every page: the current organisation and the user's memberships."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from anping.core.scoping import memberships
from anping.orgs.models import Membership

SESSION_KEY = "anping_org_id"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the user is acting in (chosen in the header; the first by default)."""
    mine = memberships(request.user)
    if not mine:
        return None
    chosen = request.session.get(SESSION_KEY)
    return next((m for m in mine if m.organisation_id == chosen), mine[0])


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    return {"memberships": memberships(request.user), "current": current_membership(request)}
