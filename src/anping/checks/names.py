"""Account-name screening: impersonation of protected names and re-registration of closed
accounts (pa-2020d Art. 8 ¶2-3 and Art. 19; pa-2017 Art. 7 ¶1 and Art. 13 ¶2; sa-2018 Art. 5.4).

pa-2020d Art. 8 ¶2 requires platforms to check names against the holder's real identity, above
all names that use or claim association with party and government bodies, enterprises,
institutions or well-known people; Art. 8 ¶3 forbids closed accounts to come back under the same
name and requires identity checks for closely related names. This module screens a register of
account names against a list of protected names and a list of closed or blacklisted names. It
screens names for impersonation and re-registration; it does not classify speech.

Every name is normalised first (`name_normalise`: traditional → simplified, full-width,
case, punctuation, emoji, invisible characters, look-alikes), then compared with each reference
by, in order of strength:

- exact: equal after normalisation;
- contains: the account name contains a whole reference name (≥ `contain_min_len` characters);
- pinyin: same toneless pinyin, different characters (a sound-alike such as 公按局);
- fuzzy: RapidFuzz `fuzz.ratio` (normalised Indel similarity, 0-100) ≥ `threshold`;
- keyword: contains a protected keyword (公安, 网信, 新华社, 官方 …), protected list only.

Fuzzy scores are computed only for candidate pairs found by *prefix filtering* on padded
character bigrams, which is exact for this score: two strings of lengths a and b with Indel
distance d share at least max(a, b) + 1 − 2d padded bigrams (the q-gram lemma, Levenshtein ≤
Indel), a ratio ≥ t bounds d ≤ (1 − t)(a + b), and two token sets that must share o tokens
share one among their first n − o + 1 tokens under any global order (rarest first here). So
blocking loses no pair above the threshold, and the screen scales: 10^6 names against 10^5
references take seconds instead of the 10^11 comparisons of brute force (docs/benchmarks.md).
DuckDB's levenshtein/jaro_winkler are not used: they compare bytes, and a Chinese character is
three bytes in UTF-8.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, Literal

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type hints
import duckdb
import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from anping.checks.accounts import (
    IN_SERVICE,
    Col,
    InputProblem,
    Spec,
    Table,
    finish,
    in_service_sql,
    invalid_note,
    read_table,
    run_guarded,
    share,
    with_invalid_rows,
)
from anping.checks.name_normalise import NameForms, forms, normalise, pinyin_key
from anping.checks.registry import Progress, register
from anping.checks.result import (
    MAX_EXAMPLES,
    Bilingual,
    CheckResult,
    Criterion,
    Status,
    fingerprint,
    mask,
)

Reason = Literal["exact", "contains", "pinyin", "fuzzy", "keyword"]
REASONS: tuple[Reason, ...] = ("exact", "contains", "pinyin", "fuzzy", "keyword")
_STRENGTH = {reason: i for i, reason in enumerate(REASONS)}
_EPS = 1e-9
_BLOCK_CELLS = 4_000_000  # cells of one cdist matrix (float32: 16 MB)


@dataclass(frozen=True)
class Match:
    """Why an account name resembles a reference name (or keyword)."""

    reference: str
    reference_norm: str
    reason: Reason
    score: float

    def explain(self) -> str:
        return f"{self.reason} {self.score:.1f} ~ {self.reference_norm}"


def _qgrams(norm: str, q: int) -> list[str]:
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
        grams = [_qgrams(n, q) for n in norms]
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

        `grams` may pass `_qgrams(norm, self.q)` computed once for several blockers."""
        o = self.min_overlap(len(norm))
        if o is None:
            return None
        if o <= 0:
            return []
        if grams is None:
            grams = _qgrams(norm, self.q)
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
        return sorted(out, key=lambda m: (_STRENGTH[m.reason], -m.score, m.reference_norm))


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
    grams = [_qgrams(n, next(iter(qs))) for n in norms] if len(qs) == 1 else None
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


