"""The catalog engine: load every regulation catalog once, then look things up in it.

A catalog (`anping/law/catalogs/<id>.yaml`, shape in `catalog_schema`) is one regulation: its
articles (or, for app-pi-2019, categories), their numbered items, the assessment points (评估要点)
an assessor answers, and the points' cross-references (`cites`) into other catalogs. This module
is the only place that sees all catalogs at once, so it is where a cross-reference is resolved and
where a dangling one is reported.

Addresses. Everything has a URN: `urn:anping:sa-2018` (a catalog), `urn:anping:sa-2018:art5` (an
article), `urn:anping:sa-2018:art5.3` (item (三) of Art. 5 *or* a point of that id). The short
form used in `cites` (`sa-2018:art5.3`) is accepted wherever a URN is.

Precedence. An item id is derived (`art5` + item 3 = `art5.3`) and a point may carry the same id:
in sa-2018 point `art5.3` assesses item (三) of Art. 5. A reference to such an id means the
*point* by default, because points are what is assessed, cited and reported on; pass
`prefer="item"` to `get` for the item. The result is typed (`PointRef` or `ItemRef`), so callers
always know which one they hold.

Pure Python: no Django. Parsing is cached (`load_all`), YAML is read with libyaml when present.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from pydantic import ValidationError

from anping.law.catalog_schema import (
    SERVICE_FEATURES,
    SERVICE_KINDS,
    Article,
    Catalog,
    Item,
    Point,
    Text,
)

LAW_DIR = Path(__file__).parent
#: The catalogs shipped with anping.
CATALOG_DIR = LAW_DIR / "catalogs"
URN_PREFIX = "urn:anping:"

Status = Literal["in-force", "draft", "superseded"]
Kind = Literal["catalog", "article", "item", "point"]
Prefer = Literal["point", "item"]

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_WHITESPACE = re.compile(r"\s+")
_LOCAL_ID = re.compile(r"^(?:(?P<prefix>[a-z]+)?(?P<n>[0-9]+))(?P<rest>(?:\.[a-z0-9-]+)*)$")
_NUMERALS = "零一二三四五六七八九"


class CatalogError(ValueError):
    """Raised by `load_all`/`load` when a catalog is invalid or cites something that is missing."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} catalog problem(s):\n{lines}")


class UnknownRef(LookupError):
    """A URN, cite or id that names no catalog, article, item or point."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown reference"


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


def zh_numeral(n: int) -> str:
    """Chinese numeral for 1..99 (第十七条, （三）); larger numbers stay Arabic."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return head + (_NUMERALS[ones] if ones else "")


def article_id(catalog: Catalog, n: int) -> str:
    """`art5` or `cat3`: the id of article/category `n` in `catalog`."""
    return f"{catalog.prefix}{n}"


def article_label(catalog: Catalog, n: int) -> Text:
    """How the law names an article or category: 第五条 / Art. 5, 第三类 / Category 3."""
    if catalog.unit == "category":
        return Text(zh=f"第{zh_numeral(n)}类", en=f"Category {n}")
    return Text(zh=f"第{zh_numeral(n)}条", en=f"Art. {n}")


