"""From the flagged accounts to the one criterion and its masked examples: not_met when a strong
match exists, manual when only weaker ones do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from anping.checks.name_normalise import NameForms
from anping.checks.names.index import REASONS, Match, Reason
from anping.checks.names.inputs import RegisterRows
from anping.checks.names.params import NameParams
from anping.checks.result import MAX_EXAMPLES, CheckResult, Status, fingerprint, mask
from anping.checks.table_results import Spec, finish, share
from anping.checks.tables import Table

#: The same name as a closed account, on an account registered before that closure.
BEFORE_CLOSURE = "exact_before_closure"


def _counts(flagged: dict[str, str]) -> dict[str, int]:
    kinds = [*REASONS, *sorted(set(flagged.values()) - set(REASONS))]
    return {kind: sum(1 for r in flagged.values() if r == kind) for kind in kinds}


def masked_example(account_id: str, f: NameForms, m: Match) -> dict[str, Any]:
    return {
        "account_id": mask(account_id),
        "name": f.raw,
        "normalised": f.norm,
        "matches": m.reference,
        "matches_normalised": m.reference_norm,
        "why": m.reason,
        "score": round(m.score, 1),
    }


def names_result(
    spec: Spec,
    p: NameParams,
    started: float,
    register_: RegisterRows,
    flagged: dict[str, str],
    examples: list[tuple[int, str, dict[str, Any]]],
    *,
    strong: tuple[Reason, ...],
    tables: list[Table],
    extra: dict[str, Any],
    inputs_extra: Sequence[Path] = (),
) -> CheckResult:
    """One criterion: not_met when a `strong` match exists, manual when only weaker ones do."""
    counts = _counts(flagged)
    failing = sum(counts[r] for r in strong)
    review = len(flagged) - failing
    if failing:
        status = Status.NOT_MET
    elif review:
        status = Status.MANUAL
    else:
        status = Status.MET
    screened = len(register_.ids)
    if not screened:
        status = Status.CANNOT_DECIDE
    invalid = register_.table.invalid
    criterion = spec.criterion(
        status,
        {
            "accounts_screened": screened,
            "accounts_flagged": len(flagged),
            "flagged_share": share(len(flagged), screened),
            "failing": failing,
            "for_review": review,
            "by_reason": counts,
            "threshold": p.threshold,
            "rows_invalid": invalid,
            **extra,
        },
        zh=f"筛查在用账号{screened}个：{failing}个名称与名单相同、包含、同音或高度近似"
        f"（{' / '.join(strong)}），{review}个需人工核对",
        en=f"{screened} in-service account names screened: {failing} equal, contain, sound like "
        f"or closely resemble a listed name ({' / '.join(strong)}); {review} need review",
        invalid=invalid,
    )
    best = [e for _, _, e in sorted(examples, key=lambda x: (x[0], x[1]))][:MAX_EXAMPLES]
    result = finish(spec, p, [criterion], started=started, tables=tables, examples=best)
    more = tuple(fingerprint(x) for x in inputs_extra if x.suffix.lower() == ".txt")
    return result.model_copy(update={"inputs": result.inputs + more})
