"""What a text rule returns (`Finding`) and what it reads (`PolicyDoc`: the policy split into
sentences, with the lookups the rules share), plus how evidence is quoted.

A rule reports "met" only on a sentence that shows the measure; "not_met" either on a sentence
that shows a breach or on the absence of any sentence (`by_absence`), which the check softens to
"cannot_decide" when the text was cut by a size cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from anping.checks.privacy import vocab as v
from anping.checks.privacy.text import Sentence, split_sentences
from anping.checks.result import SEVERITY, Status

MAX_QUOTES = 4


@dataclass(frozen=True)
class Finding:
    """One criterion's outcome from the text (see module docstring)."""

    criterion: str
    status: Status
    zh: str
    en: str
    evidence: tuple[str, ...] = ()
    figures: Mapping[str, Any] = field(default_factory=dict)
    by_absence: bool = False


@dataclass(frozen=True)
class PolicyDoc:
    """A policy's text with its sentences, and the lookups the rules share."""

    text: str
    sentences: tuple[Sentence, ...]

    @classmethod
    def of(cls, text: str) -> PolicyDoc:
        return cls(text, split_sentences(text))

    def matching(self, *patterns: re.Pattern[str]) -> list[Sentence]:
        """Sentences matching every pattern."""
        return [s for s in self.sentences if all(p.search(s.text) for p in patterns)]

    def before(self, sentence: Sentence, n: int) -> list[Sentence]:
        return list(self.sentences[max(0, sentence.index - n) : sentence.index])

    def after(self, sentence: Sentence, n: int) -> list[Sentence]:
        return list(self.sentences[sentence.index + 1 : sentence.index + 1 + n])

    def has_purpose(self, sentence: Sentence) -> bool:
        """A purpose in the sentence or in a neighbour of the same paragraph ("…；用于…")."""
        near = [sentence, *self.before(sentence, 1), *self.after(sentence, 1)]
        return any(
            s.paragraph == sentence.paragraph and v.PURPOSE.search(s.text) for s in near
        ) or bool(v.PURPOSE.search(sentence.text))

    def collection_sentences(self) -> list[Sentence]:
        """Rules on collecting: a collecting verb (not denied), or a table row with a purpose."""
        return [
            s
            for s in self.sentences
            if (v.COLLECT.search(s.text) and not v.NEGATED_COLLECT.search(s.text))
            or ("|" in s.text and v.PURPOSE.search(s.text))
        ]


def quotes(sentences: Iterable[Sentence], limit: int = MAX_QUOTES) -> tuple[str, ...]:
    """Distinct sentences as evidence, in document order, at most `limit`."""
    seen: dict[int, Sentence] = {}
    for s in sentences:
        seen.setdefault(s.index, s)
    return tuple(s.quote() for _, s in sorted(seen.items())[:limit])


def worst(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=SEVERITY.__getitem__, default=Status.CANNOT_DECIDE)
