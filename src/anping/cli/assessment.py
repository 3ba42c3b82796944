"""`anping assessment list` and `anping assessment check ID`: assessments from the command line.

`check` runs the completeness check an authority's written review would apply (sa-2018 Art. 8
¶2): exit 0 when complete, 1 when there are problems or the assessment does not exist.
The CLI is an operator's tool on the server: it sees every assessment (no tenant scoping).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from anping.cli.django_setup import setup

app = typer.Typer(help="安全评估 / security assessments", no_args_is_help=True)


@app.command("list")
def list_assessments(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Every assessment: id, service, status."""
    setup()
    from anping.assessments.models import Assessment

    rows = [
        {"id": a.pk, "service": a.service.name, "status": a.status, "title": a.title}
        for a in Assessment.objects.select_related("service").order_by("pk")
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("暂无安全评估 / no assessments")
        return
    for row in rows:
        typer.echo(f"{row['id']:>5}  {row['status']:<12} {row['service']}  {row['title']}")


@app.command()
def check(assessment_id: int) -> None:
    """Completeness of one assessment (Art. 8 ¶2): exit 0 complete, 1 incomplete or unknown."""
    setup()
    from anping.assessments.completeness import problems
    from anping.assessments.models import Assessment

    assessment = Assessment.objects.select_related("service").filter(pk=assessment_id).first()
    if assessment is None:
        typer.echo(f"未找到安全评估 / no assessment with id {assessment_id}", err=True)
        raise typer.Exit(1)
    found = problems(assessment)
    if not found:
        typer.echo(f"完整 / complete: {assessment.title}")
        return
    typer.echo(f"不完整 / incomplete: {assessment.title} — {len(found)} problem(s)")
    for p in found:
        typer.echo(f"  [{p.code}] {p.zh} / {p.en}")
    raise typer.Exit(1)
