"""Background jobs without a broker: the `Job` table is the queue.

    job = jobs.enqueue("check.run", {...}, organisation=provider, actor=user)

    @jobs.handler("check.run")
    def run_check(job: Job, progress: jobs.ProgressFn) -> dict: ...

A worker (`anping worker`, or the daemon thread `anping serve` starts when
`ANPING_INPROCESS_JOBS` is on) loops: `requeue_stale`, `claim_next`, `run_one`.

Claiming is safe with several workers:

* PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` picks the oldest queued row nobody holds;
* SQLite (and any other database): a compare-and-set `UPDATE job SET status='running' … WHERE
  id=? AND status='queued'`; only the worker whose update changed one row owns the job. Under
  the IMMEDIATE transactions anping configures, writers queue at BEGIN, so no claim half-happens.

A handler reports progress through its `progress(done, total)` argument; each report also beats
the job's heart. A job whose heart stopped (the worker died) for `stale_after()` seconds is put
back in the queue, up to `max_attempts` tries, then failed with a message saying so. Every update
a worker makes is conditional on still holding the job (`locked_by`), so a worker that lost its
job to a requeue stops (`LeaseLost`) instead of writing over the new run. A handler that raises
fails the job with the error's message; nothing fails silently.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import (
    IntegrityError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import F
from django.utils import timezone

from anping.core import audit
from anping.core.errors import DomainError
from anping.core.models import AuditAction, Job

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
ProgressFn = Callable[[int, int | None], None]
Handler = Callable[[Job, ProgressFn], dict[str, Any] | None]

DEFAULT_STALE_SECONDS = 15 * 60
DEFAULT_POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 30.0
PROGRESS_EVERY_SECONDS = 0.5  # at most two progress writes a second
MAX_ERROR_CHARS = 2000
MAX_CLAIM_TRIES = 20

#: Handlers by kind; apps register theirs when Django starts (their `AppConfig.ready`).
_HANDLERS: dict[str, Handler] = {}


class LeaseLost(RuntimeError):
    """The job is no longer held by this worker (requeued as stale and claimed by another)."""


class UnknownJobKind(LookupError):
    """No handler is registered for a job's kind."""


# --- handlers -----------------------------------------------------------------------------------


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Decorator: register the function that runs jobs of `kind`."""

    def wrap(fn: Handler) -> Handler:
        existing = _HANDLERS.get(kind)
        if existing is not None and existing is not fn:
            qualified = f"{fn.__module__}.{fn.__qualname__}"
            if f"{existing.__module__}.{existing.__qualname__}" != qualified:
                raise ValueError(f"job kind {kind!r} has two handlers")
        _HANDLERS[kind] = fn
        return fn

    return wrap


def get_handler(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise UnknownJobKind(f"no handler for job kind {kind!r}") from None


# --- settings -----------------------------------------------------------------------------------


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        from anping.config import ConfigError

        raise ConfigError(f"{name}={raw!r} is not a number of seconds") from None
    return max(value, 1.0)


def stale_after() -> float:
    """Seconds without a heartbeat after which a running job counts as abandoned."""
    from django.conf import settings

    configured = getattr(settings, "JOB_STALE_SECONDS", None)
    if configured is not None:
        return float(configured)
    return _env_number("ANPING_JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS)


def inprocess_enabled() -> bool:
    """Whether `anping serve` runs jobs in a daemon thread: `ANPING_INPROCESS_JOBS`, by default
    on for SQLite (the embedded default) and off for PostgreSQL (run `anping worker`)."""
    from django.conf import settings

    from anping.config import env_bool

    configured = getattr(settings, "INPROCESS_JOBS", None)
    if configured is not None:
        return bool(configured)
    return env_bool("ANPING_INPROCESS_JOBS", default=connection.vendor == "sqlite")


def worker_id() -> str:
    """`host:pid:thread`, unique among the workers of one deployment."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{threading.get_ident() % 100000}"


def _retry_locked(fn: Callable[[], _T]) -> _T:
    """Run a short write, retrying while SQLite says the database or table is locked.

    A file database waits for its busy timeout first; SQLite's shared-cache in-memory database
    (the test database) reports a locked table at once. Never retried inside a transaction
    (it could not go on after the error), nor on other databases.
    """
    for attempt in range(60):
        try:
            return fn()
        except OperationalError as exc:
            if (
                connection.vendor != "sqlite"
                or "locked" not in str(exc)
                or connection.in_atomic_block
                or attempt == 59
            ):
                raise
            time.sleep(min(0.005 * 2**attempt, 0.25))
    raise AssertionError("unreachable")


# --- enqueue ------------------------------------------------------------------------------------


