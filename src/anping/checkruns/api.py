"""API: request a check run (a background job), follow the job, read the result.

    POST /api/checkruns            multipart: assessment_id, check_id, point_id?, params (JSON),
                                   url?, table?; files under the check's input names
                                   (`inputs`, `accounts`, `policy`, …) or `file` for its first
    GET  /api/jobs/{id}            status, progress, result or error
    GET  /api/checkruns/{id}       the stored result and the evidence it was linked as

Scoped like the assessment: a provider's members and its engaged firm; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, Router, Schema, Status

from anping.assessments.models import Assessment, CheckRun
from anping.checkruns import flows
from anping.checkruns import params as params_form
from anping.checks import registry
from anping.core.errors import Invalid
from anping.core.models import Job
from anping.core.scoping import get_for, restrict

router = Router(tags=["checkruns"])


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress_done: int
    progress_total: int | None
    percent: int | None
    attempts: int
    result: dict[str, Any]
    error: str
    organisation_id: int | None
    created_by_id: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    check_id: str | None = None
    assessment_id: int | None = None
    source: str = ""
    files: list[dict[str, Any]] = []


class EvidenceLinkOut(Schema):
    id: int
    assessment_id: int
    point_id: int | None
    cite: str | None


class CheckRunOut(Schema):
    id: int
    service_id: int
    check_id: str
    status: str
    outcome: str
    summary: dict[str, Any]
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    evidence: list[EvidenceLinkOut]


def job_out(job: Job) -> JobOut:
    payload = job.payload or {}
    is_check = job.kind == flows.CHECK_RUN
    return JobOut(
        id=job.pk,
        kind=job.kind,
        status=job.status,
        progress_done=job.progress_done,
        progress_total=job.progress_total,
        percent=job.percent,
        attempts=job.attempts,
        result=job.result or {},
        error=job.error,
        organisation_id=job.organisation_id,
        created_by_id=job.created_by_id,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        check_id=payload.get("check_id") if is_check else None,
        assessment_id=payload.get("assessment_id") if is_check else None,
        source=flows.redact_url(payload.get("url") or "") if is_check else "",
        files=(
            [{"slot": f["slot"], "name": f["name"], "size": f["size"]} for f in payload["inputs"]]
            if is_check and payload.get("inputs")
            else []
        ),
    )


@router.post("/checkruns", response={202: JobOut})
def request_run(
    request: HttpRequest,
    assessment_id: Form[int],
    check_id: Form[str],
    point_id: Form[int | None] = None,
    params: Form[str] = "",
    url: Form[str] = "",
    table: Form[str] = "",
) -> Status[JobOut]:
    """Queue a check run; follow it with `GET /jobs/{id}` (202 Accepted)."""
    assessment = get_for(
        Assessment.objects.select_related("service", "service__provider", "assessor"),
        request.user,
        assessment_id,
    )
    point = None
    if point_id is not None:
        point = assessment.points.filter(pk=point_id).first()
        if point is None:
            raise Invalid(_("该评估要点不属于本评估。"))
    uploads: dict[str, list[Any]] = {
        key: request.FILES.getlist(key) for key in request.FILES if key not in ("file", "files")
    }
    generic = request.FILES.getlist("file") + request.FILES.getlist("files")
    if generic:
        try:
            slots = params_form.describe(registry.get(check_id).params).slots
        except registry.UnknownCheck:
            slots = ()
        if slots:
            uploads.setdefault(slots[0].name, []).extend(generic)
        else:
            uploads["file"] = generic
    job = flows.request_check_run(
        assessment,
        actor=request.user,
        check_id=check_id,
        point=point,
        uploads=uploads,
        params=flows.parse_params_json(params),
        url=url,
        table=table,
    )
    return Status(202, job_out(job))


@router.get("/jobs", response=list[JobOut])
def list_jobs(
    request: HttpRequest, status: str | None = None, kind: str | None = None
) -> list[JobOut]:
    found = restrict(Job.objects.all(), request.user)
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    return [job_out(j) for j in found[:200]]


@router.get("/jobs/{job_id}", response=JobOut)
def get_job(request: HttpRequest, job_id: int) -> JobOut:
    return job_out(get_for(Job.objects.all(), request.user, job_id))


@router.get("/checkruns/{run_id}", response=CheckRunOut)
def get_run(request: HttpRequest, run_id: int) -> CheckRunOut:
    run = get_for(CheckRun.objects.all(), request.user, run_id)
    evidence = restrict(run.evidence.select_related("point"), request.user)
    return CheckRunOut(
        id=run.pk,
        service_id=run.service_id,
        check_id=run.check_id,
        status=run.status,
        outcome=run.outcome,
        summary=run.summary,
        started_at=run.started_at,
        finished_at=run.finished_at,
        evidence=[
            EvidenceLinkOut(
                id=e.pk,
                assessment_id=e.assessment_id,
                point_id=e.point_id,
                cite=e.point.cite if e.point else None,
            )
            for e in evidence
        ],
    )
