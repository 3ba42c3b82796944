"""Web pages of the service register and the deadlines view. Thin: read through scoping and
`anping.services.due`, change only through `anping.services.flows`."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anping.core.errors import DomainError
from anping.core.scoping import get_for
from anping.law import divisions, workdays
from anping.law.triggers import RequiredAssessment
from anping.orgs.models import OrganisationKind
from anping.services import due, flows, imports
from anping.services.forms import (
    EventForm,
    FunctionForm,
    ImportForm,
    ReportForm,
    SampleForm,
    ServiceForm,
)
from anping.services.models import InformationService, ServiceEvent, UserScaleSample
from anping.web.context import current_membership
from anping.web.language import is_english


def _status_labels() -> dict[str, str]:
    return {
        "overdue": _("逾期"),
        "pending": _("待办"),
        "submitted": _("已提交"),
        "other_regime": _("另行评估"),
    }


def _event_labels() -> dict[str, str]:
    return {
        "went_online": _("服务上线"),
        "function_added": _("增设功能"),
        "new_technology": _("使用新技术新应用"),
        "user_scale": _("用户规模显著增加"),
        "harmful_information_incident": _("违法有害信息传播扩散"),
        "written_notice": _("书面通知"),
    }


def present(item: RequiredAssessment, service: InformationService | None = None) -> dict[str, Any]:
    """What a template shows of one required assessment, in the page's language first."""
    english = is_english()
    reason = item.reason
    status = due.status(item)
    return {
        "service": service,
        "item": item,
        "status": status,
        "status_label": _status_labels()[status],
        "event_label": _event_labels().get(item.event, item.event),
        "reason": reason.en if english else reason.zh,
        "reason_lang": "en" if english else "zh-Hans",
        "reason_other": reason.zh if english else reason.en,
        "reason_other_lang": "zh-Hans" if english else "en",
    }


def _filing_unit(code: str) -> divisions.Division | None:
    try:
        return divisions.filing_unit(code)
    except divisions.UnknownDivision:
        return None


def _apply_error(form: Form, exc: DomainError) -> None:
    field = exc.details.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


def _today() -> dt.date:
    return timezone.localdate()


def _service(request: HttpRequest, service_id: int, *, facts: bool = False) -> InformationService:
    queryset = InformationService.objects.select_related("provider")
    if facts:
        queryset = due.with_facts(queryset)
    return get_for(queryset, request.user, service_id)


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    current = current_membership(request)
    organisation = current.organisation if current else None
    services = due.with_facts(due.visible_services(request.user, organisation))
    today = _today()
    rows = []
    for service in services:
        items = due.required_assessments(service, today)
        open_items = [i for i in items if i.submitted is None and i.regime == "sa-2018"]
        rows.append(
            {
                "service": service,
                "filing_unit": _filing_unit(service.division_code),
                "open": len(open_items),
                "overdue": sum(i.overdue for i in open_items),
                "next_due": min(
                    (i.deadline_date for i in open_items if i.deadline_date), default=None
                ),
            }
        )
    can_create = bool(
        organisation
        and organisation.kind == OrganisationKind.PROVIDER
        and flows.can_edit(request.user, organisation.pk)
    )
    return render(
        request,
        "services/service_list.html",
        {"rows": rows, "organisation": organisation, "can_create": can_create},
    )


def _provider(request: HttpRequest) -> Any:
    current = current_membership(request)
    if current is None or current.organisation.kind != OrganisationKind.PROVIDER:
        raise Http404
    return current.organisation


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    flows.require_editor(request.user, provider.pk)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = flows.create_service(provider, actor=request.user, **form.flow_fields())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("信息服务已登记。"))
            return redirect("services:detail", service_id=service.pk)
    code = form.data.get("division_code") or ""
    return render(
        request,
        "services/service_form.html",
        {"form": form, "provider": provider, "service": None, "filing_unit": _preview(code)},
    )


@login_required
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    flows.require_editor(request.user, service.provider_id)
    initial = {
        **{f: getattr(service, f) for f in flows.SERVICE_FIELDS},
        "app_identifiers": "\n".join(service.app_identifiers),
    }
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            flows.update_service(service, actor=request.user, **form.flow_fields())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("信息服务已更新。"))
            return redirect("services:detail", service_id=service.pk)
    code = form.data.get("division_code") or service.division_code
    return render(
        request,
        "services/service_form.html",
        {
            "form": form,
            "provider": service.provider,
            "service": service,
            "filing_unit": _preview(code),
        },
    )


def _preview(code: str) -> dict[str, Any]:
    """The routed filing unit of a division code (sa-2018 Art. 7), or why there is none."""
    code = (code or "").strip()
    if not code:
        return {"code": ""}
    try:
        division = divisions.get(code)
        unit = divisions.filing_unit(code)
    except divisions.MalformedCodeError:
        return {"code": code, "error": _("行政区划代码应为六位数字。")}
    except divisions.UnknownDivision:
        return {"code": code, "error": _("该代码不在现行区划表中。")}
    return {"code": code, "division": division, "unit": unit}


