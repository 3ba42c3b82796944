"""`anping catalog …`: browse, search and check the regulation catalogs; export them as OSCAL.

Runs without Django. Exit codes: 0 done, 1 unknown id / no match / problems found, 2 malformed
input (a bad date, an unknown service kind, a file name where a directory is needed).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from anping.law import catalog as engine
from anping.law.catalog import (
    ArticleRef,
    CatalogError,
    CatalogRef,
    Catalogs,
    ItemRef,
    PointRef,
    Problem,
    UnknownRef,
)
from anping.law.catalog_schema import SERVICE_FEATURES, SERVICE_KINDS, Article, Point

app = typer.Typer(
    help="Regulation catalogs 法规目录: list, show, search, applicable points, OSCAL export, check.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
RefArgument = Annotated[
    str,
    typer.Argument(
        help="Catalog, article, item or point: sa-2018, sa-2018:5, sa-2018:art5.3, URN."
    ),
]

T = TypeVar("T")


@app.callback()
def _options(
    ctx: typer.Context,
    catalog_dir: Annotated[
        Path | None,
        typer.Option(
            "--catalog-dir",
            help="Use only the catalogs in DIR (sources in DIR/../sources), not the shipped ones.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Regulation catalogs 法规目录."""
    ctx.obj = catalog_dir


def _dirs(ctx: typer.Context) -> list[Path]:
    catalog_dir: Path | None = ctx.obj
    return [catalog_dir] if catalog_dir is not None else [engine.CATALOG_DIR]


def _load(ctx: typer.Context) -> Catalogs:
    """The catalogs to work on; a broken catalog set is reported (exit 1), not a traceback."""
    try:
        return engine.load(_dirs(ctx)) if ctx.obj is not None else engine.load_all()
    except CatalogError as error:
        _fail(str(error))


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"错误 error: {message}", err=True)
    raise typer.Exit(code)


def _lookup(call: Callable[[], T]) -> T:
    try:
        return call()
    except UnknownRef as error:
        _fail(str(error))


def _print_json(payload: object) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _console() -> Console:
    return Console(highlight=False)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-01-31") from None


def _fmt_date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


# --- list ---------------------------------------------------------------------------------------


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the catalogs: id, title, status, effective date and counts."""
    catalogs = _load(ctx)
    refs = [catalogs.catalog_ref(catalog_id) for catalog_id in catalogs.ids]
    if as_json:
        _print_json([ref.to_dict() for ref in refs])
        return
    table = Table("id", "标题 / title", "status", "effective", "art.", "items", "points")
    for ref in refs:
        counts = engine.counts(ref.catalog)
        table.add_row(
            ref.catalog_id,
            f"{ref.catalog.title.zh}\n{ref.catalog.title.en}",
            ref.status,
            _fmt_date(ref.effective),
            str(counts["articles"]),
            str(counts["items"]),
            str(counts["points"]),
        )
    _console().print(table)


# --- show ---------------------------------------------------------------------------------------


def _side_by_side(title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("", no_wrap=True)
    table.add_column("中文", ratio=1, overflow="fold")
    table.add_column("English", ratio=1, overflow="fold")
    return table


def _point_rows(table: Table, point: Point) -> None:
    table.add_row(point.id, point.title.zh, point.title.en)
    table.add_row("  问 question", point.question.zh, point.question.en)
    table.add_row("  证据 evidence", point.typical_evidence.zh, point.typical_evidence.en)
    scope = ", ".join(point.applies_to)
    extra = f"applies to: {scope}"
    if point.checks:
        extra += f"\nchecks: {', '.join(point.checks)}"
    if point.checklist:
        extra += f"\nchecklist: {point.checklist.kind} {' '.join(point.checklist.service_types)}"
    table.add_row("", "", extra)
    if point.cites:
        table.add_row("  引用 cites", "", "\n".join(point.cites))


def _article_table(ref: ArticleRef) -> Table:
    article: Article = ref.article
    table = _side_by_side(f"{ref.cite} {ref.label.zh} / {ref.label.en} ({ref.status})")
    if article.chapter:
        table.add_row("章 chapter", article.chapter.zh, article.chapter.en)
    table.add_row(
        ref.local_id, article.text_zh or "（无中文原文 no Chinese text）", article.summary_en
    )
    for item in article.items:
        label = engine.item_label(ref.catalog, article.n, item.n)
        table.add_row(f"{ref.local_id}.{item.n}", item.text_zh or label.zh, item.summary_en)
    for point in article.points:
        _point_rows(table, point)
    for liability in article.liabilities:
        table.add_row("责任 liability", liability.conduct.zh, liability.conduct.en)
        table.add_row(
            "",
            liability.basis.zh,
            f"{liability.basis.en} ({liability.law} art. {liability.law_article})",
        )
    return table


def _catalog_table(ref: CatalogRef) -> Table:
    catalog = ref.catalog
    title = (
        f"{catalog.id} {catalog.title.zh}\n{catalog.title.en}\n"
        f"{ref.status}, effective {_fmt_date(ref.effective)}, issuer {', '.join(catalog.issuer)}"
    )
    table = _side_by_side(title)
    for article in catalog.articles:
        label = engine.article_label(catalog, article.n)
        zh = article.text_zh or (article.chapter.zh if article.chapter else "")
        counts = f"{len(article.items)} items, {len(article.points)} points"
        table.add_row(label.zh, _cut(zh), f"{_cut(article.summary_en)}\n[{counts}]")
    return table


def _cut(text: str, size: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


def _leaf_table(ref: ItemRef | PointRef) -> Table:
    table = _side_by_side(f"{ref.cite} ({ref.kind}, {ref.status})")
    if isinstance(ref, PointRef):
        _point_rows(table, ref.point)
    else:
        table.add_row(ref.local_id, ref.item.text_zh or ref.label.zh, ref.item.summary_en)
    return table


def _cited_by_lines(refs: list[PointRef]) -> Iterator[str]:
    for ref in refs:
        yield f"  {ref.cite}  {ref.point.title.zh} / {ref.point.title.en}"


@app.command()
def show(
    ctx: typer.Context,
    ref: RefArgument,
    item: Annotated[
        bool, typer.Option("--item", help="An id shared by a point and an item means the item.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Show a catalog, article (`sa-2018:5` or `sa-2018:art5`), item or point, zh beside en."""
    catalogs = _load(ctx)
    found = _lookup(lambda: catalogs.get(ref, "item" if item else "point"))
    cited = catalogs.cited_by(found, within=isinstance(found, ArticleRef))
    if as_json:
        _print_json({**found.to_dict(), "cited_by": [c.urn for c in cited]})
        return
    console = _console()
    if isinstance(found, CatalogRef):
        console.print(_catalog_table(found))
        return
    console.print(_article_table(found) if isinstance(found, ArticleRef) else _leaf_table(found))
    if cited:
        console.print("被引用 cited by:")
        for line in _cited_by_lines(cited):
            console.print(line)


