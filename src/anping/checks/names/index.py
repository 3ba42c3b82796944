"""A list of protected or closed names, ready to say which of them an account name resembles
and why (exact, contains, pinyin, fuzzy, keyword: strongest first)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type hints
from rapidfuzz import fuzz

from anping.checks.name_normalise import NameForms, forms, normalise, pinyin_key
from anping.checks.names.blocking import FuzzyBlocker

Reason = Literal["exact", "contains", "pinyin", "fuzzy", "keyword"]
REASONS: tuple[Reason, ...] = ("exact", "contains", "pinyin", "fuzzy", "keyword")
STRENGTH = {reason: i for i, reason in enumerate(REASONS)}


@dataclass(frozen=True)
class Match:
    """Why an account name resembles a reference name (or keyword)."""

    reference: str
    reference_norm: str
    reason: Reason
    score: float

    def explain(self) -> str:
        return f"{self.reason} {self.score:.1f} ~ {self.reference_norm}"


class ReferenceIndex:
    """A list of protected or closed names (and optional keywords), ready to screen names.

    `threshold` is the fuzz.ratio cut-off (0-100); names shorter than `pinyin_min_chars`
    are not compared by pinyin (two-character person names share pinyin too often), and names
    shorter than `contain_min_len` are not looked for inside longer names.
    """

    def __init__(
        self,
        names: Iterable[str],
        *,
        threshold: float = 85.0,
        pinyin: bool = True,
        pinyin_min_chars: int = 3,
        contain_min_len: int = 3,
        keywords: Iterable[str] = (),
    ) -> None:
        self.raw: list[str] = []
        self.norms: list[str] = []
        self.exact: dict[str, int] = {}
        for name in names:
            f = forms(name)
            if f.norm and f.norm not in self.exact:
                self.exact[f.norm] = len(self.norms)
                self.raw.append(name)
                self.norms.append(f.norm)
        self.pinyin: dict[str, list[int]] = {}
        if pinyin:
            for i, n in enumerate(self.norms):
                if len(n) >= pinyin_min_chars:
                    self.pinyin.setdefault(pinyin_key(n), []).append(i)
        kw = {normalise(k): k for k in keywords if normalise(k)}
        self.keywords = list(kw.items())
        words: dict[str, list[tuple[bool, int]]] = {}  # substring → (is keyword, index)
        for i, n in enumerate(self.norms):
            if len(n) >= contain_min_len:
                words.setdefault(n, []).append((False, i))
        for i, (n, _) in enumerate(self.keywords):
            words.setdefault(n, []).append((True, i))
        self.automaton = _automaton(words)
        self.blocker = FuzzyBlocker(self.norms, threshold)

    def __len__(self) -> int:
        return len(self.norms)

    def match(self, name: NameForms, fuzzy: dict[int, float] | None = None) -> list[Match]:
        """Every reference the name resembles, strongest reason first.

        `fuzzy` is this name's entry from `FuzzyBlocker.batch_scores` when screening in bulk.
        """
        norm = name.norm
        if not norm:
            return []
        found: dict[int, tuple[Reason, float]] = {}
        exact = self.exact.get(norm)
        if exact is not None:
            found[exact] = ("exact", 100.0)
        keyword_hits = []
        for is_keyword, i in _hits(self.automaton, norm):
            if is_keyword:
                keyword_hits.append(i)
            else:
                found.setdefault(i, ("contains", 100.0))
        for i in self.pinyin.get(name.pinyin, ()):
            found.setdefault(i, ("pinyin", fuzz.ratio(norm, self.norms[i])))
        if fuzzy is None:
            fuzzy = self.blocker.scores(norm)
        for i, score in fuzzy.items():
            found.setdefault(i, ("fuzzy", score))
        out = [Match(self.raw[i], self.norms[i], r, s) for i, (r, s) in found.items()]
        out += [
            Match(self.keywords[i][1], self.keywords[i][0], "keyword", 100.0)
            for i in sorted(keyword_hits)
        ]
        return sorted(out, key=lambda m: (STRENGTH[m.reason], -m.score, m.reference_norm))


def _automaton(words: dict[str, list[tuple[bool, int]]]) -> ahocorasick.Automaton | None:
    """Aho-Corasick automaton over the words; a hit's value lists what the word stands for."""
    automaton = ahocorasick.Automaton()
    for key, value in words.items():
        automaton.add_word(key, tuple(value))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def _hits(automaton: ahocorasick.Automaton | None, text: str) -> set[tuple[bool, int]]:
    if automaton is None:
        return set()
    return {item for _, value in automaton.iter(text) for item in value}
