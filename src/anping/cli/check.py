"""`anping check …`: list the evidence checks and run one on the provider's own data.

    anping check list
    anping check run logs.retention_span --input 'logs/*.ndjson.gz' --param assessment_date=2025-07-01
    anping check run logs.required_fields --url duckdb:///data/logs.duckdb --table access_log \\
        --param mapping.account=uid --json

Exit codes (for scripts and CI):

* 0 — the check's result is "met";
* 1 — "not_met" (at least one criterion failed);
* 2 — bad usage: unknown check, a ``--param`` that is not ``key=value`` or not a parameter;
* 3 — "cannot_decide" (input unreadable, empty or not telling) or "manual".

No Django: checks run where the data lives, often on a machine without the platform.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from anping.checks.registry import Progress as ProgressCallback
from anping.checks.registry import UnknownCheck, all_checks, get
from anping.checks.result import CheckResult, Status

EXIT_CODES = {Status.MET: 0, Status.NOT_MET: 1, Status.CANNOT_DECIDE: 3, Status.MANUAL: 3}
EXIT_BAD_USAGE = 2

app = typer.Typer(
    help="证据检查 / evidence checks: list them, run one on files or a database.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="机器可读输出 / JSON output.")]


def fail(message: str, code: int = EXIT_BAD_USAGE) -> NoReturn:
    """Print a one-line error to stderr and exit (no traceback)."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


@app.command("list")
def list_checks(as_json: JsonOption = False) -> None:
    """列出检查 / list the checks: id, assessment points served, title."""
    checks = all_checks()
    if as_json:
        rows = [{"id": c.id, "points": list(c.points), "title": dict(c.title)} for c in checks]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("id", "points / 评估要点", "标题", "title")
    table.columns[0].no_wrap = True
    for check in checks:
        table.add_row(
            check.id,
            short_points(check.points),
            check.title.get("zh", ""),
            check.title.get("en", ""),
        )
    Console().print(table)


def short_points(points: tuple[str, ...], limit: int = 4) -> str:
    """Points one a line; a long list ends with "+N" (`--json` gives them all)."""
    shown = list(points[:limit])
    if len(points) > limit:
        shown.append(f"+{len(points) - limit}")
    return "\n".join(shown)


def parse_value(text: str) -> Any:
    """A ``--param`` value: JSON if it parses (numbers, true, lists), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``key=value`` pairs to a dict; dotted keys nest (``mapping.account=uid``)."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"参数格式应为 key=value / --param must be key=value, got {pair!r}")
        *parents, leaf = key.strip().split(".")
        node = params
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                fail(f"参数冲突 / conflicting --param {key!r}")
            node = child
        # mapping values are column names: keep them text even if they look like numbers
        node[leaf] = value if parents else parse_value(value)
    return params


def build_params(
    model: type[BaseModel],
    pairs: list[str],
    inputs: list[str],
    engine: str | None,
    url: str | None,
    table: str | None,
) -> BaseModel:
    """The check's parameter model from the options; a wrong parameter exits 2, clearly."""
    params = parse_params(pairs)
    options = {"inputs": inputs or None, "engine": engine, "url": url, "table": table}
    for name, value in options.items():
        if value is None:
            continue
        if name not in model.model_fields:
            fail(f"此检查不接受 --{name} / this check takes no --{name}")
        params[name] = value
    try:
        return model.model_validate(params)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'params'}: {err['msg']}"
            for err in exc.errors()
        )
        fail(f"参数无效 / invalid parameters: {problems}")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[ProgressCallback | None]:
    """A Rich progress bar on stderr, fed by the check's `Progress` callback (terminal only)."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("检查中 / checking"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("check", total=None)

        def report(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield report


@app.command("run")
def run(
    check_id: Annotated[str, typer.Argument(help="检查 id，见 `anping check list` / check id.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value；mapping.account=uid 指定列 / a parameter."),
    ] = None,
    inputs: Annotated[
        list[str] | None,
        typer.Option("--input", "-i", help="文件或通配符 / file or glob (NDJSON, CSV, Parquet)."),
    ] = None,
    as_json: JsonOption = False,
    engine: Annotated[
        str | None, typer.Option("--engine", help="duckdb（默认）或 ibis / duckdb or ibis.")
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", help="Ibis 连接 URL / connection URL, e.g. duckdb:///x.duckdb."),
    ] = None,
    table: Annotated[str | None, typer.Option("--table", help="表名 / table name.")] = None,
) -> None:
    """运行一项检查 / run a check. Exit 0 met, 1 not met, 3 cannot decide, 2 bad usage."""
    try:
        check = get(check_id)
    except UnknownCheck:
        known = ", ".join(c.id for c in all_checks())
        fail(f"未知检查 / unknown check {check_id!r}; known: {known}")
    if engine is not None and engine not in ("duckdb", "ibis"):
        fail(f"--engine 须为 duckdb 或 ibis / --engine must be duckdb or ibis, got {engine!r}")
    if url and engine is None:
        engine = "ibis"
    params = build_params(check.params, param or [], inputs or [], engine, url, table)
    with progress_bar(not as_json) as report:
        result = check(params, progress=report)
    if as_json:
        payload = result.model_dump(mode="json") | {"status": result.status.value}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        show(result)
    raise typer.Exit(EXIT_CODES[result.status])


STATUS_STYLE = {
    Status.MET: "[green]met 符合[/green]",
    Status.NOT_MET: "[red]not met 不符合[/red]",
    Status.CANNOT_DECIDE: "[yellow]cannot decide 无法判断[/yellow]",
    Status.MANUAL: "[cyan]manual 需人工[/cyan]",
}


def show(result: CheckResult) -> None:
    """The result for a person: one line per criterion with its figures, then examples."""
    console = Console()
    console.print(
        f"[bold]{result.check_id}[/bold] — {STATUS_STYLE[result.status]}"
        f"  ({result.engine}, {result.rows_read} rows, {result.duration_s:.2f} s;"
        f" {', '.join(result.points)})"
    )
    table = Table("status", "criterion", "figures")
    for criterion in result.criteria:
        figures = ", ".join(f"{k}={v}" for k, v in criterion.figures.items())
        text = f"{criterion.title.zh} / {criterion.title.en}"
        if criterion.detail:
            text += f"\n{criterion.detail.zh}\n{criterion.detail.en}"
        for note in criterion.evidence:
            text += f"\n· {note}"
        table.add_row(STATUS_STYLE[criterion.status], text, figures)
    console.print(table)
    for example in result.examples:
        console.print(f"  example: {json.dumps(example, ensure_ascii=False)}")
    for item in result.inputs:
        console.print(f"  input {item.name}: {item.size} bytes, sha256 {item.sha256}")
