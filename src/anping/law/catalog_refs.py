"""What a catalog lookup returns: typed references, their addresses and the law's own names.

Every result of `Catalogs.get` and friends is one of `CatalogRef`, `ArticleRef`, `ItemRef` or
`PointRef` (together `AnyRef`), so a caller always knows whether it holds an item or a point of
the same id. Each carries its URN and the legal status of its regulation, because whoever shows a
provision must also say whether it binds.

The addressing scheme (URNs, cites, point-over-item precedence) is described in `catalog`; the
labels (第五条 / Art. 5) are how the regulation itself names things.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from anping.law.catalog_schema import Article, Catalog, Item, Point, Text

URN_PREFIX = "urn:anping:"

Status = Literal["in-force", "draft", "superseded"]
Kind = Literal["catalog", "article", "item", "point"]
Prefer = Literal["point", "item"]

_LOCAL_ID = re.compile(r"^(?:(?P<prefix>[a-z]+)?(?P<n>[0-9]+))(?P<rest>(?:\.[a-z0-9-]+)*)$")
_NUMERALS = "零一二三四五六七八九"


class UnknownRef(LookupError):
    """A URN, cite or id that names no catalog, article, item or point."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown reference"


# --- the law's names ----------------------------------------------------------------------------


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


def item_id(article_local_id: str, n: int) -> str:
    """`art5` + item 3 = `art5.3`: derived, so a point may carry the same id (points win)."""
    return f"{article_local_id}.{n}"


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


def counts(catalog: Catalog) -> dict[str, int]:
    """Articles, items, points and annexes of a catalog (for listings)."""
    return {
        "articles": len(catalog.articles),
        "items": sum(len(a.items) for a in catalog.articles),
        "points": sum(len(a.points) for a in catalog.articles),
        "annexes": len(catalog.annexes),
    }


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """What every lookup result carries: its address, its regulation and that regulation's legal
    status."""

    kind: ClassVar[Kind]
    urn: str
    catalog_id: str
    #: `art5`, `art5.3`, `cat2.1`; empty for a catalog.
    local_id: str
    status: Status
    effective: dt.date | None
    superseded_on: dt.date | None
    catalog: Catalog

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
