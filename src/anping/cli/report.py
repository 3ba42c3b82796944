"""`anping report ASSESSMENT_ID --format … --lang … --out DIR`: write an assessment's report.

Renders the latest frozen report (its stored file when there is one — the final, signed file
once signed), or freezes one first when the assessment is *ready* and has none. An incomplete
assessment exits 1 with its completeness problems (sa-2018 Art. 8 ¶2). Operator tool on the
server: no tenant scoping; freezing is recorded in the audit trail as the system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from anping.cli.django_setup import setup

app = typer.Typer()

FORMATS = ("docx", "pdf", "html", "json")
LANGS = ("zh", "en")


@app.command("report")
def report(
    assessment_id: int,
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx | pdf | html | json")] = "pdf",
    lang: Annotated[str, typer.Option("--lang", "-l", help="zh | en")] = "zh",
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write to.")] = Path("."),
) -> None:
    """Write the report of an assessment (exit 1 when incomplete or unknown)."""
    if fmt not in FORMATS:
        typer.echo(f"未知格式 / unknown format {fmt!r}: {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    if lang not in LANGS:
        typer.echo(f"未知语言 / unknown language {lang!r}: {', '.join(LANGS)}", err=True)
        raise typer.Exit(2)
    setup()
    from anping.assessments import flows, reportfiles
    from anping.assessments.completeness import problems
    from anping.assessments.models import Assessment, AssessmentStatus
    from anping.assessments.snapshot import stored
    from anping.core.errors import DomainError
    from anping.reports import render, sha256

    assessment = Assessment.objects.select_related("service").filter(pk=assessment_id).first()
    if assessment is None:
        typer.echo(f"未找到安全评估 / no assessment with id {assessment_id}", err=True)
        raise typer.Exit(1)
    latest = assessment.reports.order_by("-number").first()
    if latest is None or (
        assessment.status == AssessmentStatus.READY and flows.current_report(assessment) is None
    ):
        found = problems(assessment)
        if assessment.status != AssessmentStatus.READY or found:
            typer.echo(
                f"不完整，不能生成报告 / incomplete, no report: {assessment.title} "
                f"(status {assessment.status}, {len(found)} problem(s))",
                err=True,
            )
            for p in found:
                typer.echo(f"  [{p.code}] {p.zh} / {p.en}", err=True)
            raise typer.Exit(1)
        try:
            latest = flows.freeze_report(assessment, actor=None)
        except DomainError as exc:
            typer.echo(exc.message, err=True)
            raise typer.Exit(1) from None
    kept = latest.files.filter(fmt=fmt, lang=lang).order_by("-final").first()
    if kept is not None:
        name, content = kept.name, reportfiles.read(kept.stored_name)
    else:
        rendered = render(stored(latest), fmt, lang)  # type: ignore[arg-type]
        name, content = rendered.name, rendered.content
    out.mkdir(parents=True, exist_ok=True)
    target = out / name
    target.write_bytes(content)
    state = "signed" if latest.signed else "frozen"
    typer.echo(f"{target}  sha256={sha256(content)}  report #{latest.number} ({state})")
    typer.echo(f"content hash {latest.content_hash}")
