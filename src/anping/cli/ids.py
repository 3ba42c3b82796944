"""`anping id check …`: validate an ID number, credit code or mobile number.

Runs without Django. Exit code 0 when the value is valid, 1 when it is not. The platform is
private by design: the value is never echoed in full unless `--show` is given — the normalised
form is printed masked, and an invalid value is not printed at all.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer

from anping.law import identifiers
from anping.law.identifiers import Kind

app = typer.Typer(
    help="Validate resident ID numbers, unified social credit codes and mobile numbers.",
    no_args_is_help=True,
)


@app.command()
def check(
    value: Annotated[str, typer.Argument(help="The value to check.")],
    kind: Annotated[
        Kind | None, typer.Option(help="What VALUE is; guessed from its shape when omitted.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    show: Annotated[bool, typer.Option("--show", help="Print the value unmasked.")] = False,
) -> None:
    """Check VALUE; print the reason in Chinese, then English."""
    result = identifiers.check(value, kind)
    shown = result.normalised
    if shown is not None and not show:
        shown = identifiers.mask(shown, result.kind)
    if as_json:
        payload = {
            "kind": result.kind,
            "valid": result.valid,
            "reason": dataclasses.asdict(result.reason),
            "normalised": shown,
            "masked": shown is not None and not show,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(" ".join(part for part in (result.kind or "unknown", shown) if part))
        typer.echo(result.reason.zh)
        typer.echo(result.reason.en)
    if not result.valid:
        raise typer.Exit(1)
