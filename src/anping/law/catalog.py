"""The catalog engine: load every regulation catalog once, then look things up in it.

A catalog (`anping/law/catalogs/<id>.yaml`, shape in `catalog_schema`) is one regulation: its
articles (or, for app-pi-2019, categories), their numbered items, the assessment points (评估要点)
an assessor answers, and the points' cross-references (`cites`) into other catalogs.

Addresses. Everything has a URN: `urn:anping:sa-2018` (a catalog), `urn:anping:sa-2018:art5` (an
article), `urn:anping:sa-2018:art5.3` (item (三) of Art. 5 *or* a point of that id). The short
form used in `cites` (`sa-2018:art5.3`) is accepted wherever a URN is.

Precedence. An item id is derived (`art5` + item 3 = `art5.3`) and a point may carry the same id:
in sa-2018 point `art5.3` assesses item (三) of Art. 5. A reference to such an id means the
*point* by default, because points are what is assessed, cited and reported on; pass
`prefer="item"` to `get` for the item. The result is typed (`PointRef` or `ItemRef`), so callers
always know which one they hold.

This module is the entry point: it loads the shipped catalogs (cached per process) and offers the
queries on them; the parts live beside it and are re-exported here, so `catalog.X` is the one
name to use:

- `catalog_refs` — typed results (`AnyRef`), URNs and cites, the law's labels;
- `catalog_files` — reading and schema-validating the YAML files;
- `catalog_problems` — `Problem`, `CatalogError` and the verbatim and language checks;
- `catalog_index` — `Catalogs`: lookups, applicability, cross-references;
- `catalog_search` — full-text search.

Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from pathlib import Path

from anping.law.catalog_files import CATALOG_DIR, LAW_DIR, Scan, catalog_dirs, scan
from anping.law.catalog_index import Catalogs
from anping.law.catalog_problems import CatalogError, Problem, squash
from anping.law.catalog_refs import (
    URN_PREFIX,
    AnyRef,
    ArticleRef,
    CatalogRef,
    ItemRef,
    Kind,
    PointRef,
    Prefer,
    Ref,
    Status,
    UnknownRef,
    article_id,
    article_label,
    counts,
    in_force_on,
    item_id,
    item_label,
    parse_ref,
    urn,
    zh_numeral,
)
from anping.law.catalog_schema import (
    SERVICE_FEATURES,
    SERVICE_KINDS,
    Article,
    Catalog,
    Item,
    Point,
    Text,
)
from anping.law.catalog_search import Hit, normalise

__all__ = [
    "CATALOG_DIR",
    "LAW_DIR",
    "SERVICE_FEATURES",
    "SERVICE_KINDS",
    "URN_PREFIX",
    "AnyRef",
    "Article",
    "ArticleRef",
    "Catalog",
    "CatalogError",
    "CatalogRef",
    "Catalogs",
    "Hit",
    "Item",
    "ItemRef",
    "Kind",
    "Point",
    "PointRef",
    "Prefer",
    "Problem",
    "Ref",
    "Scan",
    "Status",
    "Text",
    "UnknownRef",
    "article_id",
    "article_label",
    "check",
    "check_dirs",
    "cited_by",
    "clear_cache",
    "counts",
    "get",
    "in_force_on",
    "item_id",
    "item_label",
    "load",
    "load_all",
    "normalise",
    "parse_ref",
    "points_for",
    "scan",
    "search",
    "squash",
    "urn",
    "zh_numeral",
]


def load(dirs: Sequence[Path]) -> Catalogs:
    """Load the catalogs in `dirs` (uncached); raise `CatalogError` listing every problem."""
    result = scan(dirs)
    if result.problems:
        raise CatalogError(result.problems)
    return Catalogs(result.loaded)


@functools.cache
def _load_cached(extra_dir: Path | None) -> Catalogs:
    return load(catalog_dirs(extra_dir))


def load_all(extra_dir: Path | None = None) -> Catalogs:
    """The shipped catalogs, plus those in `extra_dir`; parsed and validated once per process."""
    return _load_cached(extra_dir.resolve() if extra_dir is not None else None)


def clear_cache() -> None:
    """Forget the cached catalogs (after the YAML files changed on disk)."""
    _load_cached.cache_clear()


def check_dirs(dirs: Sequence[Path]) -> list[Problem]:
    """Every problem in `dirs`: schema, duplicates, cross-references, verbatim text, languages.

    Never raises for a bad catalog: a file that fails the schema is reported and left out, and
    the rest are still checked against each other.
    """
    result = scan(dirs)
    return result.problems + Catalogs(result.loaded, strict=False).check()


def check(extra_dir: Path | None = None) -> list[Problem]:
    """Every problem in the shipped catalogs (and `extra_dir`), for `anping catalog check`."""
    return check_dirs(catalog_dirs(extra_dir))


def get(ref: str, prefer: Prefer = "point") -> AnyRef:
    """`Catalogs.get` on the shipped catalogs."""
    return load_all().get(ref, prefer)


def points_for(
    kinds: Iterable[str],
    features: Iterable[str] = (),
    on: dt.date | None = None,
    include_drafts: bool = False,
) -> list[PointRef]:
    """`Catalogs.points_for` on the shipped catalogs."""
    return load_all().points_for(kinds, features, on, include_drafts)


def search(words: str | Sequence[str], limit: int | None = None) -> list[Hit]:
    """`Catalogs.search` on the shipped catalogs."""
    return load_all().search(words, limit)


def cited_by(ref: AnyRef | str, within: bool = False) -> list[PointRef]:
    """`Catalogs.cited_by` on the shipped catalogs."""
    return load_all().cited_by(ref, within)
