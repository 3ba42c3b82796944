"""Running evidence checks from the platform: request a run (a `check.run` job), and the job's
handler, which runs the check and keeps its result as evidence.

A request names an assessment (and usually the point it was made from), a check the point names
in its catalog entry, uploaded input files or a data-source URL, and parameters. The files are
stored under `MEDIA_ROOT/checkruns/` with generated names. The handler runs
`registry.get(id)(params, progress=…)`, records the `CheckResult` as a `CheckRun` of the service
(`assessments.flows.record_check_run`) and links it as evidence to **every** point of the
assessment the check serves (`Check.points`), in one transaction together with the job's
completion. A check that cannot read its input reports "cannot_decide" (never "met"); a check
that raises fails the job with its message.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError

from anping.assessments import flows as assessment_flows
from anping.assessments.models import Assessment, CheckRun, PointResult
from anping.checkruns import params as params_form
from anping.checks import registry
from anping.checks.result import CheckResult
from anping.core import files, jobs
from anping.core.errors import Invalid
from anping.core.models import Job
from anping.law import catalog

CHECK_RUN = "check.run"
UPLOAD_DIR = "checkruns"
DEFAULT_MAX_BYTES = 512 * 1024 * 1024  # one uploaded input file
DEFAULT_MAX_FILES = 20
#: Kept from the uploader's file name: the format suffixes the engines read (".ndjson.gz").
SUFFIX = re.compile(r"^(\.[a-z0-9]{1,10}){1,2}$")
SECRET_QUERY_KEYS = frozenset({"password", "pwd", "passwd", "token", "secret", "key", "api_key"})


class TooLarge(Invalid):
    status = 413
    code = "too_large"


def max_bytes() -> int:
    return int(getattr(settings, "CHECKRUN_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_files() -> int:
    return int(getattr(settings, "CHECKRUN_MAX_FILES", DEFAULT_MAX_FILES))


# --- what a point can run -----------------------------------------------------------------------


def check_ids_for(point: PointResult) -> tuple[str, ...]:
    """The check ids the catalog point names (its `checks`)."""
    ref = catalog.load_all().resolve(point.urn)
    point_data = getattr(ref, "point", None)
    return tuple(getattr(point_data, "checks", ()) or ())


def checks_for(point: PointResult) -> list[registry.Check]:
    known = {c.id: c for c in registry.all_checks()}
    return [known[i] for i in check_ids_for(point) if i in known]


def served_points(assessment: Assessment, check: registry.Check) -> list[PointResult]:
    return list(assessment.points.filter(cite__in=check.points).order_by("order"))


# --- credentials in URLs ------------------------------------------------------------------------


def redact_url(url: str) -> str:
    """A URL fit to show and store: password in the authority and secret query values masked."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    netloc = parts.netloc
    if "@" in netloc:
        creds, _sep, host = netloc.rpartition("@")
        user = creds.split(":", 1)[0]
        netloc = f"{user}:***@{host}" if ":" in creds else f"{user}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(
            [(k, "***" if k.lower() in SECRET_QUERY_KEYS else v) for k, v in pairs], safe="*"
        )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _check_url(url: str) -> str:
    url = url.strip()
    scheme = urlsplit(url).scheme.lower() if url else ""
    if scheme not in params_form.URL_SCHEMES:
        raise Invalid(
            _("数据源 URL 须为网络数据库（%(schemes)s）。")
            % {"schemes": ", ".join(sorted(params_form.URL_SCHEMES))},
            details={"url": redact_url(url)},
        )
    return url


# --- uploaded inputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredInput:
    slot: str
    stored_name: str  # relative to MEDIA_ROOT, generated
    original_name: str
    size: int


def _suffix(filename: str) -> str:
    suffixes = "".join(PurePath(filename).suffixes[-2:]).lower()
    return suffixes if SUFFIX.match(suffixes) else ""


