"""`anping worker`: run background jobs (evidence check runs, …) from the database queue.

    anping worker                 # run jobs until stopped (Ctrl+C / SIGTERM finish the job first)
    anping worker --once          # run the queued jobs, exit when the queue is empty
    anping worker --poll 5        # look for new jobs every 5 s when idle

Run as many workers as the machine allows: on PostgreSQL each claims with
`SELECT … FOR UPDATE SKIP LOCKED`, on SQLite with a compare-and-set update, so no job runs twice.
A job whose worker died is queued again after `ANPING_JOB_STALE_SECONDS` (900) without a
heartbeat. `anping serve` also runs jobs in a thread when `ANPING_INPROCESS_JOBS` is on (the
default on SQLite).
"""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from anping.cli.django_setup import setup

app = typer.Typer()


@app.command()
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="运行队列中的任务后退出 / exit when the queue is empty.")
    ] = False,
    poll: Annotated[
        float,
        typer.Option("--poll", min=0.1, max=3600, help="空闲时的轮询间隔（秒） / idle poll, s."),
    ] = 2.0,
) -> None:
    """运行后台任务 / run background jobs (check runs) until stopped."""
    setup()
    from anping.core import jobs

    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        typer.echo("stopping after the current job… / 当前任务结束后停止", err=True)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    name = jobs.worker_id()

    def report(job: object) -> None:
        status = getattr(job, "status", "")
        error = getattr(job, "error", "")
        line = f"job {getattr(job, 'pk', '?')} {getattr(job, 'kind', '')}: {status}"
        typer.echo(f"{line} — {error}" if error and status == "failed" else line)

    if not once:
        typer.echo(f"anping worker {name} waiting for jobs (poll {poll:g} s; Ctrl+C to stop)")
    count = jobs.work(once=once, poll=poll, stop=stop, worker=name, on_job=report)
    if once:
        typer.echo(f"{count} job(s) run / 已运行 {count} 个任务")
