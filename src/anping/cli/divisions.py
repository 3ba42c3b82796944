"""`anping divisions …`: look up division codes and the filing jurisdiction (sa-2018 Art. 7).

Runs without Django. Exit codes: 0 found, 1 unknown code (or no search match), 2 malformed code —
so scripts can tell a typo in the input from a code the table does not (or no longer) hold.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from anping.law import divisions
from anping.law.divisions import Division

app = typer.Typer(
    help="GB/T 2260 division codes and where a filing goes (sa-2018 Art. 7).",
    no_args_is_help=True,
)

CodeArgument = Annotated[str, typer.Argument(help="Six-digit GB/T 2260 code, e.g. 440305.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]

T = TypeVar("T")


def _resolve(lookup: Callable[[str], T], code: str) -> T:
    """Run a lookup; report a malformed code with exit 2 and an unknown one with exit 1."""
    try:
        return lookup(code)
    except divisions.MalformedCodeError as error:
        typer.echo(f"错误 error: {error}", err=True)
        raise typer.Exit(2) from None
    except divisions.UnknownDivision as error:
        typer.echo(f"错误 error: {error}", err=True)
        raise typer.Exit(1) from None


def _as_dict(division: Division) -> dict[str, Any]:
    return dataclasses.asdict(division)


def _path_text(code: str) -> str:
    return " ".join(division.name for division in divisions.path(code))


def _level_text(division: Division) -> str:
    if division.municipality:
        return f"{division.level} (municipality 直辖市)"
    if division.province_administered:
        return f"{division.level} (province-administered 省直辖)"
    return division.level


def _print_json(payload: object) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@app.command()
def route(code: CodeArgument, as_json: JsonOption = False) -> None:
    """Print the city-level unit that receives a filing from CODE."""
    unit = _resolve(divisions.filing_unit, code)
    division = divisions.get(code)
    if as_json:
        _print_json(
            {
                "code": division.code,
                "filing_unit": _as_dict(unit),
                "path": [_as_dict(item) for item in divisions.path(division.code)],
                "table_version": divisions.TABLE_VERSION,
            }
        )
        return
    typer.echo(f"{unit.code} {unit.name}")
    typer.echo(f"path: {_path_text(division.code)}")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Part of a Chinese name, e.g. 南山.")],
    as_json: JsonOption = False,
) -> None:
    """List the divisions whose name contains TEXT, with their paths."""
    found = divisions.search(text)
    if as_json:
        _print_json([{**_as_dict(item), "path": _path_text(item.code)} for item in found])
    else:
        for item in found:
            typer.echo(f"{item.code} {item.name}\t{_path_text(item.code)}")
    if not found:
        typer.echo(f"没有匹配 no match: {text!r} (table {divisions.TABLE_VERSION})", err=True)
        raise typer.Exit(1)


@app.command()
def show(code: CodeArgument, as_json: JsonOption = False) -> None:
    """Show a division: level, path, filing unit (Art. 7) and superiors (Art. 10)."""
    division = _resolve(divisions.get, code)
    unit = divisions.filing_unit(division.code)
    above = divisions.superiors(division.code)
    if as_json:
        _print_json(
            {
                **_as_dict(division),
                "path": [_as_dict(item) for item in divisions.path(division.code)],
                "filing_unit": _as_dict(unit),
                "superiors": [_as_dict(item) for item in above],
                "table_version": divisions.TABLE_VERSION,
            }
        )
        return
    typer.echo(f"{division.code} {division.name}")
    typer.echo(f"level: {_level_text(division)}")
    typer.echo(f"path: {_path_text(division.code)}")
    typer.echo(f"filing unit (sa-2018 Art. 7): {unit.code} {unit.name}")
    typer.echo("superiors (sa-2018 Art. 10): " + ", ".join(f"{d.code} {d.name}" for d in above))
    typer.echo(f"table: {divisions.TABLE_VERSION}")