def item_label(catalog: Catalog, article_n: int, n: int) -> Text:
    """How the law names an item: 第五条第（三）项 / Art. 5(3), 第三类第2项 / Category 3 item 2."""
    head = article_label(catalog, article_n)
    if catalog.unit == "category":
        return Text(zh=f"{head.zh}第{n}项", en=f"{head.en} item {n}")
    return Text(zh=f"{head.zh}第（{zh_numeral(n)}）项", en=f"{head.en}({n})")


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """What every lookup result carries: its address and the legal status of its regulation."""

    kind: ClassVar[Kind]
    urn: str
    catalog_id: str
    #: `art5`, `art5.3`, `cat2.1`; empty for a catalog.
    local_id: str
    status: Status
    effective: dt.date | None
    superseded_on: dt.date | None

    @property
    def cite(self) -> str:
        """The short form used in `cites`: `sa-2018:art5.3` (just `sa-2018` for a catalog)."""
        return f"{self.catalog_id}:{self.local_id}" if self.local_id else self.catalog_id

    @property
    def label(self) -> Text:
        """A human name for the thing, in both languages."""
        raise NotImplementedError

    def base_dict(self) -> dict[str, Any]:
        """The fields shared by every result, JSON-ready."""
        return {
            "kind": self.kind,
            "urn": self.urn,
            "cite": self.cite,
            "catalog_id": self.catalog_id,
            "local_id": self.local_id,
            "status": self.status,
            "effective": self.effective.isoformat() if self.effective else None,
            "superseded_on": self.superseded_on.isoformat() if self.superseded_on else None,
            "label": self.label.model_dump(),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for `--json` output and the API."""
        return self.base_dict()


@dataclass(frozen=True, slots=True)
class CatalogRef(Ref):
    """A whole regulation."""

    kind: ClassVar[Kind] = "catalog"
    catalog: Catalog

    @property
    def label(self) -> Text:
        return self.catalog.title

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.base_dict(),
            "title": self.catalog.title.model_dump(),
            "issuer": list(self.catalog.issuer),
            "unit": self.catalog.unit,
            "counts": counts(self.catalog),
        }


@dataclass(frozen=True, slots=True)
class ArticleRef(Ref):
    """One article (第N条) or, for app-pi-2019, one category."""

    kind: ClassVar[Kind] = "article"
    catalog: Catalog
    article: Article

    @property
    def label(self) -> Text:
        return article_label(self.catalog, self.article.n)

    def to_dict(self) -> dict[str, Any]:
        return {**self.base_dict(), "article": self.article.model_dump(mode="json")}


@dataclass(frozen=True, slots=True)
class ItemRef(Ref):
    """A numbered item of an article: （三） or, under a category, 3."""

    kind: ClassVar[Kind] = "item"
    catalog: Catalog
    article: Article
    item: Item

    @property
    def label(self) -> Text:
        return item_label(self.catalog, self.article.n, self.item.n)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.base_dict(),
            "article_n": self.article.n,
            "item": self.item.model_dump(mode="json"),
        }


@dataclass(frozen=True, slots=True)
class PointRef(Ref):
    """An assessment point (评估要点)."""

    kind: ClassVar[Kind] = "point"
    catalog: Catalog
    article: Article
    point: Point

    @property
    def label(self) -> Text:
        return self.point.title

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.base_dict(),
            "article_n": self.article.n,
            "point": self.point.model_dump(mode="json"),
        }


AnyRef = CatalogRef | ArticleRef | ItemRef | PointRef


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


def counts(catalog: Catalog) -> dict[str, int]:
    """Articles, items, points and annexes of a catalog (for listings)."""
    return {
        "articles": len(catalog.articles),
        "items": sum(len(a.items) for a in catalog.articles),
        "points": sum(len(a.points) for a in catalog.articles),
        "annexes": len(catalog.annexes),
    }


# --- addresses ----------------------------------------------------------------------------------


def urn(catalog_id: str, local_id: str = "") -> str:
    """`urn:anping:sa-2018:art5.3` (or `urn:anping:sa-2018` for the catalog)."""
    return f"{URN_PREFIX}{catalog_id}:{local_id}" if local_id else f"{URN_PREFIX}{catalog_id}"


def parse_ref(text: str, prefix: str | None = None) -> tuple[str, str]:
    """Split a URN or cite into (catalog id, local id); the local id is "" for a catalog.

    Accepts `urn:anping:sa-2018:art5.3`, `sa-2018:art5.3`, `sa-2018` and, when `prefix` (the
    catalog's `art`/`cat`) is given, bare numbers such as `sa-2018:5` or `sa-2018:5.3`.
    """
    body = text.strip()
    if body.startswith(URN_PREFIX):
        body = body[len(URN_PREFIX) :]
    catalog_id, _, local = body.partition(":")
    match = _LOCAL_ID.match(local)
    if local and match and match["prefix"] is None and prefix is not None:
        local = f"{prefix}{match['n']}{match['rest']}"
    return catalog_id, local


def in_force_on(catalog: Catalog, on: dt.date) -> bool:
    """Whether a regulation binds on `on`: in force or superseded, effective by then, not yet
    superseded. Drafts never bind."""
    if catalog.status == "draft" or catalog.effective is None:
        return False
    if catalog.effective > on:
        return False
    return catalog.superseded_on is None or on < catalog.superseded_on


# --- normalised text, for search and the verbatim check -----------------------------------------


def squash(text: str) -> str:
    """Remove all whitespace: Chinese has no spaces, so line breaks in sources must not count."""
    return _WHITESPACE.sub("", text)


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, whitespace collapsed to single spaces."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


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


_TITLE, _LEAD, _BODY = 10, 3, 1


def _text_fields(prefix: str, text: Text, weight: int) -> list[_Field]:
    return [
        _Field.of(f"{prefix}.zh", weight, text.zh),
        _Field.of(f"{prefix}.en", weight, text.en),
    ]


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


# --- the loaded set -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Loaded:
    catalog: Catalog
    path: Path


@dataclass(slots=True)
class Scan:
    """What reading some directories found: the valid catalogs and every problem on the way."""

    loaded: dict[str, _Loaded] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader class


def _schema_problems(path: Path, error: ValidationError) -> list[Problem]:
    return [
        Problem(str(path), ".".join(str(part) for part in e["loc"]), e["msg"], "schema")
        for e in error.errors()
    ]


def _read_one(path: Path, scan: Scan) -> None:
    """Parse and validate one file into `scan`, recording why when it cannot be used."""
    try:
        catalog = Catalog.model_validate(_read(path))
    except yaml.YAMLError as error:
        scan.problems.append(Problem(str(path), "", f"not YAML: {error}", "schema"))
        return
    except ValidationError as error:
        scan.problems.extend(_schema_problems(path, error))
        return
    if catalog.id != path.stem:
        scan.problems.append(
            Problem(str(path), "id", f"id {catalog.id!r} differs from the file name", "schema")
        )
    if catalog.id in scan.loaded:
        other = scan.loaded[catalog.id].path
        message = f"catalog id {catalog.id!r} is already defined in {other}"
        scan.problems.append(Problem(str(path), "id", message, "duplicate"))
        return
    scan.loaded[catalog.id] = _Loaded(catalog, path)


def scan(dirs: Iterable[Path]) -> Scan:
    """Read and schema-validate every `*.yaml` in `dirs` (in name order), without raising."""
    result = Scan()
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            _read_one(path, result)
    return result


class Catalogs:
    """Every loaded catalog, indexed for lookups by URN, applicability, text and back-reference.

    Build it with `load_all()` (cached) or `load(dirs)`. Construction resolves every `cites`
    target and raises `CatalogError` if any is missing, so a loaded set is always consistent;
    `strict=False` (used by `check`) keeps a set with dangling cites so they can be listed.
    """

    def __init__(self, loaded: dict[str, _Loaded], *, strict: bool = True) -> None:
        self._loaded = dict(loaded)
        self._catalog_refs: dict[str, CatalogRef] = {}
        self._articles: dict[tuple[str, str], ArticleRef] = {}
        self._items: dict[tuple[str, str], ItemRef] = {}
        self._points: dict[tuple[str, str], PointRef] = {}
        self._citers: dict[tuple[str, str], list[PointRef]] = {}
        self._docs: tuple[_Doc, ...] | None = None
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
        }

    def _index(self, catalog_id: str, catalog: Catalog) -> None:
        self._catalog_refs[catalog_id] = CatalogRef(**self._meta(catalog, ""), catalog=catalog)
        for article in catalog.articles:
            aid = article_id(catalog, article.n)
            self._articles[(catalog_id, aid)] = ArticleRef(
                **self._meta(catalog, aid), catalog=catalog, article=article
            )
            for item in article.items:
                iid = f"{aid}.{item.n}"
                self._items[(catalog_id, iid)] = ItemRef(
                    **self._meta(catalog, iid), catalog=catalog, article=article, item=item
                )
            for point in article.points:
                self._points[(catalog_id, point.id)] = PointRef(
                    **self._meta(catalog, point.id), catalog=catalog, article=article, point=point
                )

    def _index_citers(self) -> None:
        for ref in self._points.values():
            for target in ref.point.cites:
                self._citers.setdefault(parse_ref(target), []).append(ref)

    def cite_problems(self) -> list[Problem]:
        """Every `cites` entry whose target catalog, article, item or point does not exist."""
        problems = []
        for ref in self._points.values():
            for target in ref.point.cites:
                if self.resolve(target) is None:
                    path = str(self._loaded[ref.catalog_id].path)
                    message = f"cites unknown target {target!r}"
                    problems.append(Problem(path, ref.point.id, message, "cite"))
        return problems

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

    # search

    def _search_docs(self) -> tuple[_Doc, ...]:
        if self._docs is None:
            self._docs = tuple(self._build_docs())
        return self._docs

    def _build_docs(self) -> Iterator[_Doc]:
        for cref in self._catalog_refs.values():
            yield _Doc(cref, tuple(_text_fields("title", cref.catalog.title, _TITLE)))
            for article in cref.catalog.articles:
                aref = self._articles[(cref.catalog_id, article_id(cref.catalog, article.n))]
                fields = [_Field.of("summary_en", _BODY, article.summary_en)]
                if article.text_zh:
                    fields.insert(0, _Field.of("text_zh", _BODY, article.text_zh))
                if article.chapter:
                    fields += _text_fields("chapter", article.chapter, _LEAD)
                yield _Doc(aref, tuple(fields))
                for item in article.items:
                    iref = self._items[(cref.catalog_id, f"{aref.local_id}.{item.n}")]
                    fields = [_Field.of("summary_en", _BODY, item.summary_en)]
                    if item.text_zh:
                        fields.insert(0, _Field.of("text_zh", _BODY, item.text_zh))
                    yield _Doc(iref, tuple(fields))
                for point in article.points:
                    pref = self._points[(cref.catalog_id, point.id)]
                    yield _Doc(
                        pref,
                        (
                            *_text_fields("title", point.title, _TITLE),
                            *_text_fields("question", point.question, _LEAD),
                            *_text_fields("typical_evidence", point.typical_evidence, _BODY),
                        ),
                    )

    def search(self, words: str | Sequence[str], limit: int | None = None) -> list[Hit]:
        """Full-text search over both languages. Every word must occur (AND); a word is a
        substring after normalisation, so Chinese needs no word splitting. Titles rank above
        questions and chapters, which rank above bodies."""
        terms = [normalise(w) for w in (words.split() if isinstance(words, str) else words)]
        terms = [t for t in terms if t]
        if not terms:
            return []
        hits = []
        for position, doc in enumerate(self._search_docs()):
            hit = _score(doc, terms)
            if hit is not None:
                hits.append((-hit.score, position, hit))
        hits.sort(key=lambda entry: (entry[0], entry[1]))
        found = [hit for _, _, hit in hits]
        return found[:limit] if limit is not None else found

    # checks

    def verbatim_problems(self) -> list[Problem]:
        """Every article/item/annex `text_zh` must occur in the official source, whitespace
        aside: the Chinese is the authoritative law, so a typo in it is a wrong law."""
        problems: list[Problem] = []
        for catalog_id, entry in self._loaded.items():
            problems += _verbatim(entry, self.source_path(catalog_id))
        return problems

    def language_problems(self) -> list[Problem]:
        """Every point says everything in Chinese and in English (an empty or untranslated
        field would show a blank cell to one of the two audiences)."""
        problems = []
        for ref in self._points.values():
            for name in ("title", "question", "typical_evidence"):
                text: Text = getattr(ref.point, name)
                problem = _language_problem(text)
                if problem:
                    path = str(self._loaded[ref.catalog_id].path)
                    problems.append(Problem(path, f"{ref.point.id}.{name}", problem, "language"))
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


def _verbatim(entry: _Loaded, source: Path | None) -> list[Problem]:
    catalog, path = entry.catalog, str(entry.path)
    texts = (
        [(article_id(catalog, a.n), a.text_zh) for a in catalog.articles if a.text_zh]
        + [
            (f"{article_id(catalog, a.n)}.{i.n}", i.text_zh)
            for a in catalog.articles
            for i in a.items
            if i.text_zh
        ]
        + [(f"annex {x.id}", x.text_zh) for x in catalog.annexes if x.text_zh]
    )
    if source is None:
        message = "has Chinese text but no source file to check it against"
        return [Problem(path, where, message, "source") for where, _ in texts]
    if not source.is_file():
        return [Problem(path, "source", f"source file {source} is missing", "source")]
    official = squash(source.read_text(encoding="utf-8"))
    message = f"text_zh is not verbatim in {source.name}"
    return [
        Problem(path, where, message, "verbatim")
        for where, text in texts
        if squash(text) not in official
    ]


def _language_problem(text: Text) -> str | None:
    if not _CJK.search(text.zh):
        return "the zh text has no Chinese in it"
    if not _LATIN.search(text.en):
        return "the en text has no English in it"
    return None


# --- loading and the module-level API -----------------------------------------------------------


def load(dirs: Sequence[Path]) -> Catalogs:
    """Load the catalogs in `dirs` (uncached); raise `CatalogError` listing every problem."""
    result = scan(dirs)
    if result.problems:
        raise CatalogError(result.problems)
    return Catalogs(result.loaded)


@functools.cache
def _load_cached(extra_dir: Path | None) -> Catalogs:
    return load([CATALOG_DIR] if extra_dir is None else [CATALOG_DIR, extra_dir])


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
    dirs = [CATALOG_DIR] if extra_dir is None else [CATALOG_DIR, extra_dir]
    return check_dirs(dirs)


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