def _store(slot: str, upload: Any, folder: str, n: int) -> StoredInput:
    """Write one upload under MEDIA_ROOT/checkruns/… in chunks, refusing it past the limit."""
    limit = max_bytes()
    name = files.display_name(getattr(upload, "name", "") or "", "input")
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise TooLarge(
            _("文件过大：上限为 %(mb)s MB。") % {"mb": limit // (1024 * 1024)},
            details={"limit": limit, "size": size, "file": name},
        )
    stored_name = f"{folder}/{slot}-{n}{_suffix(name)}"
    path = files.media_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    chunks = (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
    )
    with path.open("xb") as handle:
        for chunk in chunks:
            written += len(chunk)
            if written > limit:
                handle.close()
                path.unlink(missing_ok=True)
                raise TooLarge(
                    _("文件过大：上限为 %(mb)s MB。") % {"mb": limit // (1024 * 1024)},
                    details={"limit": limit, "file": name},
                )
            handle.write(chunk)
    return StoredInput(slot, stored_name, name, written)


def _discard(stored: Iterable[str]) -> None:
    for name in stored:
        try:
            path = files.media_path(name)
        except FileNotFoundError:
            continue
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # the run's folder, once empty


# --- parameters ---------------------------------------------------------------------------------


def _resolved(payload: Mapping[str, Any], check: registry.Check) -> dict[str, Any]:
    """The parameters the check runs with: the user's, plus server paths and the data source."""
    values = dict(payload.get("params") or {})
    form = params_form.describe(check.params)
    paths: dict[str, list[str]] = {}
    for item in payload.get("inputs", []):
        paths.setdefault(item["slot"], []).append(str(files.media_path(item["stored_name"])))
    for slot in form.slots:
        if slot.name in paths:
            values[slot.name] = paths[slot.name] if slot.multiple else paths[slot.name][0]
    if payload.get("url"):
        values["url"] = payload["url"]
        if payload.get("table"):
            values["table"] = payload["table"]
        if "engine" in check.params.model_fields:
            values["engine"] = "ibis"
    return values


def _validate(check: registry.Check, values: dict[str, Any]) -> BaseModel:
    try:
        return check.params.model_validate(values)
    except ValidationError as exc:
        problems = [
            {
                "field": ".".join(str(p) for p in err["loc"]) or "params",
                "message": err["msg"],
            }
            for err in exc.errors()
        ]
        text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        raise Invalid(
            _("参数无效：%(problems)s") % {"problems": text}, details={"errors": problems}
        ) from None


def parse_params_json(text: str | None) -> dict[str, Any]:
    """A JSON object of parameters from a form or API field ("" means none)."""
    if not (text or "").strip():
        return {}
    try:
        value = json.loads(text or "")
    except ValueError as exc:
        raise Invalid(_("参数须为 JSON 对象：%(error)s") % {"error": str(exc)}) from None
    if not isinstance(value, dict):
        raise Invalid(_("参数须为 JSON 对象。"))
    return value


# --- requesting a run ---------------------------------------------------------------------------


def request_check_run(
    assessment: Assessment,
    *,
    actor: Any,
    check_id: str,
    point: PointResult | None = None,
    uploads: Mapping[str, list[Any]] | None = None,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    table: str = "",
) -> Job:
    """Queue a run of `check_id` for `assessment`; returns the `check.run` job.

    Refused (400) when the check is unknown or serves no point of the assessment, when the point
    does not name the check, for a file slot the check does not have, for parameters a user may
    not set (server paths, resources) or that the check's model rejects; 413 for a file over the
    limit. Only workers of the assessment (provider or engaged firm) may ask.
    """
    assessment_flows.require_worker(actor, assessment)
    if not assessment.editable:
        raise Invalid(
            _("评估处于“%(status)s”状态，不能再添加证据。")
            % {"status": assessment.get_status_display()}
        )
    try:
        check = registry.get(check_id)
    except registry.UnknownCheck:
        raise Invalid(_("未知的检查项：%(id)s") % {"id": check_id}) from None
    if point is not None:
        if point.assessment_id != assessment.pk:
            raise Invalid(_("该评估要点不属于本评估。"))
        if check.id not in check_ids_for(point):
            raise Invalid(_("该评估要点不使用此检查项：%(id)s") % {"id": check.id})
    served = served_points(assessment, check)
    if not served:
        raise Invalid(_("此检查项不服务于本评估的任何评估要点。"))
    values = dict(params or {})
    refused = params_form.forbidden_keys(check.params, values)
    if refused:
        raise Invalid(
            _("这些参数由平台设置，不能填写：%(keys)s") % {"keys": ", ".join(refused)},
            details={"refused": refused},
        )
    form = params_form.describe(check.params)
    slots = {s.name: s for s in form.slots}
    uploads = {k: [f for f in v if f is not None] for k, v in (uploads or {}).items() if v}
    unknown = sorted(set(uploads) - set(slots))
    if unknown:
        raise Invalid(
            _("此检查项没有这些文件输入：%(slots)s") % {"slots": ", ".join(unknown)},
            details={"slots": sorted(slots)},
        )
    for name, given in uploads.items():
        if len(given) > 1 and not slots[name].multiple:
            raise Invalid(_("“%(slot)s”只接受一个文件。") % {"slot": name})
    if sum(len(v) for v in uploads.values()) > max_files():
        raise Invalid(_("文件过多：最多 %(n)s 个。") % {"n": max_files()})
    url = (url or "").strip()
    table = (table or "").strip()
    if url:
        if not form.accepts_url:
            raise Invalid(_("此检查项不接受数据源 URL，请上传文件。"))
        url = _check_url(url)
    elif form.accepts_url and not uploads:
        raise Invalid(_("请上传输入文件或填写数据源 URL。"))

    folder = files.new_name(UPLOAD_DIR)
    stored: list[StoredInput] = []
    try:
        for name, given in uploads.items():
            for n, upload in enumerate(given, start=1):
                stored.append(_store(name, upload, folder, n))
        payload: dict[str, Any] = {
            "check_id": check.id,
            "assessment_id": assessment.pk,
            "point_id": point.pk if point is not None else None,
            "params": values,
            "inputs": [
                {
                    "slot": s.slot,
                    "stored_name": s.stored_name,
                    "name": s.original_name,
                    "size": s.size,
                }
                for s in stored
            ],
            "url": url,
            "table": table,
        }
        _validate(check, _resolved(payload, check))
        with transaction.atomic():
            return jobs.enqueue(
                CHECK_RUN,
                payload,
                organisation=assessment.service.provider,
                actor=actor,
                audit_data={
                    "check": check.id,
                    "assessment": assessment.pk,
                    "point": point.cite if point is not None else None,
                    "files": len(stored),
                    "source": redact_url(url),
                },
            )
    except BaseException:
        _discard(s.stored_name for s in stored)
        raise


# --- the job ------------------------------------------------------------------------------------


def _relabel(result: CheckResult, payload: Mapping[str, Any]) -> CheckResult:
    """Replace the server's paths and generated file names by the uploaders' file names
    everywhere in what is kept as evidence (parameters, messages, fingerprints)."""
    swaps: list[tuple[str, str]] = []
    for item in payload.get("inputs", []):
        path = files.media_path(item["stored_name"])
        swaps.append((str(path), item["name"]))
        swaps.append((path.name, item["name"]))
    url = payload.get("url") or ""
    if url:
        safe = redact_url(url)
        swaps.append((url, safe))
        scheme, sep, rest = url.partition("://")
        creds, at, host = rest.rpartition("@")
        if sep and at and ":" in creds:  # the form a check's own message uses
            swaps.append((f"{scheme}://{creds.split(':', 1)[0]}:***@{host}", safe))
    swaps.sort(key=lambda pair: -len(pair[0]))  # whole paths before bare names

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in swaps:
                value = value.replace(old, new)
            return value
        if isinstance(value, list | tuple):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value

    dumped = swap(result.model_dump(mode="json"))
    if isinstance(dumped["parameters"].get("url"), str):
        dumped["parameters"]["url"] = redact_url(dumped["parameters"]["url"])
    return CheckResult.model_validate(dumped)


def _public_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    kept = dict(payload)
    kept["url"] = redact_url(kept.get("url") or "")
    return kept


@jobs.handler(CHECK_RUN)
def run_check_job(job: Job, progress: jobs.ProgressFn) -> dict[str, Any]:
    """Run the check, keep its result as a `CheckRun`, link it to every point it serves."""
    payload = job.payload
    started = timezone.now()
    finished_ok = False
    try:
        check = registry.get(payload["check_id"])
        result = check(_resolved(payload, check), progress=progress)
        result = _relabel(result, payload)
        finished = timezone.now()
        with transaction.atomic():
            assessment = Assessment.objects.select_related("service", "service__provider").get(
                pk=payload["assessment_id"]
            )
            actor = job.created_by
            run = assessment_flows.record_check_run(
                assessment.service,
                actor=actor,
                result=result,
                started_at=started,
                finished_at=finished,
            )
            evidence_ids: list[int] = []
            linked: list[str] = []
            note = ""
            if assessment.editable:
                title = f"{check.title.get('zh') or check.id}（{check.id}）"
                for point in served_points(assessment, check):
                    evidence = assessment_flows.link_check_run(
                        assessment, run, actor=actor, point=point, title=title
                    )
                    evidence_ids.append(evidence.pk)
                    linked.append(point.cite)
            else:
                note = "assessment not editable: result kept, not linked"
            jobs.finish(
                job,
                {
                    "check_run_id": run.pk,
                    "check_id": check.id,
                    "outcome": result.status.value,
                    "evidence_ids": evidence_ids,
                    "points": linked,
                    "note": note,
                },
            )
        finished_ok = True
    except jobs.LeaseLost:
        raise  # another worker runs it now and needs the files
    except Exception:
        finished_ok = True  # the job fails; its inputs are no longer needed
        raise
    finally:
        if finished_ok:
            # the job ends here: no credentials kept in its payload, no inputs on disk
            if payload.get("url"):
                Job.objects.filter(pk=job.pk).update(payload=_public_payload(payload))
            if not getattr(settings, "CHECKRUN_KEEP_INPUTS", False):
                _discard(item["stored_name"] for item in payload.get("inputs", []))
    return job.result


def run_for_job(job: Job) -> CheckRun | None:
    """The `CheckRun` a finished `check.run` job produced, if any."""
    run_id = (job.result or {}).get("check_run_id")
    return CheckRun.objects.filter(pk=run_id).first() if run_id else None
