"""Start Django for the commands that need it; a bad setting is one clear line and exit 2."""

from __future__ import annotations

import os

import typer

from anping.config import ConfigError


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anping.settings")
    try:
        import django

        django.setup()
    except ConfigError as exc:
        typer.echo(f"配置错误 / configuration error: {exc}", err=True)
        raise typer.Exit(2) from None


def call(command: str, *args: str) -> None:
    """Run a Django management command (after `setup`)."""
    from django.core.management import call_command

    call_command(command, *args)
