"""`Catalogs`: every loaded catalog, indexed for lookups by URN, applicability, text and
back-reference.

This is the only place that sees all catalogs at once, so it is where a cross-reference
(`cites`) is resolved and where a dangling one is reported. A reference to an id that is both an
item and a point means the point unless `prefer="item"` (see `catalog`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from anping.law.catalog_files import Loaded
from anping.law.catalog_problems import (
    CatalogError,
    Problem,
    language_problem,
    verbatim_problems,
)
from anping.law.catalog_refs import (
    AnyRef,
    ArticleRef,
    CatalogRef,
    ItemRef,
    PointRef,
    Prefer,
    UnknownRef,
    article_id,
    in_force_on,
    item_id,
    parse_ref,
    urn,
)
from anping.law.catalog_schema import SERVICE_FEATURES, SERVICE_KINDS, Catalog, Text
from anping.law.catalog_search import Hit, SearchIndex


class Catalogs:
    """Every loaded catalog, indexed for lookups by URN, applicability, text and back-reference.

    Build it with `load_all()` (cached) or `load(dirs)`. Construction resolves every `cites`
    target and raises `CatalogError` if any is missing, so a loaded set is always consistent;
    `strict=False` (used by `check`) keeps a set with dangling cites so they can be listed.
    """

    def __init__(self, loaded: dict[str, Loaded], *, strict: bool = True) -> None:
        self._loaded = dict(loaded)
        self._catalog_refs: dict[str, CatalogRef] = {}
        self._articles: dict[tuple[str, str], ArticleRef] = {}
        self._items: dict[tuple[str, str], ItemRef] = {}
        self._points: dict[tuple[str, str], PointRef] = {}
        self._citers: dict[tuple[str, str], list[PointRef]] = {}
        self._search_index: SearchIndex | None = None
        for catalog_id, entry in self._loaded.items():
            self._index(catalog_id, entry.catalog)
        problems = self.cite_problems()
        if problems and strict:
            raise CatalogError(problems)
        self._index_citers()

    # indexing

    def _meta(self, catalog: Catalog, local_id: str) -> dict[str, Any]:
        return {
            "urn": urn(catalog.id, local_id),
            "catalog_id": catalog.id,
            "local_id": local_id,
            "status": catalog.status,
            "effective": catalog.effective,
            "superseded_on": catalog.superseded_on,
            "catalog": catalog,
        }

    def _index(self, catalog_id: str, catalog: Catalog) -> None:
        self._catalog_refs[catalog_id] = CatalogRef(**self._meta(catalog, ""))
        for article in catalog.articles:
            aid = article_id(catalog, article.n)
            self._articles[(catalog_id, aid)] = ArticleRef(
                **self._meta(catalog, aid), article=article
            )
            for item in article.items:
                iid = item_id(aid, item.n)
                self._items[(catalog_id, iid)] = ItemRef(
                    **self._meta(catalog, iid), article=article, item=item
                )
            for point in article.points:
                self._points[(catalog_id, point.id)] = PointRef(
                    **self._meta(catalog, point.id), article=article, point=point
                )

    def _index_citers(self) -> None:
        for ref in self._points.values():
            for target in ref.point.cites:
                self._citers.setdefault(parse_ref(target), []).append(ref)

    def _in_document_order(self) -> Iterator[AnyRef]:
        """Each catalog, then each of its articles followed by the article's items and points."""
        for cref in self._catalog_refs.values():
            yield cref
            for article in cref.catalog.articles:
                aref = self._articles[(cref.catalog_id, article_id(cref.catalog, article.n))]
                yield aref
                for item in article.items:
                    yield self._items[(cref.catalog_id, item_id(aref.local_id, item.n))]
                for point in article.points:
                    yield self._points[(cref.catalog_id, point.id)]

    def _file(self, catalog_id: str) -> str:
        """The file a problem in this catalog is reported against."""
        return str(self._loaded[catalog_id].path)

    # plain access

    def __iter__(self) -> Iterator[Catalog]:
        return (entry.catalog for entry in self._loaded.values())

    def __len__(self) -> int:
        return len(self._loaded)

    def __contains__(self, catalog_id: object) -> bool:
        return catalog_id in self._loaded

    def __getitem__(self, catalog_id: str) -> Catalog:
        try:
            return self._loaded[catalog_id].catalog
        except KeyError:
            raise UnknownRef(self._unknown_catalog(catalog_id)) from None

    @property
    def ids(self) -> list[str]:
        """Catalog ids in load order (file name order)."""
        return list(self._loaded)

    def path(self, catalog_id: str) -> Path:
        """The YAML file a catalog was read from."""
        return self._loaded[catalog_id].path

    def source_path(self, catalog_id: str) -> Path | None:
        """The official Chinese text: `sources/<source>` beside the catalog's directory."""
        catalog = self[catalog_id]
        if catalog.source is None:
            return None
        return self.path(catalog_id).parent.parent / "sources" / catalog.source

    def catalog_ref(self, catalog_id: str) -> CatalogRef:
        """The typed reference to a whole catalog."""
        self[catalog_id]  # raises UnknownRef with the known ids
        return self._catalog_refs[catalog_id]

    def articles(self, catalog_id: str) -> list[ArticleRef]:
        """A catalog's articles in order."""
        catalog = self[catalog_id]
        return [self._articles[(catalog_id, article_id(catalog, a.n))] for a in catalog.articles]

    def points(self, catalog_id: str | None = None) -> list[PointRef]:
        """Every point (of one catalog, or of all) in catalog and document order."""
        if catalog_id is not None:
            self[catalog_id]
        return [r for (cid, _), r in self._points.items() if catalog_id in (None, cid)]

    def items(self, catalog_id: str) -> list[ItemRef]:
        """A catalog's items in order."""
        self[catalog_id]
        return [r for (cid, _), r in self._items.items() if cid == catalog_id]

    # lookups

    def _unknown_catalog(self, catalog_id: str) -> str:
        return f"unknown catalog {catalog_id!r}; known: {', '.join(self._loaded) or 'none'}"

    def resolve(self, text: str, prefer: Prefer = "point") -> AnyRef | None:
        """Like `get`, but None instead of an exception for a missing target."""
        catalog_id, local = parse_ref(text)
        entry = self._loaded.get(catalog_id)
        if entry is None:
            return None
        if not local:
            return self._catalog_refs[catalog_id]
        local = parse_ref(text, entry.catalog.prefix)[1]
        key = (catalog_id, local)
        order: tuple[dict[tuple[str, str], Any], ...] = (
            (self._points, self._items) if prefer == "point" else (self._items, self._points)
        )
        for table in (self._articles, *order):
            found: AnyRef | None = table.get(key)
            if found is not None:
                return found
        return None

    def get(self, ref: str, prefer: Prefer = "point") -> AnyRef:
        """Look up a URN or cite; a point wins over an item of the same id unless
        `prefer="item"`. Raises `UnknownRef` with a message naming what is missing."""
        found = self.resolve(ref, prefer)
        if found is not None:
            return found
        catalog_id, _ = parse_ref(ref)
        if catalog_id not in self._loaded:
            raise UnknownRef(f"{ref!r}: {self._unknown_catalog(catalog_id)}")
        local = parse_ref(ref, self[catalog_id].prefix)[1]
        raise UnknownRef(f"{ref!r}: no article, item or point {local!r} in {catalog_id}")

    def points_for(
        self,
        kinds: Iterable[str],
        features: Iterable[str] = (),
        on: dt.date | None = None,
        include_drafts: bool = False,
    ) -> list[PointRef]:
        """The points a service of these kinds with these features must answer on `on` (today
        by default): regulations in force that day, plus drafts when asked for. A point applies
        when it names `all` or any of the kinds or features."""
        wanted = _checked_scope(kinds, features)
        day = on or dt.date.today()
        result = []
        for ref in self._points.values():
            catalog = ref.catalog
            binding = in_force_on(catalog, day) or (include_drafts and catalog.status == "draft")
            applies = "all" in ref.point.applies_to or not wanted.isdisjoint(ref.point.applies_to)
            if binding and applies:
                result.append(ref)
        return result

    def cited_by(self, ref: AnyRef | str, within: bool = False) -> list[PointRef]:
        """The points whose `cites` name `ref` (for "cited by" links). With `within`, cites of
        anything inside it count too (an article's items and points, a catalog's everything)."""
        target = self.get(ref) if isinstance(ref, str) else ref
        key = (target.catalog_id, target.local_id)
        if not within:
            return list(self._citers.get(key, []))
        seen: dict[str, PointRef] = {}
        for (cid, local), citers in self._citers.items():
            if cid == key[0] and _inside(local, key[1]):
                seen.update((c.urn, c) for c in citers)
        position = {urn: index for index, urn in enumerate(r.urn for r in self._points.values())}
        return sorted(seen.values(), key=lambda c: position[c.urn])

    def search(self, words: str | Sequence[str], limit: int | None = None) -> list[Hit]:
        """Full-text search over both languages (see `catalog_search`). Every word must occur
        (AND); a word is a substring after normalisation, so Chinese needs no word splitting.
        Titles rank above questions and chapters, which rank above bodies. The index is built
        on the first search, as most processes never search."""
        if self._search_index is None:
            self._search_index = SearchIndex(self._in_document_order())
        return self._search_index.search(words, limit)

    # checks

    def cite_problems(self) -> list[Problem]:
        """Every `cites` entry whose target catalog, article, item or point does not exist."""
        problems = []
        for ref in self._points.values():
            for target in ref.point.cites:
                if self.resolve(target) is None:
                    message = f"cites unknown target {target!r}"
                    problems.append(
                        Problem(self._file(ref.catalog_id), ref.point.id, message, "cite")
                    )
        return problems

    def verbatim_problems(self) -> list[Problem]:
        """Every article/item/annex `text_zh` must occur in the official source, whitespace
        aside: the Chinese is the authoritative law, so a typo in it is a wrong law."""
        problems: list[Problem] = []
        for catalog_id, entry in self._loaded.items():
            problems += verbatim_problems(entry.catalog, entry.path, self.source_path(catalog_id))
        return problems

    def language_problems(self) -> list[Problem]:
        """Every point says everything in Chinese and in English (an empty or untranslated
        field would show a blank cell to one of the two audiences)."""
        problems = []
        for ref in self._points.values():
            for name in ("title", "question", "typical_evidence"):
                text: Text = getattr(ref.point, name)
                problem = language_problem(text)
                if problem:
                    where = f"{ref.point.id}.{name}"
                    problems.append(Problem(self._file(ref.catalog_id), where, problem, "language"))
        return problems

    def check(self) -> list[Problem]:
        """Cross-references, verbatim Chinese and both languages (the schema was checked when
        loading)."""
        return self.cite_problems() + self.verbatim_problems() + self.language_problems()


def _inside(local: str, container: str) -> bool:
    if not container:
        return True
    return local == container or local.startswith(container + ".")


def _checked_scope(kinds: Iterable[str], features: Iterable[str]) -> set[str]:
    kinds, features = set(kinds), set(features)
    bad_kinds = sorted(kinds - set(SERVICE_KINDS))
    bad_features = sorted(features - set(SERVICE_FEATURES))
    if bad_kinds or bad_features:
        raise ValueError(
            f"unknown kinds {bad_kinds} / features {bad_features}; kinds: "
            f"{', '.join(SERVICE_KINDS)}; features: {', '.join(SERVICE_FEATURES)}"
        )
    return kinds | features
