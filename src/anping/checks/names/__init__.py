"""Account-name screening: impersonation of protected names and re-registration of closed
accounts (pa-2020d Art. 8 ¶2-3 and Art. 19; pa-2017 Art. 7 ¶1 and Art. 13 ¶2; sa-2018 Art. 5.4).

pa-2020d Art. 8 ¶2 requires platforms to check names against the holder's real identity, above
all names that use or claim association with party and government bodies, enterprises,
institutions or well-known people; Art. 8 ¶3 forbids closed accounts to come back under the same
name and requires identity checks for closely related names. This package screens a register of
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

Modules: `blocking` (the q-gram prefix filter), `index` (a reference list and why a name
matches it), `screening` (a whole register, in bulk or in forked workers), `inputs` and `params`
(what the checks read), `report` (the criterion) and `checks` (the two registered checks;
importing this package registers them).
"""

from anping.checks.names.blocking import FuzzyBlocker
from anping.checks.names.checks import closed_accounts, protected_names
from anping.checks.names.index import REASONS, Match, Reason, ReferenceIndex
from anping.checks.names.inputs import NAME_SCHEMA, REFERENCE_SCHEMA, packaged_keywords, read_lines
from anping.checks.names.params import CLOSED, PROTECTED, ClosedParams, NameParams, ProtectedParams
from anping.checks.names.report import BEFORE_CLOSURE
from anping.checks.names.screening import screen

__all__ = [
    "BEFORE_CLOSURE",
    "CLOSED",
    "NAME_SCHEMA",
    "PROTECTED",
    "REASONS",
    "REFERENCE_SCHEMA",
    "ClosedParams",
    "FuzzyBlocker",
    "Match",
    "NameParams",
    "ProtectedParams",
    "Reason",
    "ReferenceIndex",
    "closed_accounts",
    "packaged_keywords",
    "protected_names",
    "read_lines",
    "screen",
]
