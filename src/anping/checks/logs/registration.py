"""Registering the three log checks under their catalog ids (importing `anping.checks.logs`
runs this)."""

from __future__ import annotations

from anping.checks.logs.checks import CHECKS, LogCheck
from anping.checks.logs.params import LogCheckParams
from anping.checks.logs.run import run_check
from anping.checks.registry import Progress, register
from anping.checks.result import CheckResult


def _register(check: LogCheck) -> None:
    def run(params: LogCheckParams, progress: Progress | None = None) -> CheckResult:
        return run_check(check, params, progress)

    run.__doc__ = f"{check.title['en']} ({', '.join(check.points)})."
    register(check.id, points=check.points, params=LogCheckParams, title=check.title)(run)


for _check in CHECKS.values():
    _register(_check)
