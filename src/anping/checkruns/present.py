"""How jobs and check results are shown: status labels, progress, criteria in both languages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from anping.core.models import Job
from anping.web.language import is_english

OUTCOME_LABELS = {
    "met": _("符合"),
    "not_met": _("不符合"),
    "cannot_decide": _("无法判断"),
    "manual": _("需人工判断"),
}


def outcome_label(outcome: str) -> Any:
    """A stored outcome for people; anything unknown or missing is "could not decide"."""
    return OUTCOME_LABELS.get(outcome or "", OUTCOME_LABELS["cannot_decide"])


def _text(value: Any) -> tuple[str, str]:
    """(shown, other language) of a `Bilingual` dump."""
    if not isinstance(value, dict):
        return (str(value or ""), "")
    zh, en = value.get("zh", ""), value.get("en", "")
    return (en, zh) if is_english() else (zh, en)


def result_view(summary: dict[str, Any]) -> dict[str, Any]:
    """The template's view of a `CheckResult` dump (criteria, examples, engine, inputs)."""
    criteria = []
    for c in summary.get("criteria", []):
        title, title_other = _text(c.get("title"))
        detail, detail_other = _text(c.get("detail")) if c.get("detail") else ("", "")
        criteria.append(
            {
                "id": c.get("id", ""),
                "status": c.get("status") or "cannot_decide",
                "status_label": outcome_label(c.get("status", "")),
                "title": title,
                "title_other": title_other,
                "detail": detail,
                "detail_other": detail_other,
                "figures": sorted((c.get("figures") or {}).items()),
                "evidence": list(c.get("evidence") or [])[:5],
                "cites": list(c.get("cites") or []),
            }
        )
    statuses = [c["status"] for c in criteria]
    severity = {"met": 0, "manual": 1, "cannot_decide": 2, "not_met": 3}
    outcome = max(statuses, key=lambda s: severity.get(s, 2)) if statuses else "cannot_decide"
    return {
        "check_id": summary.get("check_id", ""),
        "outcome": outcome,
        "outcome_label": outcome_label(outcome),
        "criteria": criteria,
        "examples": [sorted(e.items()) for e in (summary.get("examples") or [])[:5]],
        "engine": summary.get("engine", ""),
        "rows_read": summary.get("rows_read", 0),
        "duration_s": summary.get("duration_s", 0.0),
        "inputs": summary.get("inputs") or [],
        "points": summary.get("points") or [],
    }


def job_view(job: Job) -> dict[str, Any]:
    return {
        "job": job,
        "finished": job.finished,
        "percent": job.percent,
        "status_label": job.get_status_display(),
    }
