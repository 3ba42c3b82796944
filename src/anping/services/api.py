"""API: the service register, its events and samples, and the deadlines sa-2018 sets for them.

Every read goes through `anping.core.scoping`; every change through `anping.services.flows`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from anping.core.errors import Invalid
from anping.core.scoping import get_for, memberships
from anping.law import divisions
from anping.law.triggers import RequiredAssessment
from anping.orgs.models import Organisation, OrganisationKind
from anping.services import due, flows, imports
from anping.services.models import (
    InformationService,
    ServiceEvent,
    ServiceFunction,
    UserScaleSample,
)

router = Router(tags=["services"])


class DivisionOut(Schema):
    code: str
    name: str


class ServiceIn(Schema):
    provider_id: int | None = None
    name: str
    kinds: list[str]
    division_code: str
    website_url: str = ""
    app_identifiers: list[str] = []
    hardware_facilities: str = ""
    software_facilities: str = ""
    icp_number: str = ""
    news_licence_number: str = ""
    psb_filing_number: str = ""
    news_service: bool = False
    public_opinion_or_mobilisation: bool = False


class ServicePatch(Schema):
    name: str | None = None
    kinds: list[str] | None = None
    division_code: str | None = None
    website_url: str | None = None
    app_identifiers: list[str] | None = None
    hardware_facilities: str | None = None
    software_facilities: str | None = None
    icp_number: str | None = None
    news_licence_number: str | None = None
    psb_filing_number: str | None = None
    news_service: bool | None = None
    public_opinion_or_mobilisation: bool | None = None


class ServiceOut(Schema):
    id: int
    provider_id: int
    provider: str
    name: str
    kinds: list[str]
    division_code: str
    filing_unit: DivisionOut | None
    website_url: str
    app_identifiers: list[str]
    hardware_facilities: str
    software_facilities: str
    icp_number: str
    news_licence_number: str
    psb_filing_number: str
    news_service: bool
    public_opinion_or_mobilisation: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class FunctionIn(Schema):
    name: str
    kind: str = ""
    launched: dt.date | None = None
    description: str = ""


class FunctionOut(Schema):
    id: int
    name: str
    kind: str
    launched: dt.date | None
    description: str


class EventIn(Schema):
    kind: str
    date: dt.date
    report_submitted: dt.date | None = None
    function_name: str = ""
    function_kind: str = ""
    description: str = ""
    major_change: bool = False
    shows_measures_ineffective: bool = True
    issuer: str = ""
    issuer_kind: str = ""
    level: str = ""
    document_number: str = ""


class EventOut(Schema):
    id: int
    kind: str
    date: dt.date
    report_submitted: dt.date | None
    function_name: str
    function_kind: str
    description: str
    major_change: bool
    shows_measures_ineffective: bool
    issuer: str
    issuer_kind: str
    level: str
    document_number: str


class SampleIn(Schema):
    date: dt.date
    users: int
    report_submitted: dt.date | None = None


class SampleOut(Schema):
    id: int
    date: dt.date
    users: int
    report_submitted: dt.date | None


class ReportIn(Schema):
    date: dt.date


class TextOut(Schema):
    zh: str
    en: str


class NoticeOut(Schema):
    title: str
    number: str


class RequiredOut(Schema):
    situation: int
    event: str
    event_date: dt.date
    regime: str
    due_kind: str
    due: dt.date | None
    overdue: bool
    submitted: dt.date | None
    provisional: bool
    status: str
    articles: list[str]
    reason: TextOut
    basis: list[NoticeOut]


class DeadlineOut(RequiredOut):
    service_id: int
    service: str
    provider_id: int
    provider: str


class ImportOut(Schema):
    what: str
    created: int


def required_out(item: RequiredAssessment) -> dict[str, Any]:
    return {
        "situation": item.situation,
        "event": item.event,
        "event_date": item.event_date,
        "regime": item.regime,
        "due_kind": item.due_kind,
        "due": item.deadline_date,
        "overdue": item.overdue,
        "submitted": item.submitted,
        "provisional": item.provisional,
        "status": due.status(item),
        "articles": list(item.articles),
        "reason": {"zh": item.reason.zh, "en": item.reason.en},
        "basis": [{"title": r.title, "number": r.number} for r in item.basis],
    }


def filing_unit(code: str) -> dict[str, str] | None:
    try:
        unit = divisions.filing_unit(code)
    except divisions.UnknownDivision:
        return None
    return {"code": unit.code, "name": unit.name}


def service_out(s: InformationService) -> dict[str, Any]:
    return {
        "id": s.pk,
        "provider_id": s.provider_id,
        "provider": s.provider.name,
        "name": s.name,
        "kinds": s.kinds,
        "division_code": s.division_code,
        "filing_unit": filing_unit(s.division_code),
        "website_url": s.website_url,
        "app_identifiers": s.app_identifiers,
        "hardware_facilities": s.hardware_facilities,
        "software_facilities": s.software_facilities,
        "icp_number": s.icp_number,
        "news_licence_number": s.news_licence_number,
        "psb_filing_number": s.psb_filing_number,
        "news_service": s.news_service,
        "public_opinion_or_mobilisation": s.public_opinion_or_mobilisation,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
    }


def _service(request: HttpRequest, service_id: int) -> InformationService:
    return get_for(InformationService.objects.select_related("provider"), request.user, service_id)


def _provider_for(request: HttpRequest, provider_id: int | None) -> Organisation:
    """The provider named, or the only provider the user belongs to."""
    if provider_id is not None:
        return get_for(Organisation.objects.all(), request.user, provider_id)
    providers = [
        m.organisation
        for m in memberships(request.user)
        if m.organisation.kind == OrganisationKind.PROVIDER
    ]
    if len(providers) != 1:
        raise Invalid(
            _("请指定 provider_id。") if providers else _("您不属于任何互联网信息服务提供者。"),
            details={"field": "provider_id"},
        )
    return providers[0]


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


@router.get("/services", response=list[ServiceOut])
def list_services(
    request: HttpRequest, provider_id: int | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    services: QuerySet[InformationService] = due.visible_services(request.user)
    if provider_id is not None:
        services = services.filter(provider_id=provider_id)
    rows = [service_out(s) for s in services]
    return [r for r in rows if kind is None or kind in r["kinds"]]


@router.post("/services", response={201: ServiceOut})
def create_service(request: HttpRequest, payload: ServiceIn) -> Status[dict[str, Any]]:
    provider = _provider_for(request, payload.provider_id)
    fields = payload.dict(exclude={"provider_id"})
    service = flows.create_service(provider, actor=request.user, **fields)
    return Status(201, service_out(service))


@router.post("/services/import", response={201: ImportOut})
def import_file(
    request: HttpRequest,
    what: Form[str],
    file: File[UploadedFile],
    provider_id: Form[int | None] = None,
) -> Status[dict[str, Any]]:
    """Import services or user-scale samples from CSV (UTF-8/GBK) or .xlsx: all rows or none."""
    provider = _provider_for(request, provider_id)
    created = imports.import_file(provider, file, what, actor=request.user)
    return Status(201, {"what": what, "created": len(created)})


@router.get("/services/{service_id}", response=ServiceOut)
def get_service(request: HttpRequest, service_id: int) -> dict[str, Any]:
    return service_out(_service(request, service_id))


@router.patch("/services/{service_id}", response=ServiceOut)
def update_service(request: HttpRequest, service_id: int, payload: ServicePatch) -> dict[str, Any]:
    service = _service(request, service_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return service_out(flows.update_service(service, actor=request.user, **fields))


@router.get("/services/{service_id}/functions", response=list[FunctionOut])
def list_functions(request: HttpRequest, service_id: int) -> list[ServiceFunction]:
    return list(_service(request, service_id).functions.all())


@router.post("/services/{service_id}/functions", response={201: FunctionOut})
def add_function(
    request: HttpRequest, service_id: int, payload: FunctionIn
) -> Status[ServiceFunction]:
    service = _service(request, service_id)
    return Status(201, flows.add_function(service, actor=request.user, **payload.dict()))


@router.get("/services/{service_id}/events", response=list[EventOut])
def list_events(request: HttpRequest, service_id: int) -> list[ServiceEvent]:
    return list(_service(request, service_id).events.all())


@router.post("/services/{service_id}/events", response={201: EventOut})
def add_event(request: HttpRequest, service_id: int, payload: EventIn) -> Status[ServiceEvent]:
    service = _service(request, service_id)
    return Status(201, flows.add_event(service, actor=request.user, **payload.dict()))


@router.post("/services/{service_id}/events/{event_id}/report", response=EventOut)
def record_event_report(
    request: HttpRequest, service_id: int, event_id: int, payload: ReportIn
) -> ServiceEvent:
    service = _service(request, service_id)
    event = ServiceEvent.objects.filter(service=service, pk=event_id).first()
    if event is None:
        raise Http404
    return flows.record_report(event, payload.date, actor=request.user)


@router.get("/services/{service_id}/samples", response=list[SampleOut])
def list_samples(request: HttpRequest, service_id: int) -> list[UserScaleSample]:
    return list(_service(request, service_id).samples.all())


@router.post("/services/{service_id}/samples", response={201: SampleOut})
def add_sample(request: HttpRequest, service_id: int, payload: SampleIn) -> Status[UserScaleSample]:
    service = _service(request, service_id)
    return Status(201, flows.add_sample(service, actor=request.user, **payload.dict()))


@router.post("/services/{service_id}/samples/{sample_id}/report", response=SampleOut)
def record_sample_report(
    request: HttpRequest, service_id: int, sample_id: int, payload: ReportIn
) -> UserScaleSample:
    service = _service(request, service_id)
    sample = UserScaleSample.objects.filter(service=service, pk=sample_id).first()
    if sample is None:
        raise Http404
    return flows.record_report(sample, payload.date, actor=request.user)


@router.get("/services/{service_id}/due", response=list[RequiredOut])
def service_due(
    request: HttpRequest, service_id: int, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The assessments sa-2018 requires of the service (Art. 3) and their deadlines (Art. 7)."""
    service = _service(request, service_id)
    return [required_out(i) for i in due.required_assessments(service, _today(today))]


@router.get("/deadlines", response=list[DeadlineOut])
def deadlines(
    request: HttpRequest,
    organisation_id: int | None = None,
    today: dt.date | None = None,
    include_submitted: bool = False,
) -> list[dict[str, Any]]:
    """Open assessments of every service the user may see, overdue first.

    `organisation_id` (one the user belongs to) narrows to that organisation's own services
    (provider), its engaged clients' (firm) or its jurisdiction's (authority).
    """
    organisation = None
    if organisation_id is not None:
        organisation = next(
            (
                m.organisation
                for m in memberships(request.user)
                if m.organisation_id == organisation_id
            ),
            None,
        )
        if organisation is None:
            raise Http404
    services = due.visible_services(request.user, organisation)
    found = due.deadlines(services, _today(today), include_submitted=include_submitted)
    return [
        {
            **required_out(d.item),
            "service_id": d.service.pk,
            "service": d.service.name,
            "provider_id": d.service.provider_id,
            "provider": d.service.provider.name,
        }
        for d in found
    ]
