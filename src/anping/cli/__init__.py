"""The `anping` command line.

Each command group lives in its own module and exposes `app`. Modules import nothing heavy at top
level: the law-engine groups (`anping workdays …`, `anping divisions …`) must run without starting
Django, so Django is imported inside the commands that need it.
"""

from __future__ import annotations

import importlib

import typer

# (module under anping.cli, group name or None to merge its commands at top level)
COMMAND_MODULES: list[tuple[str, str | None]] = [
    ("platform", None),
    ("audit", "audit"),
    ("divisions", "divisions"),
    ("ids", "id"),
    ("workdays", "workdays"),
    ("calendar", "calendar"),
    ("due", None),
    ("check", "check"),
    ("catalog", "catalog"),
    ("assessment", "assessment"),
    ("report", None),
    ("worker", None),
]

app = typer.Typer(
    name="anping",
    help="anping 安评 — security assessment of internet information services.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    for module_name, group in COMMAND_MODULES:
        module = importlib.import_module(f"anping.cli.{module_name}")
        if group is None:
            app.registered_commands.extend(module.app.registered_commands)
        else:
            app.add_typer(module.app, name=group)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