@transaction.atomic
def enqueue(
    kind: str,
    payload: dict[str, Any],
    *,
    organisation: Any,
    actor: Any,
    max_attempts: int = 3,
    audit_data: dict[str, Any] | None = None,
) -> Job:
    """Queue a job for `organisation` (whose members and engaged firm may see it)."""
    get_handler(kind)  # refuse kinds no worker could run
    job = Job.objects.create(
        kind=kind,
        payload=payload,
        organisation=organisation,
        created_by=actor,
        max_attempts=max_attempts,
    )
    audit.record(
        AuditAction.JOB_ENQUEUED,
        actor=actor,
        organisation=organisation,
        obj=job,
        data={"kind": kind, **(audit_data or {})},
    )
    return job


# --- claiming -----------------------------------------------------------------------------------


def _claim_fields(worker: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "status": Job.Status.RUNNING,
        "locked_by": worker,
        "started_at": now,
        "heartbeat_at": now,
        "attempts": F("attempts") + 1,
        "progress_done": 0,
        "progress_total": None,
    }


def _claim_skip_locked(worker: str, kinds: tuple[str, ...] | None) -> Job | None:
    with transaction.atomic():
        queued = Job.objects.filter(status=Job.Status.QUEUED)
        if kinds:
            queued = queued.filter(kind__in=kinds)
        job = queued.select_for_update(skip_locked=True).order_by("created_at", "pk").first()
        if job is None:
            return None
        Job.objects.filter(pk=job.pk).update(**_claim_fields(worker, timezone.now()))
    return Job.objects.get(pk=job.pk)


def _claim_compare_and_set(worker: str, kinds: tuple[str, ...] | None) -> Job | None:
    queued = Job.objects.filter(status=Job.Status.QUEUED)
    if kinds:
        queued = queued.filter(kind__in=kinds)
    oldest = queued.order_by("created_at", "pk").values_list("pk", flat=True)
    for _ in range(MAX_CLAIM_TRIES):
        candidate = _retry_locked(oldest.first)
        if candidate is None:
            return None

        @transaction.atomic
        def take(pk: int = candidate) -> int:
            return Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
                **_claim_fields(worker, timezone.now())
            )

        # each step retried on its own: once the update committed, the job is ours
        if _retry_locked(take):
            return _retry_locked(lambda pk=candidate: Job.objects.get(pk=pk))
        # another worker took it between our read and our update: try the next one
    return None


def claim_next(worker: str | None = None, *, kinds: tuple[str, ...] | None = None) -> Job | None:
    """Take the oldest queued job for `worker`, or None when the queue is empty."""
    worker = worker or worker_id()
    if connection.vendor == "postgresql":
        return _claim_skip_locked(worker, kinds)
    return _claim_compare_and_set(worker, kinds)


def requeue_stale(older_than: float | None = None) -> int:
    """Put running jobs without a heartbeat for `older_than` seconds back in the queue (or fail
    them once they used up their attempts). Returns how many jobs were touched."""
    seconds = stale_after() if older_than is None else older_than
    cutoff = timezone.now() - dt.timedelta(seconds=seconds)
    stale = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
    requeued = stale.filter(attempts__lt=F("max_attempts")).update(
        status=Job.Status.QUEUED,
        locked_by="",
        heartbeat_at=None,
        error="上一次运行的工作进程停止响应，任务已重新排队。"
        " / The worker running this job stopped responding; the job was queued again.",
    )
    given_up = []
    with transaction.atomic():
        for job in stale.filter(attempts__gte=F("max_attempts")).select_related("organisation"):
            message = (
                f"工作进程停止响应，已尝试 {job.attempts} 次，任务失败。"
                f" / The worker stopped responding; the job failed after {job.attempts} attempts."
            )
            changed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.FAILED, error=message, finished_at=timezone.now(), locked_by=""
            )
            if changed:
                given_up.append(job.pk)
                audit.record(
                    AuditAction.JOB_FAILED,
                    actor=None,
                    organisation=job.organisation,
                    obj=job,
                    data={"kind": job.kind, "error": message[:200]},
                )
    if requeued or given_up:
        logger.warning("jobs: requeued %s stale job(s), failed %s", requeued, len(given_up))
    return requeued + len(given_up)


# --- running ------------------------------------------------------------------------------------


def _held(job: Job) -> Any:
    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, locked_by=job.locked_by)


def heartbeat(job: Job) -> None:
    """Say the worker still works on `job`; raises `LeaseLost` when it no longer holds it."""
    if not _retry_locked(lambda: _held(job).update(heartbeat_at=timezone.now())):
        raise LeaseLost(f"job {job.pk} is no longer held by {job.locked_by}")


class _Progress:
    """The `progress(done, total)` callback given to a handler: throttled, conditional writes."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        self.job.progress_done, self.job.progress_total = int(done), total
        changed = _retry_locked(
            lambda: _held(self.job).update(
                progress_done=int(done), progress_total=total, heartbeat_at=timezone.now()
            )
        )
        if not changed:
            raise LeaseLost(f"job {self.job.pk} is no longer held by {self.job.locked_by}")


def finish(job: Job, result: dict[str, Any] | None = None) -> Job:
    """Mark a held job done with `result`. A handler may call it inside the transaction of its
    own writes, so that its work and the job's completion commit together (or not at all)."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": Job.Status.DONE,
        "result": result or {},
        "finished_at": now,
        "error": "",
    }
    if job.progress_total is not None:
        fields["progress_done"] = job.progress_total
    if not _retry_locked(lambda: _held(job).update(**fields)):
        raise LeaseLost(f"job {job.pk} is no longer held by {job.locked_by}")
    job.status, job.result, job.finished_at, job.error = (
        Job.Status.DONE,
        result or {},
        now,
        "",
    )
    return job


