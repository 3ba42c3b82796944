"""The figures on each organisation kind's dashboard, counted through the scoping layer."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from anping.core.models import AuditEvent
from anping.core.scoping import jurisdiction_q
from anping.orgs.models import Engagement, Membership, Organisation, OrganisationKind


def figures(membership: Membership) -> list[tuple[str, int]]:
    """(label, count) pairs for the organisation the user is acting in."""
    org = membership.organisation
    rows = [(_("成员"), Membership.objects.filter(organisation=org).count())]
    if org.kind == OrganisationKind.PROVIDER:
        rows.append((_("有效的委托评估"), _active(Q(provider=org))))
    elif org.kind == OrganisationKind.FIRM:
        rows.append((_("委托客户"), _active(Q(firm=org))))
    else:
        in_scope = Organisation.objects.filter(jurisdiction_q(org.division_code, org.level))
        rows.append(
            (_("辖区内的服务提供者"), in_scope.filter(kind=OrganisationKind.PROVIDER).count())
        )
    rows.append((_("审计事件"), AuditEvent.objects.filter(organisation=org).count()))
    return rows


def _active(q: Q) -> int:
    return Engagement.objects.filter(q, ended_on__isnull=True).count()
