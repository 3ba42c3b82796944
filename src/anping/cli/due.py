"""`anping due PROFILE.yaml`: which security assessments a service needs, and by when.

A single command, merged at the top level of `anping` (COMMAND_MODULES entry `("due", None)`).
It reads a service profile (see `anping/law/examples/forum-profile.yaml`), applies sa-2018 Art. 2,
3 and 7 through `anping.law.triggers.assess`, and prints what is required, overdue first.
Exit 0 when the table is printed, whatever it says; exit 2 for a malformed profile or date.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from anping.cli.workdays import EXIT_BAD_INPUT, calendar_or_exit, fail, parse_date
from anping.law.triggers import (
    Applicability,
    GrowthRule,
    ProfileError,
    RequiredAssessment,
    applicability,
    assess,
    growth_rule_from_env,
    load_profile,
)

app = typer.Typer(help="安全评估期限 / security assessments due.")

_JSON: dict[str, Any] = {"ensure_ascii": False, "indent": 2}
_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def _status(item: RequiredAssessment) -> tuple[str, str]:
    """(zh, en) status of one required assessment."""
    if item.regime != "sa-2018":
        return "另行评估", "other regime"
    if item.submitted is not None:
        return "已提交", "submitted"
    if item.overdue:
        return "逾期", "OVERDUE"
    return "待办", "pending"


def _due_text(item: RequiredAssessment) -> str:
    if item.due_kind == "before_launch":
        return f"{item.due_before} 之前 / before {item.due_before}"
    if item.due_kind == "other_regime":
        return "见第十六条 / see Art. 16"
    text = f"{item.due}（30个工作日 / 30 working days）"
    return text + " 临时 PROVISIONAL" if item.provisional else text


def _item_json(item: RequiredAssessment) -> dict[str, Any]:
    zh, en = _status(item)
    return {
        "situation": item.situation,
        "event": item.event,
        "event_date": item.event_date.isoformat(),
        "regime": item.regime,
        "due_kind": item.due_kind,
        "due": item.deadline_date.isoformat() if item.deadline_date else None,
        "overdue": item.overdue,
        "submitted": item.submitted.isoformat() if item.submitted else None,
        "provisional": item.provisional,
        "status": {"zh": zh, "en": en},
        "articles": list(item.articles),
        "reason": {"zh": item.reason.zh, "en": item.reason.en},
        "basis": [{"title": r.title, "number": r.number} for r in item.basis],
    }


def _print_table(name: str, today: dt.date, items: list[RequiredAssessment]) -> None:
    table = Table(title=f"{name}：安全评估 / security assessments as of {today}")
    for header in ("状态 Status", "情形 Situation", "事件 Event", "期限 Due"):
        table.add_column(header)
    table.add_column("理由 Reason", overflow="fold")
    table.add_column("条款 Articles")
    for item in items:
        zh, en = _status(item)
        style = "bold red" if item.overdue else None
        table.add_row(
            f"{zh} {en}",
            f"第三条第{_NUMERALS[item.situation]}项 Art. 3({item.situation})",
            f"{item.event} {item.event_date}",
            _due_text(item),
            f"{item.reason.zh}\n{item.reason.en}",
            "\n".join(item.articles),
            style=style,
        )
    Console(width=160).print(table)


def _print_not_applicable(verdict: Applicability) -> None:
    typer.echo(f"{verdict.reason.zh} / {verdict.reason.en}")


@app.command("due")
def due(
    profile: Annotated[Path, typer.Argument(help="服务档案 YAML / service profile YAML.")],
    today: Annotated[
        str | None, typer.Option("--today", help="计算日 / as of this date (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """需开展的安全评估及期限 / the security assessments a service needs, overdue first."""
    as_of = parse_date(today) if today is not None else dt.date.today()
    try:
        service = load_profile(profile)
    except ProfileError as exc:
        fail(f"档案无效 / invalid profile: {exc}", EXIT_BAD_INPUT)
    try:
        rule = growth_rule_from_env()
    except ValueError as exc:
        fail(f"用户增长规则无效 / invalid growth rule: {exc}", EXIT_BAD_INPUT)
    verdict = applicability(service)
    items = assess(service, as_of, growth_rule=rule, calendar=calendar_or_exit())
    if as_json:
        typer.echo(json.dumps(_payload(service.name, as_of, verdict, rule, items), **_JSON))
        return
    if not verdict.applies:
        _print_not_applicable(verdict)
        return
    _print_table(service.name, as_of, items)


def _payload(
    name: str,
    today: dt.date,
    verdict: Applicability,
    rule: GrowthRule,
    items: list[RequiredAssessment],
) -> dict[str, Any]:
    return {
        "service": name,
        "today": today.isoformat(),
        "applies": verdict.applies,
        "applicability": {"zh": verdict.reason.zh, "en": verdict.reason.en},
        "articles": list(verdict.articles),
        "growth_rule": rule.model_dump(),
        "required": [_item_json(i) for i in items],
    }
