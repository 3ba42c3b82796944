"""Platform commands: serve, migrate, demo, createadmin."""

from __future__ import annotations

import getpass
import os

import typer

from anping.cli.django_setup import call, setup

app = typer.Typer()


@app.command()
def migrate() -> None:
    """Create or upgrade the database tables (创建或升级数据库表)."""
    setup()
    call("migrate", "--no-input", "--verbosity", "1")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    threads: int = typer.Option(8, min=1, max=64, help="Worker threads."),
) -> None:
    """Serve the web UI and the API with waitress (启动网页与 API 服务)."""
    setup()
    from waitress import serve as waitress_serve

    from anping.core.jobs import start_inprocess_worker
    from anping.wsgi import application

    if start_inprocess_worker() is not None:
        typer.echo("background jobs run in this process; with PostgreSQL run `anping worker`")
    typer.echo(f"anping serving on http://{host}:{port}/  (Ctrl+C to stop)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="anping")


@app.command()
def demo() -> None:
    """Load the demo organisations and users; safe to run again (加载演示数据)."""
    setup()
    from anping.demo import load_demo

    for line in load_demo():
        typer.echo(line)


@app.command()
def createadmin(
    username: str = typer.Option(..., prompt=True, help="Login name."),
    email: str = typer.Option("", help="E-mail address."),
) -> None:
    """Create a platform superuser (创建平台超级管理员).

    The password comes from ANPING_ADMIN_PASSWORD when set (for scripts), else a prompt.
    """
    setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    password = os.environ.get("ANPING_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    User = get_user_model()  # noqa: N806 - Django's idiom
    if User.objects.filter(username=username).exists():
        typer.echo(f"用户已存在 / user exists: {username}", err=True)
        raise typer.Exit(1)
    try:
        validate_password(password)
    except ValidationError as exc:
        typer.echo("密码不合格 / weak password: " + " ".join(exc.messages), err=True)
        raise typer.Exit(1) from None
    User.objects.create_superuser(username=username, email=email, password=password)
    typer.echo(f"已创建 / created: {username}")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `anping manage makemigrations` (for developers)."""
    setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["anping manage", *ctx.args])


@app.command()
def compilemessages() -> None:
    """Compile the translation catalogs (.po → .mo); no GNU gettext needed."""
    from anping.i18n import compile_all, problems

    for path in compile_all():
        typer.echo(f"compiled {path}")
    for line in problems():
        typer.echo(f"untranslated or fuzzy: {line}", err=True)
