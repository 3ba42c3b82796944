"""Full-text search over the catalogs, in Chinese and English at once.

Chinese is written without spaces, so a word is matched as a substring of normalised text (full
width folded to half width, case-blind, whitespace-collapsed) rather than by tokens; a Chinese
word also matches across the line breaks of the source layout. Hits rank by where the words
occur: titles above questions and chapters, which rank above bodies.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from anping.law.catalog_refs import (
    AnyRef,
    ArticleRef,
    CatalogRef,
    ItemRef,
    PointRef,
    Status,
)
from anping.law.catalog_schema import Text

_WHITESPACE = re.compile(r"\s+")
_TITLE, _LEAD, _BODY = 10, 3, 1


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, whitespace collapsed to single spaces."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: what matched, how well, and a snippet of the matching text."""

    ref: AnyRef
    score: int
    #: The best field that matched, e.g. `title.zh`, `text_zh`, `question.en`.
    field: str
    snippet: str

    @property
    def urn(self) -> str:
        return self.ref.urn

    @property
    def status(self) -> Status:
        return self.ref.status

    @property
    def effective(self) -> dt.date | None:
        return self.ref.effective

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.ref.base_dict(),
            "score": self.score,
            "field": self.field,
            "snippet": self.snippet,
        }


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    weight: int
    raw: str
    spaced: str
    squashed: str

    @classmethod
    def of(cls, name: str, weight: int, raw: str) -> _Field:
        spaced = normalise(raw)
        return cls(name, weight, raw, spaced, spaced.replace(" ", ""))

    def contains(self, word: str) -> bool:
        """Substring match; a word with Chinese in it also matches across line breaks."""
        if word in self.spaced:
            return True
        return not word.isascii() and word in self.squashed


@dataclass(frozen=True, slots=True)
class _Doc:
    ref: AnyRef
    fields: tuple[_Field, ...]


class SearchIndex:
    """The searchable text of some refs, normalised once; ties rank in the order given."""

    def __init__(self, refs: Iterable[AnyRef]) -> None:
        self._docs = tuple(_Doc(ref, tuple(_fields(ref))) for ref in refs)

    def search(self, words: str | Sequence[str], limit: int | None = None) -> list[Hit]:
        """Every word must occur (AND); best first, at most `limit`."""
        terms = [normalise(w) for w in (words.split() if isinstance(words, str) else words)]
        terms = [t for t in terms if t]
        if not terms:
            return []
        hits = []
        for position, doc in enumerate(self._docs):
            hit = _score(doc, terms)
            if hit is not None:
                hits.append((-hit.score, position, hit))
        hits.sort(key=lambda entry: (entry[0], entry[1]))
        found = [hit for _, _, hit in hits]
        return found[:limit] if limit is not None else found


def _fields(ref: AnyRef) -> Iterator[_Field]:
    """The texts a ref is found by, each weighted by how telling a match there is."""
    if isinstance(ref, CatalogRef):
        yield from _text_fields("title", ref.catalog.title, _TITLE)
    elif isinstance(ref, ArticleRef):
        article = ref.article
        if article.text_zh:
            yield _Field.of("text_zh", _BODY, article.text_zh)
        yield _Field.of("summary_en", _BODY, article.summary_en)
        if article.chapter:
            yield from _text_fields("chapter", article.chapter, _LEAD)
    elif isinstance(ref, ItemRef):
        if ref.item.text_zh:
            yield _Field.of("text_zh", _BODY, ref.item.text_zh)
        yield _Field.of("summary_en", _BODY, ref.item.summary_en)
    elif isinstance(ref, PointRef):
        yield from _text_fields("title", ref.point.title, _TITLE)
        yield from _text_fields("question", ref.point.question, _LEAD)
        yield from _text_fields("typical_evidence", ref.point.typical_evidence, _BODY)


def _text_fields(prefix: str, text: Text, weight: int) -> list[_Field]:
    return [
        _Field.of(f"{prefix}.zh", weight, text.zh),
        _Field.of(f"{prefix}.en", weight, text.en),
    ]


def _score(doc: _Doc, terms: Sequence[str]) -> Hit | None:
    score, best = 0, None
    for term in terms:
        matching = [f for f in doc.fields if f.contains(term)]
        if not matching:
            return None
        top = max(matching, key=lambda f: f.weight)
        score += top.weight
        if best is None or top.weight > best[0].weight:
            best = (top, term)
    assert best is not None
    top, term = best
    snippet = _WHITESPACE.sub(" ", top.raw) if top.weight == _TITLE else _snippet(top.raw, term)
    return Hit(doc.ref, score, top.name, snippet)


def _snippet(raw: str, word: str, width: int = 36) -> str:
    """The original text around the first occurrence of `word` (found as `search` finds it:
    width-folded, case-blind, across whitespace), with the original punctuation kept."""
    folded, origin = [], []
    for index, char in enumerate(raw):
        for piece in unicodedata.normalize("NFKC", char):
            folded.append(piece)
            origin.append(index)
    pattern = r"\s*".join(re.escape(ch) for ch in word if not ch.isspace())
    found = re.search(pattern, "".join(folded), re.IGNORECASE) if pattern else None
    start = origin[found.start()] if found else 0
    end = origin[found.end() - 1] + 1 if found and found.end() > found.start() else start
    left, right = max(0, start - width), min(len(raw), end + width)
    body = _WHITESPACE.sub(" ", raw[left:right]).strip()
    return ("…" if left else "") + body + ("…" if right < len(raw) else "")
