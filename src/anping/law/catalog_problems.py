"""What can be wrong with a set of catalogs, and the content checks that find it.

The schema (`catalog_schema`) checks one file at a time; the checks here need more: the official
source text the Chinese must match verbatim (the Chinese is the law, so a typo in it is a wrong
law), and both languages filled in for every point (a blank cell would fail one audience). Every
finding is a `Problem`, so `anping catalog check` can list schema, cite, verbatim, language and
OSCAL problems side by side; `CatalogError` carries them when loading must stop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from anping.law.catalog_refs import article_id, item_id
from anping.law.catalog_schema import Catalog, Text

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of `check`: which file, where in it, what is wrong (and of which kind)."""

    file: str
    where: str
    message: str
    #: schema | duplicate | cite | verbatim | source | language | oscal
    code: str

    def __str__(self) -> str:
        where = f" [{self.where}]" if self.where else ""
        return f"{self.file}{where}: {self.message} ({self.code})"


class CatalogError(ValueError):
    """Raised by `load_all`/`load` when a catalog is invalid or cites something that is missing."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} catalog problem(s):\n{lines}")


def squash(text: str) -> str:
    """Remove all whitespace: Chinese has no spaces, so line breaks in sources must not count."""
    return _WHITESPACE.sub("", text)


def verbatim_problems(catalog: Catalog, path: Path, source: Path | None) -> list[Problem]:
    """Every article/item/annex `text_zh` of `catalog` (read from `path`) that does not occur,
    whitespace aside, in its official `source` text."""
    texts = (
        [(article_id(catalog, a.n), a.text_zh) for a in catalog.articles if a.text_zh]
        + [
            (item_id(article_id(catalog, a.n), i.n), i.text_zh)
            for a in catalog.articles
            for i in a.items
            if i.text_zh
        ]
        + [(f"annex {x.id}", x.text_zh) for x in catalog.annexes if x.text_zh]
    )
    if source is None:
        message = "has Chinese text but no source file to check it against"
        return [Problem(str(path), where, message, "source") for where, _ in texts]
    if not source.is_file():
        return [Problem(str(path), "source", f"source file {source} is missing", "source")]
    official = squash(source.read_text(encoding="utf-8"))
    message = f"text_zh is not verbatim in {source.name}"
    return [
        Problem(str(path), where, message, "verbatim")
        for where, text in texts
        if squash(text) not in official
    ]


def language_problem(text: Text) -> str | None:
    """Why `text` fails one of its two audiences (no Chinese, or no English), if it does."""
    if not _CJK.search(text.zh):
        return "the zh text has no Chinese in it"
    if not _LATIN.search(text.en):
        return "the en text has no English in it"
    return None
