"""Background jobs: enqueue, claim, run, progress, failure, stale requeue, concurrent claimers."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from anping.core import jobs
from anping.core.models import AuditAction, AuditEvent, Job


@jobs.handler("test.echo")
def _echo(job: Job, progress: jobs.ProgressFn) -> dict[str, Any]:
    total = int(job.payload.get("steps", 2))
    for n in range(1, total + 1):
        progress(n, total)
    return {"echo": job.payload.get("text", "")}


@jobs.handler("test.boom")
def _boom(job: Job, progress: jobs.ProgressFn) -> dict[str, Any]:
    progress(1, 10)
    raise ValueError("the input has no header row\nsecond line never shown")


@jobs.handler("test.progress_only")
def _progress_only(job: Job, progress: jobs.ProgressFn) -> None:
    progress(3, None)
    assert Job.objects.get(pk=job.pk).progress_done == 3
    return None


@pytest.fixture
def org(db: None) -> Any:
    from anping.orgs import flows
    from anping.orgs.models import OrganisationKind

    return flows.create_organisation(
        actor=None, name="任务测试公司", kind=OrganisationKind.PROVIDER, division_code="440305"
    )


def test_enqueue_audits_and_refuses_unknown_kinds(org: Any) -> None:
    job = jobs.enqueue("test.echo", {"text": "hi"}, organisation=org, actor=None)
    assert job.status == Job.Status.QUEUED
    assert job.attempts == 0
    event = AuditEvent.objects.get(action=AuditAction.JOB_ENQUEUED)
    assert event.object_id == str(job.pk)
    assert event.data["kind"] == "test.echo"
    with pytest.raises(jobs.UnknownJobKind):
        jobs.enqueue("no.such.kind", {}, organisation=org, actor=None)
    assert Job.objects.count() == 1


def test_claim_takes_oldest_first_once(org: Any) -> None:
    first = jobs.enqueue("test.echo", {"text": "1"}, organisation=org, actor=None)
    second = jobs.enqueue("test.echo", {"text": "2"}, organisation=org, actor=None)
    Job.objects.filter(pk=second.pk).update(created_at=first.created_at - dt.timedelta(seconds=5))
    a = jobs.claim_next("w-a")
    b = jobs.claim_next("w-b")
    assert (a.pk, b.pk) == (second.pk, first.pk)
    assert a.status == Job.Status.RUNNING
    assert a.locked_by == "w-a"
    assert a.attempts == 1
    assert a.started_at is not None
    assert a.heartbeat_at is not None
    assert jobs.claim_next("w-c") is None


def test_run_one_records_result_and_progress(org: Any) -> None:
    jobs.enqueue("test.echo", {"text": "你好", "steps": 4}, organisation=org, actor=None)
    job = jobs.run_one(jobs.claim_next("w"))
    assert job.status == Job.Status.DONE
    assert job.result == {"echo": "你好"}
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.finished_at is not None
    assert job.error == ""


def test_progress_without_total_is_written(org: Any) -> None:
    jobs.enqueue("test.progress_only", {}, organisation=org, actor=None)
    job = jobs.run_one(jobs.claim_next("w"))
    assert job.status == Job.Status.DONE
    assert job.result == {}
    assert job.percent is None


def test_failure_is_recorded_with_its_message_and_audited(org: Any) -> None:
    jobs.enqueue("test.boom", {}, organisation=org, actor=None)
    job = jobs.run_one(jobs.claim_next("w"))
    assert job.status == Job.Status.FAILED
    assert job.error == "ValueError: the input has no header row"
    assert job.result == {}
    event = AuditEvent.objects.get(action=AuditAction.JOB_FAILED)
    assert event.organisation_id == org.pk
    assert "no header row" in event.data["error"]


def test_run_one_refuses_an_unclaimed_job(org: Any) -> None:
    job = jobs.enqueue("test.echo", {}, organisation=org, actor=None)
    with pytest.raises(ValueError, match="not claimed"):
        jobs.run_one(job)


def test_stale_running_job_is_requeued_then_failed_after_max_attempts(org: Any) -> None:
    job = jobs.enqueue("test.echo", {"text": "x"}, organisation=org, actor=None)
    job.max_attempts = 2
    job.save(update_fields=["max_attempts"])
    old = timezone.now() - dt.timedelta(hours=1)

    claimed = jobs.claim_next("dead-worker")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=old)
    assert jobs.requeue_stale(older_than=60) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.locked_by == ""
    assert "stopped responding" in job.error

    # the dead worker comes back: it no longer holds the job and must not write over it
    with pytest.raises(jobs.LeaseLost):
        jobs.heartbeat(claimed)

    again = jobs.claim_next("second-worker")
    assert again.pk == job.pk
    assert again.attempts == 2
    Job.objects.filter(pk=job.pk).update(heartbeat_at=old)
    assert jobs.requeue_stale(older_than=60) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "2 attempts" in job.error
    assert AuditEvent.objects.filter(action=AuditAction.JOB_FAILED).count() == 1


def test_fresh_running_job_is_not_requeued(org: Any) -> None:
    jobs.enqueue("test.echo", {}, organisation=org, actor=None)
    jobs.claim_next("w")
    assert jobs.requeue_stale(older_than=60) == 0
    assert Job.objects.get().status == Job.Status.RUNNING


def test_a_worker_that_lost_its_job_does_not_finish_it(org: Any) -> None:
    jobs.enqueue("test.echo", {"steps": 1}, organisation=org, actor=None)
    mine = jobs.claim_next("slow-worker")
    Job.objects.filter(pk=mine.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    jobs.requeue_stale(older_than=60)
    theirs = jobs.claim_next("other-worker")
    after = jobs.run_one(mine)  # progress() finds the lease gone and stops the handler
    assert after.status == Job.Status.RUNNING
    assert after.locked_by == "other-worker"
    done = jobs.run_one(theirs)
    assert done.status == Job.Status.DONE


def test_work_once_runs_every_queued_job(org: Any) -> None:
    for n in range(3):
        jobs.enqueue("test.echo", {"text": str(n)}, organisation=org, actor=None)
    jobs.enqueue("test.boom", {}, organisation=org, actor=None)
    seen: list[str] = []
    ran = jobs.work(once=True, heartbeat_every=None, on_job=lambda j: seen.append(j.status))
    assert ran == 4
    assert sorted(seen) == ["done", "done", "done", "failed"]
    assert not Job.objects.filter(status__in=["queued", "running"]).exists()


def test_inprocess_default_follows_the_database(settings: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("ANPING_INPROCESS_JOBS", raising=False)
    assert jobs.inprocess_enabled() is (connection.vendor == "sqlite")
    monkeypatch.setenv("ANPING_INPROCESS_JOBS", "0")
    assert jobs.inprocess_enabled() is False
    monkeypatch.setenv("ANPING_INPROCESS_JOBS", "yes")
    assert jobs.inprocess_enabled() is True
    settings.INPROCESS_JOBS = False
    assert jobs.inprocess_enabled() is False


@pytest.mark.django_db(transaction=True)
def test_concurrent_claimers_never_take_the_same_job() -> None:
    """Four threads, each with its own database connection, race for 40 jobs (SQLite: compare
    and set under IMMEDIATE transactions; PostgreSQL: SKIP LOCKED)."""
    from anping.orgs.models import Organisation, OrganisationKind

    org = Organisation.objects.create(
        name="并发测试公司", kind=OrganisationKind.PROVIDER, division_code="440305"
    )
    for n in range(40):
        jobs.enqueue("test.echo", {"text": str(n), "steps": 1}, organisation=org, actor=None)
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def claimer(name: str) -> None:
        mine: list[int] = []
        try:
            start.wait()
            while (job := jobs.claim_next(name)) is not None:
                mine.append(job.pk)
                jobs.run_one(job)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            claimed[name] = mine
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=(f"w{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    every = [pk for ids in claimed.values() for pk in ids]
    assert len(every) == 40, list(
        Job.objects.exclude(pk__in=every).values("pk", "status", "locked_by", "attempts")
    )
    assert len(set(every)) == 40, "a job was claimed twice"
    assert Job.objects.filter(status=Job.Status.DONE).count() == 40
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}
