"""Running a log check: open the input, evaluate the one expression, judge, and turn anything
unreadable into "cannot_decide" with the reason, never "met"."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import ibis.expr.types as ir  # type: ignore[import-untyped]

from anping.checks.engines import (
    EngineSettings,
    InputError,
    Source,
    first_line,
    from_table,
    open_files,
    open_url,
    run_with_progress,
)
from anping.checks.logs.checks import CHECKS, LogCheck
from anping.checks.logs.criteria import (
    criterion,
    judge_fields,
    judge_readable,
    judge_retention,
    judge_times,
    judge_values,
)
from anping.checks.logs.params import LogCheckParams
from anping.checks.logs.profile import (
    day_profile,
    problem_rows,
    sniff_time_format,
    summarise,
    time_sample,
)
from anping.checks.logs.roles import PERSONAL_ROLES
from anping.checks.registry import Progress
from anping.checks.result import MAX_EXAMPLES, CheckResult, Status, mask


def _rows(expr: ir.Table) -> list[dict[str, Any]]:
    return list(expr.to_pyarrow().to_pylist())


def examples_from(rows: Iterable[Mapping[str, Any]], roles: Sequence[str]) -> list[dict[str, Any]]:
    """Masked example rows: personal fields masked (`mask`), the flaws named."""
    out = []
    for row in rows:
        example: dict[str, Any] = {}
        for role in roles:
            if role in row:
                value = row[role]
                text = None if value is None else str(value)
                example[role] = mask(text) if text is not None and role in PERSONAL_ROLES else text
        example["problems"] = sorted(
            _problem_name(name) for name, flag in row.items() if name.startswith("flag__") and flag
        )
        out.append(example)
    return out[:MAX_EXAMPLES]


def _problem_name(flag: str) -> str:
    name = flag.removeprefix("flag__")
    kind, _, role = name.partition("__")
    return {"present": f"{role} missing", "invalid": f"{role} invalid"}.get(
        kind, "time unparseable"
    )


def _query(
    source: Source, work: Callable[[], list[dict[str, Any]]], progress: Progress | None = None
) -> list[dict[str, Any]]:
    """Run one query; after a parse error the engine may switch to skipping bad lines, once."""
    try:
        return run_with_progress(work, source, progress)
    except Exception as exc:
        if not source.tolerate(exc):
            raise
    return run_with_progress(work, source, progress)


def evaluate(
    check: LogCheck,
    source: Source,
    mapping: Mapping[str, str | None],
    params: LogCheckParams,
    progress: Progress | None = None,
) -> CheckResult:
    """Run `check` over a role-named source: one aggregate, a few example rows, the verdicts."""
    started = time.perf_counter()
    spec = check.spec()
    table = source.table
    if "time" in table.columns and table["time"].type().is_string():
        sample = _query(source, lambda: _rows(time_sample(table)))
        spec = replace(spec, time_format=sniff_time_format(r["time"] for r in sample))
    profile = summarise(_query(source, lambda: _rows(day_profile(table, spec)), progress))
    rejected = source.rejected()
    cites = check.points
    readable = judge_readable(profile, rejected, cites)
    criteria = [readable.model_copy(update={"evidence": tuple(source.notes)})]
    criteria += judge_fields(profile, mapping, check.required, params.min_field_share, cites)
    if check.validate:
        criteria += judge_values(profile, check.required, params.min_valid_share, cites)
    if "time" in check.required and mapping.get("time"):
        criteria.append(judge_times(profile, params.min_valid_share, cites))
    if check.retention:
        criteria += judge_retention(profile, params, cites)
    examples: list[dict[str, Any]] = []
    if check.validate and any(c.status == Status.NOT_MET for c in criteria):
        examples = examples_from(
            _query(source, lambda: _rows(problem_rows(table, spec))), tuple(check.roles)
        )
    return CheckResult(
        check_id=check.id,
        points=check.points,
        parameters=params.recorded() | {"resolved_mapping": dict(mapping)},
        criteria=tuple(criteria),
        examples=tuple(examples),
        engine=source.engine,
        rows_read=profile.rows,
        duration_s=round(time.perf_counter() - started, 3),
        inputs=source.inputs,
    )


def cannot_decide(
    check: LogCheck, params: LogCheckParams, reason: tuple[str, str], engine: str, started: float
) -> CheckResult:
    """The result for input that could not be read: never "met", always the reason."""
    unreadable = criterion(
        "input.readable",
        ("输入可完整读取", "input fully readable"),
        Status.CANNOT_DECIDE,
        {},
        reason,
        check.points,
    )
    return CheckResult(
        check_id=check.id,
        points=check.points,
        parameters=params.recorded(),
        criteria=(unreadable,),
        engine=engine,
        duration_s=round(time.perf_counter() - started, 3),
    )


@contextmanager
def open_source(
    check: LogCheck, params: LogCheckParams
) -> Iterator[tuple[Source, dict[str, str | None]]]:
    """Files through DuckDB, or a table through an Ibis connection URL."""
    if params.url:
        with open_url(params.url, params.table or "", check.roles, params.mapping) as opened:
            yield opened
        return
    settings = EngineSettings(memory_limit=params.memory_limit, threads=params.threads)
    with open_files(
        params.inputs,
        check.roles,
        params.mapping,
        encoding=params.encoding,
        settings=settings,
        fingerprints=params.fingerprints,
    ) as opened:
        yield opened


def run_check(
    check: LogCheck, params: LogCheckParams, progress: Progress | None = None
) -> CheckResult:
    """Open the input, evaluate, and turn any read failure into "cannot_decide"."""
    started = time.perf_counter()
    engine = "ibis" if params.url else "duckdb"
    try:
        with open_source(check, params) as (source, mapping):
            result = evaluate(check, source, mapping, params, progress)
    except InputError as exc:
        return cannot_decide(check, params, (exc.zh, exc.en), engine, started)
    except Exception as exc:  # an engine failing mid-scan: a damaged file, a lost connection
        reason = first_line(exc)
        return cannot_decide(
            check,
            params,
            (
                f"读取输入时出错，检查未完成：{reason}",
                f"reading the input failed, check not completed: {reason}",
            ),
            engine,
            started,
        )
    return result.model_copy(update={"duration_s": round(time.perf_counter() - started, 3)})


def check_table(
    check_id: str,
    table: ir.Table,
    params: LogCheckParams | dict[str, Any] | None = None,
    engine: str = "ibis",
    progress: Progress | None = None,
) -> CheckResult:
    """Run a log check on any Ibis table (a Spark DataFrame, a ClickHouse table…), unchanged."""
    check = CHECKS[check_id]
    parsed = (
        params
        if isinstance(params, LogCheckParams)
        else LogCheckParams.model_validate(params or {})
    )
    started = time.perf_counter()
    try:
        source, mapping = from_table(table, check.roles, parsed.mapping, engine)
        return evaluate(check, source, mapping, parsed, progress)
    except InputError as exc:
        return cannot_decide(check, parsed, (exc.zh, exc.en), engine, started)
