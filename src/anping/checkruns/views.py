"""Web pages: the run-check form of an assessment point, a job's page with its polled status
fragment (htmx), and a check run's result.

Thin: reads through `anping.core.scoping`, changes only through `anping.checkruns.flows`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anping.assessments import flows as assessment_flows
from anping.assessments.models import Assessment, CheckRun
from anping.checkruns import flows, present
from anping.checkruns import params as params_form
from anping.core.errors import DomainError
from anping.core.models import Job
from anping.core.scoping import get_for, restrict
from anping.web.language import is_english


def _assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    return get_for(
        Assessment.objects.select_related("service", "service__provider", "assessor"),
        request.user,
        assessment_id,
    )


def _form_params(request: HttpRequest, form: params_form.ParamsForm) -> dict[str, Any]:
    """Simple fields from their inputs (empty = the check's default), then advanced JSON."""
    values: dict[str, Any] = {}
    for field in form.simple:
        raw = request.POST.get(f"param:{field.name}", "").strip()
        if raw:
            values[field.name] = raw
    advanced = flows.parse_params_json(request.POST.get("advanced", ""))
    for key, value in advanced.items():
        if key in values:
            continue  # an input given on the form wins over the same key in the JSON
        if key in form.advanced and value == form.advanced[key]:
            continue  # unchanged default
        values[key] = value
    return values


@login_required
def run_form(request: HttpRequest, assessment_id: int, point_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id)
    point = assessment.points.filter(pk=point_id).first()
    if point is None:
        raise Http404
    checks = flows.checks_for(point)
    chosen_id = request.POST.get("check") or request.GET.get("check") or ""
    check = next((c for c in checks if c.id == chosen_id), checks[0] if checks else None)
    can_work = assessment_flows.can_work(request.user, assessment)
    if request.method == "POST" and check is not None:
        form = params_form.describe(check.params)
        try:
            job = flows.request_check_run(
                assessment,
                actor=request.user,
                check_id=check.id,
                point=point,
                uploads={s.name: request.FILES.getlist(f"file:{s.name}") for s in form.slots},
                params=_form_params(request, form),
                url=request.POST.get("url", ""),
                table=request.POST.get("table", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("检查已提交，正在后台运行。"))
            return redirect("checkruns:job", job_id=job.pk)
    recent = restrict(Job.objects.filter(kind=flows.CHECK_RUN), request.user).filter(
        payload__assessment_id=assessment.pk
    )[:20]
    context = {
        "a": assessment,
        "p": point,
        # plain data: a `Check` is callable, and templates would call it
        "checks": [{"id": c.id, "title": dict(c.title)} for c in checks],
        "check": {"id": check.id, "title": dict(check.title)} if check else None,
        "form": params_form.describe(check.params) if check else None,
        "served": flows.served_points(assessment, check) if check else [],
        "can_work": can_work and assessment.editable,
        "english": is_english(),
        "max_mb": flows.max_bytes() // (1024 * 1024),
        "jobs": [present.job_view(j) for j in recent],
        "posted": request.POST if request.method == "POST" else {},
    }
    return render(request, "checkruns/run.html", context)


def _job(request: HttpRequest, job_id: int) -> Job:
    return get_for(Job.objects.select_related("organisation", "created_by"), request.user, job_id)


def _job_context(request: HttpRequest, job: Job) -> dict[str, Any]:
    run = None
    if job.status == Job.Status.DONE:
        run = (
            restrict(CheckRun.objects.all(), request.user)
            .filter(pk=(job.result or {}).get("check_run_id"))
            .first()
        )
    payload = job.payload or {}
    return {
        **present.job_view(job),
        "run": run,
        "result": present.result_view(run.summary) if run else None,
        "source": flows.redact_url(payload.get("url") or ""),
        "files": payload.get("inputs") or [],
        "assessment_id": payload.get("assessment_id"),
        "point_id": payload.get("point_id"),
        "check_id": payload.get("check_id", ""),
    }


@login_required
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(request, "checkruns/job.html", _job_context(request, job))


@login_required
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The fragment htmx polls every 2 s until the job has finished."""
    job = _job(request, job_id)
    return render(request, "checkruns/_job_status.html", _job_context(request, job))


@login_required
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_for(CheckRun.objects.select_related("service"), request.user, run_id)
    evidence = restrict(run.evidence.select_related("point", "assessment"), request.user)
    return render(
        request,
        "checkruns/run_result.html",
        {"run": run, "result": present.result_view(run.summary), "evidence": evidence},
    )
