"""Every change to the service register: one function each (docs/architecture.md rule 3).

Each function checks the actor's right (admins and assessors of the provider change its register;
engaged firms and authorities only read it), validates, changes state in one transaction and
writes its audit event in that transaction. `actor=None` is the system (demo, set-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from anping.core import audit
from anping.core.errors import Conflict, DomainError, Invalid
from anping.core.models import AuditAction
from anping.core.scoping import has_role, restrict
from anping.law import divisions
from anping.law.catalog_schema import SERVICE_KINDS
from anping.orgs.models import Level, Organisation, OrganisationKind, Role
from anping.services.models import (
    EventKind,
    InformationService,
    IssuerKind,
    ServiceEvent,
    ServiceFunction,
    UserScaleSample,
)

EDITOR_ROLES = (Role.ADMIN, Role.ASSESSOR)
SERVICE_FIELDS = (
    "name",
    "kinds",
    "website_url",
    "app_identifiers",
    "division_code",
    "hardware_facilities",
    "software_facilities",
    "icp_number",
    "news_licence_number",
    "psb_filing_number",
    "news_service",
    "public_opinion_or_mobilisation",
)
_TEXT_LIMITS = {
    "name": 200,
    "website_url": 500,
    "icp_number": 100,
    "news_licence_number": 100,
    "psb_filing_number": 100,
}
MAX_APP_IDENTIFIERS = 50


def can_edit(user: Any, provider_id: int) -> bool:
    return has_role(user, provider_id, *EDITOR_ROLES)


def require_editor(actor: Any, provider_id: int) -> None:
    """Admins and assessors of the provider may change its register.

    Someone who may see the provider (a member with another role, an engaged firm, an authority)
    gets 403; anyone else 404, so they do not learn that it exists.
    """
    if actor is None or can_edit(actor, provider_id):
        return
    visible = restrict(Organisation.objects.filter(pk=provider_id), actor).exists()
    if has_role(actor, provider_id) or visible:
        raise PermissionDenied
    raise Http404


# --- validation ------------------------------------------------------------------------------


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, details={"field": field})


def _text(field: str, value: Any) -> str:
    text = "" if value is None else str(value).strip()
    limit = _TEXT_LIMITS.get(field)
    if limit and len(text) > limit:
        raise _invalid(
            field, _("%(field)s 最多 %(limit)d 个字符。") % {"field": field, "limit": limit}
        )
    return text


def clean_kinds(value: Any, field: str = "kinds") -> list[str]:
    """A non-empty subset of SERVICE_KINDS, in the catalog's order."""
    if isinstance(value, str):
        value = [value]
    chosen = {str(k).strip() for k in (value or []) if str(k).strip()}
    unknown = sorted(chosen - set(SERVICE_KINDS))
    if unknown:
        raise _invalid(field, _("未知的服务类型：%(kinds)s。") % {"kinds": "、".join(unknown)})
    if not chosen:
        raise _invalid(field, _("请至少选择一种服务类型。"))
    return [k for k in SERVICE_KINDS if k in chosen]


def clean_function_kind(value: Any, field: str = "kind") -> str:
    kind = "" if value is None else str(value).strip()
    if kind and kind not in SERVICE_KINDS:
        raise _invalid(field, _("未知的服务类型：%(kinds)s。") % {"kinds": kind})
    return kind


def clean_division(value: Any) -> str:
    """A current GB/T 2260 code (checked through `anping.law.divisions`)."""
    try:
        return divisions.get(str(value or "")).code
    except divisions.MalformedCodeError:
        raise _invalid("division_code", _("行政区划代码应为六位数字。")) from None
    except divisions.UnknownDivision:
        raise _invalid(
            "division_code",
            _("行政区划代码 %(code)s 不在现行区划表中，请使用现行代码。")
            % {"code": str(value).strip()},
        ) from None


def _clean_url(value: Any) -> str:
    url = _text("website_url", value)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise _invalid(
                "website_url", _("网站地址无效，应以 http:// 或 https:// 开头。")
            ) from None
    return url


