"""`anping calendar …`: the holiday notices the working-day arithmetic uses.

`load-notice` lets a newly published year (or a correction) be used without a new release: the
file is validated and copied to `$ANPING_DATA_DIR/notices/<year>.yaml`, where it overrides the
packaged notice for the same year. Exit 2 for an invalid file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from anping.cli.workdays import EXIT_BAD_INPUT, calendar_or_exit, fail
from anping.law.workdays import NoticeFileError, load_notice

app = typer.Typer(
    help="节假日安排通知 / the State Council holiday notices in use.",
    no_args_is_help=True,
)


@app.command("load-notice")
def load_notice_command(
    file: Annotated[Path, typer.Argument(help="通知 YAML 文件 / a notice YAML file.")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="替换已载入的同年通知 / replace a loaded notice."),
    ] = False,
) -> None:
    """校验并载入通知文件 / validate a notice file and copy it into the data directory."""
    try:
        target = load_notice(file, replace=replace)
    except NoticeFileError as exc:
        fail(f"通知文件无效 / invalid notice file: {exc}", EXIT_BAD_INPUT)
    except FileExistsError as exc:
        fail(
            f"该年通知已载入，如需替换请加 --replace / a notice for that year is already"
            f" loaded ({exc}); use --replace",
            EXIT_BAD_INPUT,
        )
    notice = calendar_or_exit().notices[int(target.stem)].notice
    typer.echo(
        f"已载入{notice.year}年通知 {notice.notices[0].number} → {target} /"
        f" loaded the {notice.year} notice"
    )


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """已载入的年份、文号及来源 / years loaded, with notice numbers and where from."""
    loaded = calendar_or_exit().notices
    if as_json:
        rows = [
            {
                "year": year,
                "notices": [{"title": r.title, "number": r.number} for r in item.notice.notices],
                "origin": item.origin,
            }
            for year, item in loaded.items()
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="节假日安排通知 / holiday notices")
    for header in ("年份 Year", "文号 Number", "来源 From"):
        table.add_column(header)
    for year, item in loaded.items():
        numbers = "\n".join(r.number for r in item.notice.notices)
        table.add_row(str(year), numbers, item.origin)
    Console().print(table)