@login_required
def division_preview(request: HttpRequest) -> HttpResponse:
    """htmx fragment: `440305 → 440300 深圳市`."""
    return render(
        request,
        "services/_filing_unit.html",
        {"filing_unit": _preview(request.GET.get("division_code", ""))},
    )


@login_required
def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id, facts=True)
    today = _today()
    items = due.required_assessments(service, today)
    required = [present(i) for i in items]
    context = {
        "service": service,
        "filing_unit": _filing_unit(service.division_code),
        "required": required,
        "functions": list(service.functions.all()),
        "events": list(service.events.all()),
        "samples": list(service.samples.all()),
        "can_edit": flows.can_edit(request.user, service.provider_id),
        "today": today,
        "growth_dates": {i.event_date for i in items if i.event == "user_scale"},
    }
    return render(request, "services/service_detail.html", context)


def _add(
    request: HttpRequest,
    service_id: int,
    form_class: type[Form],
    flow: Any,
    title: str,
    done: str,
) -> HttpResponse:
    service = _service(request, service_id)
    flows.require_editor(request.user, service.provider_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flow(service, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("services:detail", service_id=service.pk)
    return render(
        request, "services/add_form.html", {"form": form, "service": service, "title": title}
    )


@login_required
def add_function(request: HttpRequest, service_id: int) -> HttpResponse:
    return _add(
        request, service_id, FunctionForm, flows.add_function, _("添加服务功能"), _("功能已添加。")
    )


@login_required
def add_event(request: HttpRequest, service_id: int) -> HttpResponse:
    return _add(
        request, service_id, EventForm, flows.add_event, _("记录服务事件"), _("事件已记录。")
    )


@login_required
def add_sample(request: HttpRequest, service_id: int) -> HttpResponse:
    return _add(
        request, service_id, SampleForm, flows.add_sample, _("记录用户规模"), _("用户规模已记录。")
    )


def _report(request: HttpRequest, service_id: int, model: type, obj_id: int) -> HttpResponse:
    service = _service(request, service_id)
    obj = model.objects.filter(service=service, pk=obj_id).first()
    if obj is None:
        raise Http404
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的日期。"))
    else:
        try:
            flows.record_report(obj, form.cleaned_data["date"], actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录评估报告提交日期。"))
    return redirect("services:detail", service_id=service.pk)


@login_required
@require_POST
def event_report(request: HttpRequest, service_id: int, event_id: int) -> HttpResponse:
    return _report(request, service_id, ServiceEvent, event_id)


@login_required
@require_POST
def sample_report(request: HttpRequest, service_id: int, sample_id: int) -> HttpResponse:
    return _report(request, service_id, UserScaleSample, sample_id)


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    flows.require_editor(request.user, provider.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        what = form.cleaned_data["what"]
        try:
            created = imports.import_file(
                provider, form.cleaned_data["file"], what, actor=request.user
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            errors = exc.details.get("errors", [])
        else:
            messages.success(request, _("已导入 %(count)d 行。") % {"count": len(created)})
            return redirect("services:list")
    return render(
        request,
        "services/import.html",
        {
            "form": form,
            "errors": errors,
            "provider": provider,
            "service_columns": imports.SERVICE_COLUMNS,
            "sample_columns": imports.SAMPLE_COLUMNS,
        },
    )


def _month(text: str | None, today: dt.date) -> dt.date:
    try:
        year, month = (int(p) for p in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    """Open assessments of the organisation's services (its own, its clients', its
    jurisdiction's), overdue first, and a month calendar of their due dates."""
    current = current_membership(request)
    organisation = current.organisation if current else None
    today = _today()
    found = due.deadlines(due.visible_services(request.user, organisation), today)
    rows = [present(d.item, d.service) for d in found]
    first = _month(request.GET.get("month"), today)
    by_day: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["item"].deadline_date:
            by_day[row["item"].deadline_date].append(row)
    cal = workdays.default_calendar()
    english = is_english()
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        days = []
        for day in week:
            status = cal.status(day, allow_provisional=True)
            days.append(
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "working": status.working,
                    "holiday": (status.holiday_en if english else status.holiday)
                    if status.reason == "holiday"
                    else "",
                    "adjusted": status.reason == "adjusted_working_day",
                    "items": by_day.get(day, []),
                }
            )
        weeks.append(days)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    weekdays = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]
    return render(
        request,
        "services/deadlines.html",
        {
            "organisation": organisation,
            "rows": rows,
            "overdue": sum(r["status"] == "overdue" for r in rows),
            "month": first,
            "weeks": weeks,
            "weekdays": weekdays,
            "previous": previous,
            "following": following,
            "today": today,
        },
    )
