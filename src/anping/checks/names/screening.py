"""Screening a whole register against reference indexes, in bulk and optionally in forked
worker processes that share the indexes instead of receiving copies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from anping.checks.name_normalise import NameForms, forms
from anping.checks.names.blocking import qgrams
from anping.checks.names.index import Match, ReferenceIndex
from anping.checks.registry import Progress

# Set before the worker processes fork, so the indexes and names are shared, never pickled.
_SHARED: tuple[Sequence[str], Sequence[ReferenceIndex]] = ((), ())


def _match_range(bounds: tuple[int, int]) -> list[tuple[int, NameForms, list[list[Match]]]]:
    """Screen names[start:end] against every index: fuzzy scores in bulk, the rest per name."""
    names, indexes = _SHARED
    start, end = bounds
    unique: dict[str, NameForms] = {}
    for name in names[start:end]:
        if name not in unique:
            unique[name] = forms(name)
    keys = list(unique.values())
    norms = [f.norm for f in keys]
    qs = {index.blocker.q for index in indexes}
    grams = [qgrams(n, next(iter(qs))) for n in norms] if len(qs) == 1 else None
    bulk = [index.blocker.batch_scores(norms, grams) for index in indexes]
    per_name: dict[str, list[list[Match]]] = {}
    for qi, f in enumerate(keys):
        found = [index.match(f, b.get(qi, {})) for index, b in zip(indexes, bulk, strict=True)]
        if any(found):
            per_name[f.raw] = found
    return [
        (pos, unique[names[pos]], per_name[names[pos]])
        for pos in range(start, end)
        if names[pos] in per_name
    ]


def screen(
    names: Sequence[str],
    indexes: Sequence[ReferenceIndex],
    *,
    workers: int = 1,
    chunk: int = 100_000,
    progress: Progress | None = None,
) -> dict[int, tuple[NameForms, list[list[Match]]]]:
    """Position → (forms, matches per index) for every name matching at least one index.

    With `workers` > 1 the names are split across forked processes (Linux/macOS `fork`), which
    inherit the indexes instead of receiving copies.
    """
    global _SHARED
    _SHARED = (names, indexes)
    ranges = [(s, min(s + chunk, len(names))) for s in range(0, len(names), chunk)]
    found: dict[int, tuple[NameForms, list[list[Match]]]] = {}
    try:
        if workers > 1 and len(ranges) > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(workers) as pool:
                _collect(pool.imap(_match_range, ranges), found, ranges, len(names), progress)
        else:
            _collect(map(_match_range, ranges), found, ranges, len(names), progress)
    finally:
        _SHARED = ((), ())
    return found


def _collect(
    parts: Iterable[list[tuple[int, NameForms, list[list[Match]]]]],
    found: dict[int, tuple[NameForms, list[list[Match]]]],
    ranges: list[tuple[int, int]],
    total: int,
    progress: Progress | None,
) -> None:
    for (_, end), part in zip(ranges, parts, strict=True):
        found.update((pos, (f, matches)) for pos, f, matches in part)
        if progress is not None:
            progress(end, total)
