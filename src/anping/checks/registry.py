"""The registry of checks: catalog points name check ids, the CLI and web find checks here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from anping.checks.result import CheckResult

#: Modules that define checks; importing one registers its checks.
CHECK_MODULES: tuple[str, ...] = (
    "anping.checks.logs",
    "anping.checks.privacy_policy",
    "anping.checks.accounts",
    "anping.checks.names",
    "anping.checks.complaints",
)

Progress = Callable[[int, int | None], None]  # (done, total or None) for progress bars


class UnknownCheck(LookupError):
    """No check has this id."""


@dataclass(frozen=True)
class Check:
    """A registered check: id, the catalog points it serves, its parameters and its run."""

    id: str
    points: tuple[str, ...]
    params: type[BaseModel]
    run: Callable[..., CheckResult]
    title: dict[str, str] = field(default_factory=dict)

    def __call__(
        self, params: BaseModel | dict[str, Any], progress: Progress | None = None
    ) -> CheckResult:
        parsed = params if isinstance(params, self.params) else self.params.model_validate(params)
        return self.run(parsed, progress=progress)


_REGISTRY: dict[str, Check] = {}


def register(
    check_id: str, *, points: tuple[str, ...], params: type[BaseModel], title: dict[str, str]
) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """Decorator: `@register("logs.retention_span", points=("sa-2018:art5.3",), ...)`."""

    def wrap(run: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        if check_id in _REGISTRY:
            raise ValueError(f"check {check_id} registered twice")
        _REGISTRY[check_id] = Check(check_id, points, params, run, title)
        return run

    return wrap


def _load() -> None:
    for module in CHECK_MODULES:
        importlib.import_module(module)


def all_checks() -> list[Check]:
    _load()
    return sorted(_REGISTRY.values(), key=lambda c: c.id)


def get(check_id: str) -> Check:
    _load()
    try:
        return _REGISTRY[check_id]
    except KeyError:
        raise UnknownCheck(f"unknown check {check_id!r}; known: {sorted(_REGISTRY)}") from None
