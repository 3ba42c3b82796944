"""The two registered name checks: protected names (pa-2020d Art. 8 ¶2) and re-registration of
closed accounts (pa-2020d Art. 8 ¶3, Art. 19; pa-2017 Art. 13 ¶2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import duckdb

from anping.checks.name_normalise import normalise
from anping.checks.names.index import STRENGTH, ReferenceIndex
from anping.checks.names.inputs import packaged_keywords, read_lines, read_references, read_register
from anping.checks.names.params import CLOSED, PROTECTED, ClosedParams, NameParams, ProtectedParams
from anping.checks.names.report import BEFORE_CLOSURE, masked_example, names_result
from anping.checks.names.screening import screen
from anping.checks.registry import Progress
from anping.checks.result import CheckResult
from anping.checks.table_results import run_guarded


def _index(p: NameParams, names: Iterable[str], keywords: Iterable[str] = ()) -> ReferenceIndex:
    return ReferenceIndex(
        names,
        threshold=p.threshold,
        pinyin=p.pinyin,
        pinyin_min_chars=p.pinyin_min_chars,
        contain_min_len=p.contain_min_len,
        keywords=keywords,
    )


# -- names.protected_names ----------------------------------------------------------------


@PROTECTED.register(ProtectedParams)
def protected_names(p: ProtectedParams, progress: Progress | None = None) -> CheckResult:
    """In-service accounts whose names match or contain a protected name or keyword.

    pa-2020d Art. 8 ¶2: names that use or claim association with party and government bodies,
    enterprises, institutions or well-known people without matching the holder's identity must
    be suspended and corrected (pa-2017 Art. 7 ¶1: review of account information). Exact,
    contains, pinyin and fuzzy matches by accounts not listed in `authorised` fail the check;
    keyword-only hits need a person to compare the name with the holder ("manual").
    """
    return run_guarded(PROTECTED, p, lambda started: _protected(p, started, progress))


def _protected(p: ProtectedParams, started: float, progress: Progress | None) -> CheckResult:
    con = duckdb.connect()
    register_ = read_register(con, p)
    refs, ref_table = read_references(con, p.protected, p)
    keywords = (packaged_keywords() if p.packaged_keywords else []) + (
        read_lines(p.keywords) if p.keywords else []
    )
    authorised = set(read_lines(p.authorised)) if p.authorised else set()
    index = _index(p, (r[0] for r in refs), keywords)
    found = screen(register_.names, [index], workers=p.workers, progress=progress)
    flagged: dict[str, str] = {}
    examples: list[tuple[int, str, dict[str, Any]]] = []
    for pos, (f, (matches,)) in sorted(found.items()):
        account = register_.ids[pos]
        if account in authorised or not matches:
            continue
        flagged[account] = matches[0].reason
        examples.append(
            (STRENGTH[matches[0].reason], account, masked_example(account, f, matches[0]))
        )
    return names_result(
        PROTECTED,
        p,
        started,
        register_,
        flagged,
        examples,
        strong=("exact", "contains", "pinyin", "fuzzy"),
        tables=[register_.table] + ([ref_table] if ref_table else []),
        extra={"protected_names": len(index), "keywords": len(index.keywords)},
        inputs_extra=[p.protected, *(x for x in (p.keywords, p.authorised) if x)],
    )


# -- names.closed_accounts ----------------------------------------------------------------


@CLOSED.register(ClosedParams)
def closed_accounts(p: ClosedParams, progress: Progress | None = None) -> CheckResult:
    """In-service accounts carrying the name of a closed or blacklisted account.

    pa-2020d Art. 8 ¶3: an account closed under law or agreement may not be re-registered under
    the same name, and closely related names need identity and qualification checks; pa-2017
    Art. 13 ¶2 and pa-2020d Art. 19: blacklisted accounts are barred from registering again.
    The same name after normalisation fails the check ("exact"), unless the account was
    registered before the closure (then it is not a re-registration and goes to review);
    contains, pinyin and fuzzy matches are the "closely related names" that need the platform's
    identity check, so they are listed for review ("manual").
    """
    return run_guarded(CLOSED, p, lambda started: _closed(p, started, progress))


def _closed(p: ClosedParams, started: float, progress: Progress | None) -> CheckResult:
    con = duckdb.connect()
    register_ = read_register(con, p)
    refs, ref_table = read_references(con, p.closed, p)
    closed_ids = {r[1] for r in refs if r[1]}
    closed_on: dict[str, dt.date] = {}
    for name, _, day in refs:
        key = normalise(name)
        if day is not None and (key not in closed_on or day > closed_on[key]):
            closed_on[key] = day
    index = _index(p, (r[0] for r in refs))
    found = screen(register_.names, [index], workers=p.workers, progress=progress)
    flagged: dict[str, str] = {}
    examples: list[tuple[int, str, dict[str, Any]]] = []
    for pos, (f, (matches,)) in sorted(found.items()):
        account = register_.ids[pos]
        if account in closed_ids or not matches:
            continue  # the closed account itself, still listed in the export
        best = matches[0]
        reason = best.reason
        registered, closed = register_.registered[pos], closed_on.get(best.reference_norm)
        category: str = reason
        if reason == "exact" and registered and closed and registered < closed:
            category = BEFORE_CLOSURE  # the same name, but registered before the closure
        flagged[account] = category
        example = masked_example(account, f, best) | {"why": category}
        examples.append((STRENGTH[reason] + (category != reason), account, example))
    return names_result(
        CLOSED,
        p,
        started,
        register_,
        flagged,
        examples,
        strong=("exact",),
        tables=[register_.table] + ([ref_table] if ref_table else []),
        extra={"closed_names": len(index)},
        inputs_extra=[p.closed],
    )