def _clean_app_identifiers(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("；", ";").replace(",", ";").replace("，", ";").split(";")
    identifiers = []
    for item in value or []:
        text = str(item).strip()
        if not text:
            continue
        if len(text) > 200:
            raise _invalid("app_identifiers", _("应用标识过长。"))
        if text not in identifiers:
            identifiers.append(text)
    if len(identifiers) > MAX_APP_IDENTIFIERS:
        raise _invalid("app_identifiers", _("应用标识过多。"))
    return identifiers


def clean_service_fields(fields: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validated service fields; unknown fields are refused, missing ones required unless partial."""
    unknown = sorted(set(fields) - set(SERVICE_FIELDS))
    if unknown:
        raise Invalid(_("未知字段：%(fields)s。") % {"fields": ", ".join(unknown)})
    clean: dict[str, Any] = {}
    for field, value in fields.items():
        if field == "kinds":
            clean[field] = clean_kinds(value)
        elif field == "division_code":
            clean[field] = clean_division(value)
        elif field == "website_url":
            clean[field] = _clean_url(value)
        elif field == "app_identifiers":
            clean[field] = _clean_app_identifiers(value)
        elif field in ("news_service", "public_opinion_or_mobilisation"):
            clean[field] = bool(value)
        else:
            clean[field] = _text(field, value)
    if "name" in clean and not clean["name"]:
        raise _invalid("name", _("请填写服务名称。"))
    if not partial:
        for required in ("name", "kinds", "division_code"):
            if required not in clean:
                raise _invalid(required, _("缺少必填项：%(field)s。") % {"field": required})
    return clean


def _require_address(service: InformationService) -> None:
    if not service.website_url and not service.app_identifiers:
        raise _invalid("website_url", _("请填写网站地址或至少一个应用标识。"))


def _not_future(field: str, day: dt.date | None) -> dt.date | None:
    if day is not None and day > timezone.localdate():
        raise _invalid(field, _("日期不能晚于今天。"))
    return day


# --- services ---------------------------------------------------------------------------------


def _create_service(
    provider: Organisation, fields: Mapping[str, Any], actor: Any
) -> InformationService:
    if provider.kind != OrganisationKind.PROVIDER:
        raise Invalid(_("只有互联网信息服务提供者可以登记信息服务。"))
    clean = clean_service_fields(fields)
    service = InformationService(provider=provider, **clean)
    _require_address(service)
    if InformationService.objects.filter(provider=provider, name=service.name).exists():
        raise Conflict(
            _("已存在名为“%(name)s”的信息服务。") % {"name": service.name},
            details={"field": "name"},
        )
    service.save()
    audit.record(
        AuditAction.SERVICE_CREATED,
        actor=actor,
        organisation=provider,
        obj=service,
        data={"name": service.name, "kinds": service.kinds, "division_code": service.division_code},
    )
    return service


@transaction.atomic
def create_service(provider: Organisation, *, actor: Any, **fields: Any) -> InformationService:
    """Register a service of `provider` (sa-2018 Art. 2)."""
    require_editor(actor, provider.pk)
    return _create_service(provider, fields, actor)


@transaction.atomic
def update_service(service: InformationService, *, actor: Any, **fields: Any) -> InformationService:
    """Change some fields of a registered service; the audit event names what changed."""
    require_editor(actor, service.provider_id)
    clean = clean_service_fields(fields, partial=True)
    changed = {k: v for k, v in clean.items() if getattr(service, k) != v}
    if not changed:
        return service
    if (
        "name" in changed
        and InformationService.objects.filter(provider_id=service.provider_id, name=changed["name"])
        .exclude(pk=service.pk)
        .exists()
    ):
        raise Conflict(
            _("已存在名为“%(name)s”的信息服务。") % {"name": changed["name"]},
            details={"field": "name"},
        )
    for field, value in changed.items():
        setattr(service, field, value)
    _require_address(service)
    service.save()
    audit.record(
        AuditAction.SERVICE_UPDATED,
        actor=actor,
        organisation=service.provider,
        obj=service,
        data={"changed": sorted(changed)},
    )
    return service


# --- functions, events, samples ----------------------------------------------------------------


@transaction.atomic
def add_function(
    service: InformationService,
    *,
    actor: Any,
    name: str,
    kind: str = "",
    launched: dt.date | None = None,
    description: str = "",
) -> ServiceFunction:
    """Record a function of the service.

    A function launched after the service went online is an Art. 3(1) addition (增设相关功能);
    a matching "function added" event is recorded with it, so its report can be recorded too.
    """
    require_editor(actor, service.provider_id)
    name = _text("name", name)
    if not name:
        raise _invalid("name", _("请填写功能名称。"))
    function = ServiceFunction.objects.create(
        service=service,
        name=name,
        kind=clean_function_kind(kind),
        launched=launched,
        description=_text("description", description),
    )
    online = (
        ServiceEvent.objects.filter(service=service, kind=EventKind.WENT_ONLINE)
        .order_by("date")
        .first()
    )
    added = None
    if launched is not None and online is not None and launched > online.date:
        added, _created = ServiceEvent.objects.get_or_create(
            service=service,
            kind=EventKind.FUNCTION_ADDED,
            date=launched,
            function_name=name,
            defaults={"function_kind": function.kind},
        )
    audit.record(
        AuditAction.SERVICE_FUNCTION_ADDED,
        actor=actor,
        organisation=service.provider,
        obj=function,
        data={
            "service": service.pk,
            "name": name,
            "kind": function.kind,
            "launched": launched.isoformat() if launched else None,
            "event": added.pk if added else None,
        },
    )
    return function


_PARTICULARS: dict[str, tuple[str, ...]] = {
    EventKind.WENT_ONLINE: (),
    EventKind.FUNCTION_ADDED: ("function_name", "function_kind"),
    EventKind.NEW_TECHNOLOGY: ("description", "major_change"),
    EventKind.HARMFUL_INFORMATION_INCIDENT: ("description", "shows_measures_ineffective"),
    EventKind.WRITTEN_NOTICE: ("issuer", "issuer_kind", "level", "document_number"),
}


def clean_event(kind: str, particulars: Mapping[str, Any]) -> dict[str, Any]:
    """The particulars an event of `kind` needs, validated; others are dropped."""
    if kind not in _PARTICULARS:
        raise _invalid("kind", _("未知的事件类型：%(kind)s。") % {"kind": kind})
    wanted = _PARTICULARS[kind]
    clean: dict[str, Any] = {}
    for field in wanted:
        value = particulars.get(field)
        if field in ("major_change", "shows_measures_ineffective"):
            clean[field] = bool(value) if value is not None else field != "major_change"
        elif field == "function_kind":
            clean[field] = clean_function_kind(value, field)
        else:
            clean[field] = _text(field, value)
    required = {
        "function_name": _("请填写增设的功能名称。"),
        "description": _("请填写事件说明。"),
        "issuer": _("请填写发文机关。"),
    }
    for field, message in required.items():
        if field in wanted and not clean[field]:
            raise _invalid(field, message)
    if kind == EventKind.WRITTEN_NOTICE:
        if clean["issuer_kind"] not in IssuerKind.values:
            raise _invalid("issuer_kind", _("发文机关应为网信部门或公安机关。"))
        if clean["level"] not in Level.values:
            raise _invalid("level", _("请选择发文机关的级别。"))
    return clean


@transaction.atomic
def add_event(
    service: InformationService,
    *,
    actor: Any,
    kind: str,
    date: dt.date,
    report_submitted: dt.date | None = None,
    **particulars: Any,
) -> ServiceEvent:
    """Record a dated Art. 3 event (went online, function added, new technology, incident,
    written notice); user growth is computed from the samples instead."""
    require_editor(actor, service.provider_id)
    if date is None:
        raise _invalid("date", _("请填写日期。"))
    clean = clean_event(kind, particulars)
    _not_future("report_submitted", report_submitted)
    if (
        kind == EventKind.WENT_ONLINE
        and ServiceEvent.objects.filter(service=service, kind=kind).exists()
    ):
        raise Conflict(_("该服务已记录上线日期。"), details={"field": "kind"})
    event = ServiceEvent.objects.create(
        service=service, kind=kind, date=date, report_submitted=report_submitted, **clean
    )
    audit.record(
        AuditAction.SERVICE_EVENT_ADDED,
        actor=actor,
        organisation=service.provider,
        obj=event,
        data={"service": service.pk, "kind": kind, "date": date.isoformat()},
    )
    return event


def _create_sample(
    service: InformationService,
    date: dt.date,
    users: int,
    report_submitted: dt.date | None,
    actor: Any,
) -> UserScaleSample:
    if date is None:
        raise _invalid("date", _("请填写日期。"))
    _not_future("date", date)
    _not_future("report_submitted", report_submitted)
    if users is None or int(users) < 0:
        raise _invalid("users", _("用户数应为非负整数。"))
    try:
        with transaction.atomic():
            sample = UserScaleSample.objects.create(
                service=service, date=date, users=int(users), report_submitted=report_submitted
            )
    except IntegrityError:
        raise Conflict(
            _("%(date)s 已有用户规模记录。") % {"date": date.isoformat()},
            details={"field": "date"},
        ) from None
    audit.record(
        AuditAction.SERVICE_SAMPLE_ADDED,
        actor=actor,
        organisation=service.provider,
        obj=sample,
        data={"service": service.pk, "date": date.isoformat(), "users": sample.users},
    )
    return sample


@transaction.atomic
def add_sample(
    service: InformationService,
    *,
    actor: Any,
    date: dt.date,
    users: int,
    report_submitted: dt.date | None = None,
) -> UserScaleSample:
    """Record the number of users on a date (sa-2018 Art. 3(3))."""
    require_editor(actor, service.provider_id)
    return _create_sample(service, date, users, report_submitted, actor)


@transaction.atomic
def record_report(
    obj: ServiceEvent | UserScaleSample, submitted: dt.date, *, actor: Any
) -> ServiceEvent | UserScaleSample:
    """Record the day the assessment report for an event (or a growth sample) was submitted."""
    service = obj.service
    require_editor(actor, service.provider_id)
    if submitted is None:
        raise _invalid("report_submitted", _("请填写日期。"))
    _not_future("report_submitted", submitted)
    previous = obj.report_submitted
    obj.report_submitted = submitted
    obj.save(update_fields=["report_submitted"])
    audit.record(
        AuditAction.SERVICE_REPORT_RECORDED,
        actor=actor,
        organisation=service.provider,
        obj=obj,
        data={
            "service": service.pk,
            "submitted": submitted.isoformat(),
            "previous": previous.isoformat() if previous else None,
        },
    )
    return obj


# --- import ----------------------------------------------------------------------------------


def _row_errors(
    rows: Iterable[tuple[int, dict[str, Any]]], create: Any
) -> tuple[list[Any], list[dict[str, Any]]]:
    created, errors = [], []
    for number, row in rows:
        try:
            with transaction.atomic():
                created.append(create(row))
        except DomainError as exc:
            errors.append(
                {"row": number, "field": exc.details.get("field", ""), "message": exc.message}
            )
    return created, errors


def _refuse(errors: list[dict[str, Any]]) -> Invalid:
    first = errors[0]
    return Invalid(
        _("导入被拒绝：第 %(row)d 行：%(message)s（共 %(count)d 处错误，未写入任何数据）")
        % {"row": first["row"], "message": first["message"], "count": len(errors)},
        details={"errors": errors},
    )


@transaction.atomic
def import_services(
    provider: Organisation, rows: list[tuple[int, dict[str, Any]]], *, actor: Any
) -> list[InformationService]:
    """Register many services at once: all rows or none (every error names its row).

    A row may carry `went_online` (and `went_online_report_submitted`): its launch event.
    """
    require_editor(actor, provider.pk)

    def create(row: dict[str, Any]) -> InformationService:
        fields = {k: v for k, v in row.items() if k in SERVICE_FIELDS}
        service = _create_service(provider, fields, actor)
        if row.get("went_online"):
            submitted = _not_future("report_submitted", row.get("went_online_report_submitted"))
            ServiceEvent.objects.create(
                service=service,
                kind=EventKind.WENT_ONLINE,
                date=row["went_online"],
                report_submitted=submitted,
            )
        return service

    return _import_rows(rows, create, provider=provider, actor=actor, what="services")


def _import_rows(
    rows: list[tuple[int, dict[str, Any]]],
    create: Any,
    *,
    provider: Organisation,
    actor: Any,
    what: str,
) -> list[Any]:
    """Create every row or none: all row errors are reported together, with row numbers."""
    created, errors = _row_errors(rows, create)
    if errors:
        raise _refuse(errors)
    if not created:
        raise Invalid(_("文件中没有数据行。"))
    audit.record(
        AuditAction.SERVICES_IMPORTED,
        actor=actor,
        organisation=provider,
        data={"what": what, "count": len(created)},
    )
    return created


@transaction.atomic
def import_samples(
    provider: Organisation, rows: list[tuple[int, dict[str, Any]]], *, actor: Any
) -> list[UserScaleSample]:
    """Record many user-scale samples of the provider's services (named in column `service`)."""
    require_editor(actor, provider.pk)
    services = {s.name: s for s in InformationService.objects.filter(provider=provider)}

    def create(row: dict[str, Any]) -> UserScaleSample:
        service = services.get(str(row.get("service") or "").strip())
        if service is None:
            raise _invalid(
                "service", _("未找到信息服务“%(name)s”。") % {"name": row.get("service") or ""}
            )
        return _create_sample(
            service, row.get("date"), row.get("users"), row.get("report_submitted"), actor
        )

    return _import_rows(rows, create, provider=provider, actor=actor, what="samples")
