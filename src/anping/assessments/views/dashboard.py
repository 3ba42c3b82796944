"""Pages: the assessments dashboard and starting an assessment."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anping.assessments import flows
from anping.assessments.models import Assessment, AssessmentStatus
from anping.assessments.views.common import _date, _int, _run
from anping.core.errors import Invalid
from anping.core.scoping import get_for, restrict
from anping.orgs.models import Organisation
from anping.services import due
from anping.services.models import InformationService
from anping.web.context import current_membership
from anping.web.language import is_english


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    current = current_membership(request)
    org = current.organisation if current else None
    assessments = restrict(
        Assessment.objects.select_related("service", "assessor"), request.user
    ).order_by("due_date", "-created_at")
    by_status: OrderedDict[str, dict[str, Any]] = OrderedDict(
        (value, {"label": label, "rows": []}) for value, label in AssessmentStatus.choices
    )
    for a in assessments:
        by_status[a.status]["rows"].append(a)
    services = due.visible_services(request.user, org)
    startable = [s for s in services if flows.can_work_for_provider(request.user, s)]
    required = [
        d
        for d in due.deadlines(
            InformationService.objects.filter(pk__in=[s.pk for s in startable]),
            timezone.localdate(),
        )
        if d.open
    ]
    started = {
        (a.service_id, a.situation, a.event_date) for a in assessments if a.situation is not None
    }
    rows = [
        {
            "deadline": d,
            "reason": d.item.reason.en if is_english() else d.item.reason.zh,
            "started": (d.service.pk, d.item.situation, d.item.event_date) in started,
        }
        for d in required
    ]
    return render(
        request,
        "assessments/dashboard.html",
        {
            "by_status": by_status.values(),
            "total": len(assessments),
            "required": rows,
            "services": startable,
        },
    )


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    service = get_for(
        InformationService.objects.select_related("provider"),
        request.user,
        _int(request.POST.get("service")),
    )
    situation = _int(request.POST.get("situation"))

    def action() -> Assessment:
        today = timezone.localdate()
        item = None
        if situation is not None:
            event_date = _date(request.POST.get("event_date"))
            matching = flows.required_items(service, situation, event_date, today)
            item = matching[0] if matching else None
            if item is None:
                raise Invalid(_("该服务没有这一需要开展的安全评估。"))
        assessor = None
        assessor_id = _int(request.POST.get("assessor"))
        if assessor_id is not None:
            assessor = Organisation.objects.filter(pk=assessor_id).first()
        return flows.start_assessment(
            service,
            actor=request.user,
            assessor=assessor,
            item=item,
            title=request.POST.get("title", ""),
            due_date=_date(request.POST.get("due_date")),
            today=today,
        )

    assessment = _run(request, action, _("已开始安全评估。"))
    if assessment is None:
        return redirect("assessments:dashboard")
    return redirect("assessments:detail", assessment_id=assessment.pk)
