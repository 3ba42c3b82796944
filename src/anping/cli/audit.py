"""`anping audit verify` and `anping audit purge`: the hash-chained audit trail."""

from __future__ import annotations

import typer

from anping.cli.django_setup import setup

app = typer.Typer(help="审计日志 / audit trail", no_args_is_help=True)


@app.command()
def verify() -> None:
    """Check that no audit event was edited, deleted, inserted or reordered (exit 1 if so)."""
    setup()
    from anping.core.audit import verify as verify_chain

    result = verify_chain()
    if result.ok:
        typer.echo(f"审计链完整 / audit chain intact: {result.checked} events")
        return
    typer.echo(
        f"审计链损坏 / audit chain BROKEN at event {result.bad_seq}: {result.reason}", err=True
    )
    raise typer.Exit(1)


@app.command()
def purge(
    days: int = typer.Option(
        None, min=1, help="Keep this many days (default: ANPING_AUDIT_RETENTION_DAYS, 183)."
    ),
) -> None:
    """Delete events past the retention period; the rest stays verifiable."""
    setup()
    from django.conf import settings

    from anping.core.audit import purge as purge_chain
    from anping.core.audit import retention_cutoff

    removed = purge_chain(retention_cutoff(days or settings.AUDIT_RETENTION_DAYS))
    typer.echo(f"已清理 / purged: {removed} events")