# ---------------------------------------------------------------------------------------------
# The registered checks
# ---------------------------------------------------------------------------------------------

NAME_SCHEMA: dict[str, Col] = {
    "account_id": Col("VARCHAR"),
    "name": Col("VARCHAR"),
    "status": Col("VARCHAR"),
    "registered": Col("DATE", nullable=True, optional=True),
}
REFERENCE_SCHEMA: dict[str, Col] = {
    "name": Col("VARCHAR"),
    "account_id": Col("VARCHAR", nullable=True, optional=True),
    "closed_on": Col("DATE", nullable=True, optional=True),
}


class NameParams(BaseModel):
    """The account export (account_id, name, status[, registered]) and how names are compared."""

    model_config = ConfigDict(extra="forbid")

    accounts: Path
    columns: dict[str, str] = Field(default_factory=dict, description="canonical → file column")
    encoding: str = "utf-8"
    in_service_statuses: tuple[str, ...] = IN_SERVICE
    threshold: float = Field(default=85.0, ge=50.0, le=100.0, description="fuzz.ratio cut-off")
    pinyin: bool = True
    pinyin_min_chars: int = Field(default=3, ge=1)
    contain_min_len: int = Field(default=3, ge=2)
    workers: int = Field(default=1, ge=1, description="processes for large registers (fork)")


class ProtectedParams(NameParams):
    """`protected`: a .txt file (one name a line) or CSV/Parquet with a `name` column."""

    protected: Path
    keywords: Path | None = Field(default=None, description="extra keywords, one a line")
    packaged_keywords: bool = True
    authorised: Path | None = Field(
        default=None, description="account ids entitled to a protected name"
    )


class ClosedParams(NameParams):
    """`closed`: .txt (one name a line) or CSV/Parquet with `name` [, account_id, closed_on]."""

    closed: Path
    contain_min_len: int = Field(default=4, ge=2)


PROTECTED = Spec(
    "names.protected_names",
    "账号名称冒用党政机关、组织机构或知名人士名义",
    "Account names impersonating protected bodies or people",
    ("pa-2017:art7.review", "pa-2020d:art8.names", "sa-2018:art5.4"),
)
CLOSED = Spec(
    "names.closed_accounts",
    "被关闭账号以相同或近似名称重新注册",
    "Closed accounts re-registered under the same or a similar name",
    (
        "pa-2017:art13.blacklist",
        "pa-2020d:art8.closed-names",
        "pa-2020d:art19.blacklist",
        "sa-2018:art5.4",
    ),
)


@dataclass(frozen=True)
class _Register:
    """In-service accounts of the export: ids, names, registration dates."""

    table: Table
    ids: list[str]
    names: list[str]
    registered: list[dt.date | None]


def _read_register(con: duckdb.DuckDBPyConnection, p: NameParams) -> _Register:
    table = read_table(con, p.accounts, "accounts", NAME_SCHEMA, p.columns, encoding=p.encoding)
    rows = con.sql(
        "SELECT account_id, name, registered FROM accounts "  # noqa: S608 - escaped literals
        f"WHERE NOT _invalid AND {in_service_sql(p.in_service_statuses)} ORDER BY account_id"
    ).fetchall()
    return _Register(table, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])