# --- search -------------------------------------------------------------------------------------


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words, all of which must occur: 日志 留存.")],
    limit: Annotated[int, typer.Option(help="Show at most this many hits.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search in Chinese and English; titles rank first."""
    hits = _load(ctx).search(words, limit)
    if as_json:
        _print_json([hit.to_dict() for hit in hits])
    else:
        for hit in hits:
            typer.echo(f"{hit.ref.cite}\t{hit.ref.kind}\t{hit.field}\t{hit.snippet}")
    if not hits:
        _fail(f"没有匹配 no match: {' '.join(words)}")


# --- points -------------------------------------------------------------------------------------


@app.command()
def points(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=f"Service kind (repeatable): {', '.join(SERVICE_KINDS)}."),
    ] = None,
    feature: Annotated[
        list[str] | None,
        typer.Option("--feature", help=f"Feature (repeatable): {', '.join(SERVICE_FEATURES)}."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The day to judge by, YYYY-MM-DD (today).")
    ] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Include draft regulations.")] = False,
    as_json: JsonOption = False,
) -> None:
    """The assessment points a service of these kinds and features must answer."""
    catalogs = _load(ctx)
    try:
        found = catalogs.points_for(kind or [], feature or [], _date(date), drafts)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    if as_json:
        _print_json([ref.to_dict() for ref in found])
        return
    table = Table("point", "标题", "title", "status")
    for ref in found:
        table.add_row(ref.cite, ref.point.title.zh, ref.point.title.en, ref.status)
    _console().print(table)
    typer.echo(f"{len(found)} points")


# --- export -------------------------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("--out", help="A directory (one file per regulation) or FILE.json (one)."),
    ],
    format_: Annotated[str, typer.Option("--format", help="Export format: oscal.")] = "oscal",
    catalog_id: Annotated[
        str | None, typer.Option("--catalog", help="Export only this catalog.")
    ] = None,
    last_modified: Annotated[
        str | None,
        typer.Option("--last-modified", help="ISO timestamp with zone (default: data edition)."),
    ] = None,
) -> None:
    """Write OSCAL 1.2 catalogs: `--out DIR` one file per regulation, `--out F.json` one."""
    from anping.law import oscal

    if format_ != "oscal":
        raise typer.BadParameter(f"unknown format {format_!r}; only 'oscal'")
    catalogs = _load(ctx)
    only = [catalog_id] if catalog_id is not None else None
    if catalog_id is not None and catalog_id not in catalogs:
        _fail(str(UnknownRef(f"unknown catalog {catalog_id!r}; known: {', '.join(catalogs.ids)}")))
    single = out.suffix == ".json"
    if single and only is None and len(catalogs) != 1:
        raise typer.BadParameter("a .json file holds one catalog: add --catalog ID, or give a DIR")
    when = _timestamp(last_modified)
    try:
        written = oscal.export(catalogs, out, not single, only=only, last_modified=when)
    except ValueError as error:
        _fail(str(error))
    for path in written:
        typer.echo(str(path))


def _timestamp(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO timestamp") from None
    if parsed.tzinfo is None:
        raise typer.BadParameter("--last-modified needs a time zone, e.g. +08:00")
    return parsed


# --- check --------------------------------------------------------------------------------------


def _oscal_problems(catalogs: Catalogs) -> list[Problem]:
    from anping.law import oscal
    from anping.law.oscal_checks import semantic_problems

    problems: list[Problem] = []
    for catalog in catalogs:
        try:
            document = oscal.to_oscal(catalog, catalogs)
        except ValueError as error:
            problems.append(Problem(catalog.id, "oscal", str(error), "oscal"))
            continue
        problems += semantic_problems(document, oscal.file_name(catalog.id))
    return problems


@app.command()
def check(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Validate: schema, cross-references, verbatim Chinese, both languages, OSCAL export."""
    problems = engine.check_dirs(_dirs(ctx))
    if not problems:
        problems = _oscal_problems(_load(ctx))
    if as_json:
        _print_json([_problem_dict(problem) for problem in problems])
    else:
        for problem in problems:
            typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    if as_json:
        return
    catalogs = _load(ctx)
    typer.echo(f"ok: {len(catalogs)} catalogs, {len(catalogs.points())} points, no problems")


def _problem_dict(problem: Problem) -> dict[str, str]:
    return {
        "file": problem.file,
        "where": problem.where,
        "message": problem.message,
        "code": problem.code,
    }
