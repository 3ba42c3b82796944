"""Fuzzy candidates without comparing every pair: prefix filtering on padded character q-grams.

Two strings of lengths a and b with Indel distance d share at least max(a, b) + 1 − 2d padded
bigrams (the q-gram lemma, Levenshtein ≤ Indel), a ratio ≥ t bounds d ≤ (1 − t)(a + b), and two
token sets that must share o tokens share one among their first n − o + 1 tokens under any
global order (rarest first here). So blocking loses no pair above the threshold.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from itertools import repeat

import numpy as np
from rapidfuzz import fuzz, process

_EPS = 1e-9
_BLOCK_CELLS = 4_000_000  # cells of one cdist matrix (float32: 16 MB)


def qgrams(norm: str, q: int) -> list[str]:
    """Padded character q-grams, repeats tagged (the second 哈哈 is 哈哈#1) to keep multiset counts."""
    padded = "\x02" * (q - 1) + norm + "\x03" * (q - 1)
    grams = [padded[i : i + q] for i in range(len(padded) - q + 1)]
    if len(set(grams)) == len(grams):
        return grams
    seen: dict[str, int] = {}
    tagged = []
    for g in grams:
        n = seen.get(g, 0)
        seen[g] = n + 1
        tagged.append(g if n == 0 else f"{g}#{n}")
    return tagged


class FuzzyBlocker:
    """Prefix-filtered q-gram index answering "which references score ≥ t with this name".

    q-grams are ranked rarest first over the references (rank = position in that order; a
    q-gram no reference has ranks −1, before all others); postings are keyed by rank.
    """

    def __init__(self, norms: Sequence[str], threshold: float, q: int = 2) -> None:
        self.norms = norms
        self.q = q
        self.t = threshold / 100.0
        self.cutoff = threshold
        grams = [qgrams(n, q) for n in norms]
        freq: dict[str, int] = {}
        for gs in grams:
            for g in gs:
                freq[g] = freq.get(g, 0) + 1
        order = sorted(freq, key=lambda g: (freq[g], g))
        self.rank = {g: i for i, g in enumerate(order)}
        self.postings: dict[int, list[int]] = {}
        self.unfiltered: dict[
            int, list[int]
        ] = {}  # length → refs that prefix filtering cannot skip
        for i, gs in enumerate(grams):
            self._index(i, gs)

    def _index(self, i: int, grams: list[str]) -> None:
        o = self.min_overlap(len(self.norms[i]))
        if o is None:
            return  # this length can only match exactly, which the exact table answers
        if o <= 0:
            self.unfiltered.setdefault(len(self.norms[i]), []).append(i)
            return
        for r in sorted(map(self.rank.__getitem__, grams))[: len(grams) - o + 1]:
            self.postings.setdefault(r, []).append(i)

    def d_max(self, a: int, b: int) -> int:
        """Largest Indel distance that still scores ≥ t for lengths a and b.

        An Indel distance has the parity of a + b (it is a + b − 2·LCS).
        """
        d = math.floor((1 - self.t) * (a + b) + _EPS)
        return d - (d - a - b) % 2

    @functools.cache  # noqa: B019 - a handful of lengths, the index lives as long as the blocker
    def length_range(self, a: int) -> tuple[int, int]:
        """Lengths b a string of length a can score ≥ t against (|a − b| ≤ d_max)."""
        lo = math.ceil(a * self.t / (2 - self.t) - _EPS)
        hi = math.floor(a * (2 - self.t) / self.t + _EPS) if self.t > 0 else 10**9
        return max(lo, 1), hi

    @functools.cache  # noqa: B019
    def min_overlap(self, a: int) -> int | None:
        """Fewest padded q-grams a length-a string shares with any non-identical match; None
        when only an identical string can reach the threshold."""
        lo, hi = self.length_range(a)
        bounds = [
            max(a, b) + self.q - 1 - self.q * self.d_max(a, b)
            for b in range(lo, hi + 1)
            if self.d_max(a, b) >= max(abs(a - b), 1)
        ]
        return min(bounds) if bounds else None

    def prefix(self, norm: str, grams: list[str] | None = None) -> list[int] | None:
        """Ranks of the q-grams to probe for `norm`; None if only exact matches are possible,
        [] plus a linear scan (`scores`) if prefix filtering cannot prune at this length.

        `grams` may pass `qgrams(norm, self.q)` computed once for several blockers."""
        o = self.min_overlap(len(norm))
        if o is None:
            return None
        if o <= 0:
            return []
        if grams is None:
            grams = qgrams(norm, self.q)
        return sorted(map(self.rank.get, grams, repeat(-1)))[: len(grams) - o + 1]

    def candidates(self, norm: str) -> set[int]:
        """References that share a prefix q-gram with `norm`, or cannot be prefix-filtered."""
        ranks = self.prefix(norm)
        if ranks is None:
            return set()
        lo, hi = self.length_range(len(norm))
        found: set[int] = set()
        for b in range(lo, hi + 1):
            found.update(self.unfiltered.get(b, ()))
        if not ranks:
            found.update(i for i, n in enumerate(self.norms) if lo <= len(n) <= hi)
        for r in ranks:
            found.update(self.postings.get(r, ()))
        return found

    def scores(self, norm: str) -> dict[int, float]:
        """Reference index → fuzz.ratio for every reference scoring ≥ the threshold."""
        out: dict[int, float] = {}
        lo, hi = self.length_range(len(norm))
        norms = self.norms
        for i in self.candidates(norm):
            ref = norms[i]
            if lo <= len(ref) <= hi:
                score = fuzz.ratio(norm, ref, score_cutoff=self.cutoff)
                if score:
                    out[i] = score
        return out

    def batch_scores(
        self, norms: Sequence[str], grams: Sequence[list[str]] | None = None
    ) -> dict[int, dict[int, float]]:
        """`scores` for many names at once: query index → {reference index: score}.

        Queries and references sharing a prefix q-gram form a block that RapidFuzz `cdist`
        scores in C, so the cost is that of the candidate pairs, without a Python call per pair.
        """
        blocks: dict[int, list[int]] = {}
        out: dict[int, dict[int, float]] = {}
        postings = self.postings
        for qi, norm in enumerate(norms):
            ranks = self.prefix(norm, grams[qi] if grams is not None else None)
            if ranks is None:
                continue
            if not ranks or self.unfiltered:
                if found := self.scores(norm):
                    out[qi] = found
                continue
            for r in ranks:
                if r in postings:
                    blocks.setdefault(r, []).append(qi)
        for r, queries in blocks.items():
            self._score_block(norms, queries, postings[r], out)
        return out

    def _score_block(
        self,
        norms: Sequence[str],
        queries: list[int],
        refs: list[int],
        out: dict[int, dict[int, float]],
    ) -> None:
        choices = [self.norms[i] for i in refs]
        rows = max(1, _BLOCK_CELLS // len(choices))
        for start in range(0, len(queries), rows):
            part = queries[start : start + rows]
            matrix = process.cdist(
                [norms[i] for i in part],
                choices,
                scorer=fuzz.ratio,
                score_cutoff=self.cutoff,
                dtype=np.float32,
                workers=1,  # threads cost ~1 ms a call; parallelism is per process
            )
            for r, c in zip(*np.nonzero(matrix), strict=True):
                qi, ri = part[int(r)], refs[int(c)]
                out.setdefault(qi, {})[ri] = fuzz.ratio(norms[qi], self.norms[ri])