def error_message(exc: BaseException) -> str:
    """The first line a person can act on: a domain error's message, else type and text."""
    if isinstance(exc, DomainError):
        text = exc.message
    else:
        first = (str(exc).strip().splitlines() or [""])[0]
        text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return text[:MAX_ERROR_CHARS]


def fail(job: Job, message: str) -> Job:
    """Mark a held job failed with `message` and audit it (the system is the actor)."""
    now = timezone.now()

    @transaction.atomic
    def write() -> None:
        if not _held(job).update(status=Job.Status.FAILED, error=message, finished_at=now):
            raise LeaseLost(f"job {job.pk} is no longer held by {job.locked_by}")
        audit.record(
            AuditAction.JOB_FAILED,
            actor=None,
            organisation=job.organisation,
            obj=job,
            data={"kind": job.kind, "error": message[:200]},
        )

    _retry_locked(write)
    job.status, job.error, job.finished_at = Job.Status.FAILED, message, now
    return job


def run_one(job: Job) -> Job:
    """Run a claimed job through its handler; record `done` with its result or `failed` with the
    error. Returns the job as stored afterwards."""
    if job.status != Job.Status.RUNNING or not job.locked_by:
        raise ValueError(f"job {job.pk} is not claimed; use claim_next() first")
    try:
        run = get_handler(job.kind)
        result = run(job, _Progress(job))
        _retry_locked(lambda: job.refresh_from_db(fields=["status"]))
        if job.status == Job.Status.RUNNING:
            finish(job, result or {})
    except LeaseLost as exc:
        logger.warning("jobs: %s", exc)
    except Exception as exc:
        logger.exception("jobs: job %s (%s) failed", job.pk, job.kind)
        try:
            fail(job, error_message(exc))
        except LeaseLost as lost:
            logger.warning("jobs: %s", lost)
    _retry_locked(job.refresh_from_db)
    return job


# --- workers ------------------------------------------------------------------------------------


class _Heartbeat:
    """Beats a job's heart from a side thread while a long handler runs (real workers only)."""

    def __init__(self, job: Job, every: float) -> None:
        self.job, self.every = job, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name=f"job-{job.pk}-hb")

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.every):
                try:
                    heartbeat(self.job)
                except LeaseLost:
                    return
                except Exception:  # a busy database must not kill the beat
                    logger.warning("jobs: heartbeat of job %s failed", self.job.pk, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def _close_old_connections() -> None:
    """Drop broken or expired connections between jobs, as Django does between requests (not
    inside a transaction: a caller's, e.g. a test's, must survive)."""
    if not connection.in_atomic_block:
        close_old_connections()


def work(
    *,
    once: bool = False,
    poll: float = DEFAULT_POLL_SECONDS,
    stop: threading.Event | None = None,
    worker: str | None = None,
    heartbeat_every: float | None = HEARTBEAT_SECONDS,
    on_job: Callable[[Job], None] | None = None,
) -> int:
    """The worker loop: requeue stale jobs, claim, run; sleep `poll` seconds when idle.

    With `once`, return when the queue is empty. Returns the number of jobs run.
    """
    stop = stop or threading.Event()
    worker = worker or worker_id()
    count = 0
    while not stop.is_set():
        _close_old_connections()
        try:
            requeue_stale()
            job = claim_next(worker)
        except (OperationalError, IntegrityError):
            logger.warning("jobs: could not claim a job; retrying", exc_info=True)
            job = None
        if job is None:
            if once:
                break
            stop.wait(poll)
            continue
        if heartbeat_every:
            with _Heartbeat(job, heartbeat_every):
                done = run_one(job)
        else:
            done = run_one(job)
        count += 1
        if on_job is not None:
            on_job(done)
    _close_old_connections()
    return count


def start_inprocess_worker(poll: float = DEFAULT_POLL_SECONDS) -> threading.Thread | None:
    """Start a daemon thread that runs jobs inside this process (`anping serve` on SQLite).

    Returns None when `ANPING_INPROCESS_JOBS` is off. Call it from `anping serve` only: tests
    and management commands must not grow threads that write to the database.
    """
    if not inprocess_enabled():
        return None

    def loop() -> None:
        while True:
            try:
                work(poll=poll, worker=f"{worker_id()}:serve")
            except Exception:  # keep serving jobs after an unexpected error
                logger.exception("jobs: in-process worker crashed; restarting")
                time.sleep(poll)

    thread = threading.Thread(target=loop, daemon=True, name="anping-jobs")
    thread.start()
    return thread