def read_lines(path: Path) -> list[str]:
    """A .txt list: one entry a line, blank lines and lines starting with # ignored."""
    if not path.is_file():
        raise InputProblem(f"{path.name}: file not found", f"{path.name}：文件不存在")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputProblem(
            f"{path.name}: the file is not UTF-8 (GBK/GB18030?); save it as UTF-8",
            f"{path.name}：文件不是UTF-8编码（疑似GBK/GB18030），请另存为UTF-8",
        ) from None
    lines = [s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#")]
    if not lines:
        raise InputProblem(f"{path.name}: the list is empty", f"{path.name}：名单为空")
    return lines


def _read_references(
    con: duckdb.DuckDBPyConnection, path: Path, p: NameParams
) -> tuple[list[tuple[str, str | None, dt.date | None]], Table | None]:
    """(name, account id, closed on) rows of a reference list, and its Table if tabular."""
    if path.suffix.lower() == ".txt":
        return [(n, None, None) for n in read_lines(path)], None
    table = read_table(con, path, "refs", REFERENCE_SCHEMA, p.columns, encoding=p.encoding)
    rows = con.sql("SELECT name, account_id, closed_on FROM refs WHERE NOT _invalid").fetchall()
    return [(r[0], r[1], r[2]) for r in rows], table


def _example(account_id: str, f: NameForms, m: Match) -> dict[str, Any]:
    return {
        "account_id": mask(account_id),
        "name": f.raw,
        "normalised": f.norm,
        "matches": m.reference,
        "matches_normalised": m.reference_norm,
        "why": m.reason,
        "score": round(m.score, 1),
    }


def _index(p: NameParams, names: Iterable[str], keywords: Iterable[str] = ()) -> ReferenceIndex:
    return ReferenceIndex(
        names,
        threshold=p.threshold,
        pinyin=p.pinyin,
        pinyin_min_chars=p.pinyin_min_chars,
        contain_min_len=p.contain_min_len,
        keywords=keywords,
    )


def packaged_keywords() -> list[str]:
    """The keywords shipped in `data/protected_keywords.txt`."""
    from importlib import resources

    text = resources.files("anping.checks").joinpath("data", "protected_keywords.txt")
    return [
        s.strip()
        for s in text.read_text(encoding="utf-8").splitlines()
        if s.strip() and not s.startswith("#")
    ]


#: The same name as a closed account, on an account registered before that closure.
BEFORE_CLOSURE = "exact_before_closure"


def _counts(flagged: dict[str, str]) -> dict[str, int]:
    kinds = [*REASONS, *sorted(set(flagged.values()) - set(REASONS))]
    return {kind: sum(1 for r in flagged.values() if r == kind) for kind in kinds}


# -- names.protected_names ----------------------------------------------------------------


@register(
    PROTECTED.id,
    points=PROTECTED.points,
    params=ProtectedParams,
    title={"zh": PROTECTED.zh, "en": PROTECTED.en},
)
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
    register_ = _read_register(con, p)
    refs, ref_table = _read_references(con, p.protected, p)
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
        examples.append((_STRENGTH[matches[0].reason], account, _example(account, f, matches[0])))
    return _names_result(
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


def _names_result(
    spec: Spec,
    p: NameParams,
    started: float,
    register_: _Register,
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
    zh_note, en_note = invalid_note(invalid)
    criterion = Criterion(
        id=spec.id,
        title=spec.title,
        status=with_invalid_rows(status, invalid),
        figures={
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
        detail=Bilingual(
            zh=f"筛查在用账号{screened}个：{failing}个名称与名单相同、包含、同音或高度近似"
            f"（{' / '.join(strong)}），{review}个需人工核对{zh_note}",
            en=f"{screened} in-service account names screened: {failing} equal, contain, sound like "
            f"or closely resemble a listed name ({' / '.join(strong)}); {review} need review{en_note}",
        ),
        cites=spec.points,
    )
    best = [e for _, _, e in sorted(examples, key=lambda x: (x[0], x[1]))][:MAX_EXAMPLES]
    result = finish(spec, p, [criterion], started=started, tables=tables, examples=best)
    more = tuple(fingerprint(x) for x in inputs_extra if x.suffix.lower() == ".txt")
    return result.model_copy(update={"inputs": result.inputs + more})


# -- names.closed_accounts ----------------------------------------------------------------


@register(
    CLOSED.id, points=CLOSED.points, params=ClosedParams, title={"zh": CLOSED.zh, "en": CLOSED.en}
)
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
    register_ = _read_register(con, p)
    refs, ref_table = _read_references(con, p.closed, p)
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
        example = _example(account, f, best) | {"why": category}
        examples.append((_STRENGTH[reason] + (category != reason), account, example))
    return _names_result(
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
