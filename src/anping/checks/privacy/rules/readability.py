"""app-pi-2019 cat2.4: the policy is not long-winded nor full of unexplained jargon (the law
gives no numbers: the thresholds are the project's heuristics, reported with the figures)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from anping.checks.privacy import vocab as v
from anping.checks.privacy.rules.findings import Finding, PolicyDoc, quotes
from anping.checks.privacy.text import Sentence, cjk_count, latin_words
from anping.checks.result import Status


class ReadabilityParams(BaseModel):
    """cat2.4 thresholds. The law gives no numbers ("冗长繁琐", "大量专业术语"): these are the
    project's heuristics, reported with the figures so an assessor can weigh them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_units: int = Field(
        default=30_000, ge=1000, description="Chinese characters + English words"
    )
    max_avg_sentence_units: float = Field(default=90.0, gt=0)
    max_unexplained_jargon_per_1000: float = Field(default=4.0, ge=0)
    min_jargon_hits: int = Field(
        default=5, ge=1, description="below this many unexplained terms, density is not judged"
    )


def cat2_4_readability(doc: PolicyDoc, params: ReadabilityParams) -> Finding:
    """cat2.4: not long-winded and not full of unexplained jargon (project heuristics)."""
    units = cjk_count(doc.text) + latin_words(doc.text)
    avg = units / max(1, len(doc.sentences))
    unexplained, explained, shown = _jargon(doc)
    per_1000 = 1000 * sum(unexplained.values()) / max(1, units)
    figures = {
        "units": units,
        "sentences": len(doc.sentences),
        "avg_sentence_units": round(avg, 1),
        "unexplained_jargon": dict(sorted(unexplained.items())),
        "explained_jargon": sorted(explained),
        "unexplained_jargon_per_1000": round(per_1000, 2),
        "thresholds": params.model_dump(),
    }
    problems_en: list[str] = []
    problems_zh: list[str] = []
    if units > params.max_units:
        problems_zh.append(f"篇幅{units}字（词），超过{params.max_units}")
        problems_en.append(f"length {units} units exceeds {params.max_units}")
    if avg > params.max_avg_sentence_units:
        problems_zh.append(f"平均句长{avg:.0f}，超过{params.max_avg_sentence_units:.0f}")
        problems_en.append(
            f"average sentence {avg:.0f} units exceeds {params.max_avg_sentence_units:.0f}"
        )
    hits = sum(unexplained.values())
    if hits >= params.min_jargon_hits and per_1000 > params.max_unexplained_jargon_per_1000:
        problems_zh.append(f"未解释的专业术语每千字{per_1000:.1f}处")
        problems_en.append(f"{per_1000:.1f} unexplained technical terms per 1,000 units")
    note_en = " (thresholds are the project's heuristics; the law gives no numbers)"
    if problems_en:
        return Finding(
            "cat2.4:readability",
            Status.NOT_MET,
            "；".join(problems_zh) + "（阈值为本项目的经验值，法规未给出数值）",
            "; ".join(problems_en) + note_en,
            quotes(shown),
            figures,
        )
    return Finding(
        "cat2.4:readability",
        Status.MET,
        "篇幅、句长和专业术语使用均在阈值内（阈值为本项目的经验值）",
        "length, sentence length and jargon are within the thresholds" + note_en,
        (),
        figures,
    )


def _jargon(doc: PolicyDoc) -> tuple[dict[str, int], set[str], list[Sentence]]:
    unexplained: dict[str, int] = {}
    explained: set[str] = set()
    shown: list[Sentence] = []
    for term in v.JARGON:
        pattern = _term_pattern(term)
        spots = list(pattern.finditer(doc.text))
        if not spots:
            continue
        if any(v.EXPLAINED_AFTER.search(doc.text[m.end() : m.end() + 16]) for m in spots):
            explained.add(term)
            continue
        unexplained[term] = len(spots)
        shown.extend(doc.matching(pattern)[:1])
    return unexplained, explained, shown


def _term_pattern(term: str) -> re.Pattern[str]:
    if re.fullmatch(r"[A-Za-z \-]+", term):
        return re.compile(r"(?<![A-Za-z])" + re.escape(term), re.IGNORECASE)
    return re.compile(re.escape(term), re.IGNORECASE)
