"""Reporting a running query's progress to the caller (the CLI's progress bar)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from anping.checks.engines.source import Source
from anping.checks.registry import Progress

_T = TypeVar("_T")


def run_with_progress(
    work: Callable[[], _T], source: Source, progress: Progress | None, interval: float = 0.2
) -> _T:
    """Run `work` (one query) while reporting the engine's progress as (percent, 100).

    DuckDB reports how far a query has come; other engines report nothing until the end.
    """
    if progress is None:
        return work()
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:
            result["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    progress(0, 100)
    while worker.is_alive():
        worker.join(interval)
        percent = source.progress()
        if percent is not None:
            progress(min(int(percent), 99), 100)
    if "error" in result:
        raise result["error"]
    progress(100, 100)
    return result["value"]  # type: ignore[no-any-return]
