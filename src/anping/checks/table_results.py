"""From a table check's figures to its `CheckResult`: the parts the account, name and complaint
checks share, so that each check is its query and its wording, and nothing else."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
from pydantic import BaseModel

from anping.checks.engines.errors import InputError
from anping.checks.registry import register
from anping.checks.result import MAX_EXAMPLES, Bilingual, CheckResult, Criterion, Status
from anping.checks.tables import Table

ENGINE = f"duckdb {duckdb.__version__}"


@dataclass(frozen=True)
class Spec:
    """What a check decides: its id (also its criterion's id), titles and the points it serves."""

    id: str
    zh: str
    en: str
    points: tuple[str, ...]

    @property
    def title(self) -> Bilingual:
        return Bilingual(zh=self.zh, en=self.en)

    def register(
        self, params: type[BaseModel]
    ) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
        """Decorator registering the check's run under this spec's id, points and titles."""
        return register(
            self.id, points=self.points, params=params, title={"zh": self.zh, "en": self.en}
        )

    def criterion(
        self, status: Status, figures: dict[str, Any], *, zh: str, en: str, invalid: int
    ) -> Criterion:
        """The check's one criterion; rows it could not use are noted in the detail and keep
        "met" from being claimed (`with_invalid_rows`)."""
        zh_note, en_note = invalid_note(invalid)
        return Criterion(
            id=self.id,
            title=self.title,
            status=with_invalid_rows(status, invalid),
            figures=figures,
            detail=Bilingual(zh=zh + zh_note, en=en + en_note),
            cites=self.points,
        )


def undecided(spec: Spec, problem: InputError) -> Criterion:
    """The criterion when the input could not be read: cannot_decide, with the reason."""
    return Criterion(
        id=spec.id,
        title=spec.title,
        status=Status.CANNOT_DECIDE,
        detail=Bilingual(zh=problem.zh, en=problem.en),
        cites=spec.points,
    )


def with_invalid_rows(status: Status, invalid: int) -> Status:
    """Rows the check could not use keep "met" from being claimed: the worse of the two."""
    return Status.CANNOT_DECIDE if status is Status.MET and invalid else status


def invalid_note(invalid: int) -> tuple[str, str]:
    """The (zh, en) suffix of a detail for rows the check could not use; empty when none."""
    if not invalid:
        return "", ""
    return (
        f"；另有{invalid}行缺少或无法解析所需字段，未能判断",
        f"; {invalid} row(s) lack or have unparseable required values and could not be judged",
    )


def finish(
    spec: Spec,
    params: BaseModel,
    criteria: Sequence[Criterion],
    *,
    started: float,
    tables: Sequence[Table] = (),
    examples: Sequence[dict[str, Any]] = (),
    engine: str = ENGINE,
) -> CheckResult:
    """The CheckResult for one run, with the inputs' fingerprints and at most 5 examples."""
    return CheckResult(
        check_id=spec.id,
        points=spec.points,
        parameters=params.model_dump(mode="json"),
        criteria=tuple(criteria),
        examples=tuple(examples)[:MAX_EXAMPLES],
        engine=engine,
        rows_read=sum(t.rows for t in tables),
        duration_s=round(time.perf_counter() - started, 3),
        inputs=tuple(t.fingerprint for t in tables),
    )


def run_guarded(spec: Spec, params: BaseModel, body: Callable[[float], CheckResult]) -> CheckResult:
    """Run a check body; an InputError becomes a cannot_decide result instead of an error."""
    started = time.perf_counter()
    try:
        return body(started)
    except InputError as problem:
        return finish(spec, params, [undecided(spec, problem)], started=started)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


def pct(ratio: float | None) -> str:
    """A share for a detail line: ``12.50%``, or ``n/a`` when there was nothing to divide."""
    return "n/a" if ratio is None else f"{ratio * 100:.2f}%"
