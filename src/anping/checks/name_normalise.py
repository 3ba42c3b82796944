"""Normalising account names before they are compared (names.* checks).

pa-2020d Art. 8 ¶2 asks platforms to stop names that use or claim association with party and
government bodies, organisations or well-known people; Art. 8 ¶3 (and pa-2017 Art. 13 ¶2) asks
them to stop closed accounts coming back under the same name. Evasion is cheap: 公安局 becomes
公安局 with a zero-width space, 公安局 in traditional characters, ＧＯＶ in full-width letters,
gоv with a Cyrillic о, or a sound-alike such as 公按局. So names are brought to one form first:

1. Unicode NFKC: full-width → half-width, Kangxi radicals and CJK compatibility ideographs →
   the unified ideographs they stand for, ligatures and circled letters → plain letters.
2. Case folding, then NFKD so accents come apart from their letters.
3. One translation table (`str.translate`, fast): the look-alike table in
   `data/homoglyphs.txt` (Latin/Cyrillic/Greek and common Chinese substitutions) and OpenCC's
   traditional → simplified character table (`TSCharacters.txt` from the installed
   opencc-python-reimplemented package). The OpenCC *character* table is used rather than the
   phrase-aware converter: names are short, both sides of a comparison go through the same
   table, and the converter costs ~10 µs a name, which a million names cannot afford.
4. Everything that is not a letter or a digit goes: punctuation, spaces, emoji, symbols,
   combining accents, zero-width and other invisible format characters.

`pinyin_key` then spells a normalised name in toneless pinyin, one reading a character (the
first listed by pypinyin), so sound-alike substitutions meet: 公安 and 公按 are both "gongan".

`normalise` is idempotent and never raises for any string (tests/checks/test_name_normalise.py
checks both with hypothesis).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

_NOT_WORD = re.compile(r"[\W_]+")
_MAX_CHAIN = 8  # longest chain of table entries followed when closing the table


@dataclass(frozen=True)
class NameForms:
    """A name as given, normalised, and its toneless pinyin key."""

    raw: str
    norm: str
    pinyin: str


def _data_lines(name: str) -> list[str]:
    """Non-comment, non-empty lines of a packaged data file."""
    text = resources.files("anping.checks").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def homoglyph_pairs() -> dict[str, str]:
    """Look-alike → canonical character, from `data/homoglyphs.txt`."""
    pairs: dict[str, str] = {}
    for line in _data_lines("homoglyphs.txt"):
        canonical, _, variants = line.partition("\t")
        for variant in variants.split():
            pairs[variant] = canonical.strip()
    return pairs


def opencc_t2s_pairs() -> dict[str, str]:
    """Traditional → simplified single characters from OpenCC's TSCharacters dictionary.

    The first candidate is OpenCC's own default for the character.
    """
    folder = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    pairs: dict[str, str] = {}
    for line in folder.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and len(candidates[0]) == 1:
            pairs[source] = candidates[0]
    return pairs


def _prepare(text: str) -> str:
    """Steps 1-2: NFKC, case folding, NFKD."""
    return unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())


def _close(pairs: dict[str, str]) -> dict[int, str]:
    """A translation table whose outputs are fixed points, so applying it twice changes nothing.

    Outputs are prepared like inputs (a table value might itself be full-width or a capital)
    and chains such as 乾 → 干 → 幹 are followed to their end; cycles stop at `_MAX_CHAIN`.
    """
    table: dict[int, str] = {}
    for source, target in pairs.items():
        key = _prepare(source)
        if len(key) != 1:
            continue  # the source does not survive NFKC as one character: never seen here
        value = _prepare(target)
        for _ in range(_MAX_CHAIN):
            nxt = pairs.get(value)
            if nxt is None or _prepare(nxt) == value:
                break
            value = _prepare(nxt)
        if value != key:
            table[ord(key)] = value
    # a value must not be a key itself (a cycle would break idempotence): drop such entries
    return {k: v for k, v in table.items() if all(ord(c) not in table for c in v)}


@functools.cache
def translation_table() -> dict[int, str]:
    """Homoglyphs and OpenCC traditional → simplified, as one `str.translate` table."""
    return _close({**opencc_t2s_pairs(), **homoglyph_pairs()})


def normalise(name: str) -> str:
    """The comparable form of an account name; "" when nothing comparable is left.

    Never raises for a `str`; `normalise(normalise(x)) == normalise(x)`.
    """
    return _NOT_WORD.sub("", _prepare(name).translate(translation_table()))


def _toneless(reading: str) -> str:
    """līng → ling, lǘ → lv (ü is written v, as pinyin input methods do)."""
    plain = unicodedata.normalize("NFKD", reading).replace("u\u0308", "v")
    return "".join(c for c in plain if "a" <= c <= "z")


@functools.cache
def pinyin_table() -> dict[int, str]:
    """Code point → toneless pinyin of its first reading (pypinyin's character dictionary)."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {code: _toneless(readings.split(",")[0]) for code, readings in pinyin_dict.items()}


def pinyin_key(norm: str) -> str:
    """Toneless pinyin of a *normalised* name: 公安局 → "gonganju"; letters and digits stay."""
    return norm.translate(pinyin_table())


def forms(name: str) -> NameForms:
    """`NameForms` for one name."""
    norm = normalise(name)
    return NameForms(name, norm, pinyin_key(norm))
