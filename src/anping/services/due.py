"""From the register to the law engine: a service's profile and the assessments it requires.

`profile_for` turns an `InformationService` with its functions, events and samples into the
`anping.law.triggers.ServiceProfile` the engine reads; `required_assessments` asks the engine
(sa-2018 Art. 2, 3, 7) what is required and by when. Prefetch `functions`, `events` and
`samples` (see `with_facts`) when doing this for many services, so that no query runs per service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from anping.core.scoping import jurisdiction_q, restrict
from anping.law import triggers
from anping.orgs.models import Engagement, Organisation, OrganisationKind
from anping.services.models import EventKind, InformationService, IssuerKind

_ISSUER_KIND = {
    IssuerKind.CYBERSPACE_OFFICE: "cyberspace",
    IssuerKind.PUBLIC_SECURITY: "public_security",
}


def with_facts(queryset: QuerySet[InformationService]) -> QuerySet[InformationService]:
    """The queryset with everything `profile_for` reads, fetched in four queries in all."""
    return queryset.select_related("provider").prefetch_related("functions", "events", "samples")


def profile_for(service: InformationService) -> triggers.ServiceProfile:
    """The law engine's view of a registered service."""
    events = list(service.events.all())
    online = [e for e in events if e.kind == EventKind.WENT_ONLINE]
    first_online = min(online, key=lambda e: e.date) if online else None

    def of(kind: str) -> list:
        return [e for e in events if e.kind == kind]

    return triggers.ServiceProfile(
        name=service.name,
        provider=service.provider.name,
        kinds=tuple(service.kinds),
        functions=tuple(
            triggers.ServiceFunction(name=f.name, kind=f.kind or None, launched=f.launched)
            for f in service.functions.all()
        ),
        news_service=service.news_service,
        public_opinion_or_mobilisation=service.public_opinion_or_mobilisation,
        events=triggers.Events(
            went_online=(
                triggers.WentOnline(
                    date=first_online.date, report_submitted=first_online.report_submitted
                )
                if first_online
                else None
            ),
            function_added=tuple(
                triggers.FunctionAdded(
                    date=e.date,
                    report_submitted=e.report_submitted,
                    name=e.function_name,
                    kind=e.function_kind or None,
                )
                for e in of(EventKind.FUNCTION_ADDED)
            ),
            new_technology=tuple(
                triggers.NewTechnology(
                    date=e.date,
                    report_submitted=e.report_submitted,
                    description=e.description,
                    major_change=e.major_change,
                )
                for e in of(EventKind.NEW_TECHNOLOGY)
            ),
            user_scale=tuple(
                triggers.UserScaleSample(
                    date=s.date, users=s.users, report_submitted=s.report_submitted
                )
                for s in service.samples.all()
            ),
            harmful_information_incident=tuple(
                triggers.HarmfulInformationIncident(
                    date=e.date,
                    report_submitted=e.report_submitted,
                    description=e.description,
                    shows_measures_ineffective=e.shows_measures_ineffective,
                )
                for e in of(EventKind.HARMFUL_INFORMATION_INCIDENT)
            ),
            written_notice=tuple(
                triggers.WrittenNotice(
                    date=e.date,
                    report_submitted=e.report_submitted,
                    issuer=e.issuer,
                    issuer_kind=_ISSUER_KIND[IssuerKind(e.issuer_kind)],
                    level=e.level,
                    reference=e.document_number or None,
                )
                for e in of(EventKind.WRITTEN_NOTICE)
            ),
        ),
    )


def required_assessments(
    service: InformationService, today: dt.date
) -> list[triggers.RequiredAssessment]:
    """What sa-2018 requires of the service as of `today`, overdue first (Art. 3, 7)."""
    return triggers.assess(profile_for(service), today)


@dataclass(frozen=True)
class Deadline:
    """A required assessment of one service, for the deadlines list and calendar."""

    service: InformationService
    item: triggers.RequiredAssessment

    @property
    def open(self) -> bool:
        return self.item.submitted is None and self.item.regime == "sa-2018"


def deadlines(
    services: QuerySet[InformationService], today: dt.date, *, include_submitted: bool = False
) -> list[Deadline]:
    """Every required assessment of the services, overdue first, then by deadline."""
    found = [
        Deadline(service, item)
        for service in with_facts(services)
        for item in required_assessments(service, today)
    ]
    if not include_submitted:
        found = [d for d in found if d.open]
    return sorted(found, key=_urgency)


def _urgency(d: Deadline) -> tuple[bool, bool, dt.date, str, int]:
    item = d.item
    return (
        not item.overdue,
        item.submitted is not None,
        item.deadline_date or dt.date.max,
        d.service.name,
        item.situation,
    )


def status(item: triggers.RequiredAssessment) -> str:
    """A stable status code: other_regime, submitted, overdue or pending."""
    if item.regime != "sa-2018":
        return "other_regime"
    if item.submitted is not None:
        return "submitted"
    return "overdue" if item.overdue else "pending"


def visible_services(
    user: object, organisation: object | None = None
) -> QuerySet[InformationService]:
    """The services `user` may see; with `organisation` (one the user acts for), only those it
    deals with: its own (provider), its engaged clients' (firm), its jurisdiction's (authority)."""
    services = restrict(InformationService.objects.select_related("provider"), user)
    if not isinstance(organisation, Organisation):
        return services
    if organisation.kind == OrganisationKind.PROVIDER:
        return services.filter(provider_id=organisation.pk)
    if organisation.kind == OrganisationKind.FIRM:
        clients = Engagement.objects.filter(firm=organisation, ended_on__isnull=True)
        return services.filter(provider_id__in=clients.values("provider_id"))
    return services.filter(
        jurisdiction_q(organisation.division_code, organisation.level, "provider__division_code")
    )
