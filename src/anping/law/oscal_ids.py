"""The naming both directions of the OSCAL mapping share: constants, and anping ids ↔ OSCAL ids.

Export and import must agree on every id and on the namespace, or a round trip would not give
back an equal catalog; keeping the mapping in one module is what makes them agree. OSCAL ids are
ASCII tokens, so a point id's dots become dashes (`art5.3` → `art5-3`) and an item, which has no
id of its own in anping, becomes a statement part (`art5_smt-3`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from anping.law.catalog_refs import article_id, item_id
from anping.law.catalog_schema import Catalog

#: The namespace of every anping-specific prop and part.
ANPING_NS = "https://anping.dev/ns/oscal"
#: The OSCAL release of the vendored schema the exports are validated against.
OSCAL_VERSION = "1.2.3"
#: Root of every deterministic uuid in an export.
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, ANPING_NS)
#: `last-modified` when none is given: the edition of the shipped catalog data. A constant, so
#: that exporting twice gives the same bytes.
CATALOG_EDITION = dt.datetime(2026, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
#: Media type of the sibling files `export` writes.
MEDIA_TYPE = "application/oscal.catalog+json"

JSON = dict[str, Any]

_ITEM_ID = re.compile(r"_smt-([0-9]+)$")
_CONTROL_ID = re.compile(r"^[a-z]+([0-9]+)$")


def oscal_id(local_id: str) -> str:
    """An anping point id as an OSCAL token: `art5.3` → `art5-3`, `art5.legality` →
    `art5-legality`."""
    return local_id.replace(".", "-")


def item_oscal_id(article_oscal_id: str, n: int) -> str:
    """Item (三) of `art5` → `art5_smt-3` (the underscore cannot occur in a point's id)."""
    return f"{article_oscal_id}_smt-{n}"


def item_number(part_id: str) -> int:
    """The inverse of `item_oscal_id`: `art5_smt-3` → 3."""
    match = _ITEM_ID.search(part_id)
    if match is None:
        raise ValueError(f"item part id {part_id!r} does not end in _smt-N")
    return int(match[1])


def article_number(control_id: str) -> int:
    """An article control's number: `art5` → 5, `cat3` → 3."""
    match = _CONTROL_ID.match(control_id)
    if match is None:
        raise ValueError(f"control id {control_id!r} is not an anping article id")
    return int(match[1])


def file_name(catalog_id: str) -> str:
    """The file `export` writes a catalog to; cross-catalog rlinks point at it."""
    return f"{catalog_id}.oscal.json"


def local_targets(catalog: Catalog) -> dict[str, str]:
    """anping local id → OSCAL id for everything a cite may name; points shadow items."""
    targets: dict[str, str] = {}
    for article in catalog.articles:
        aid = article_id(catalog, article.n)
        targets[aid] = aid
        for item in article.items:
            targets[item_id(aid, item.n)] = item_oscal_id(aid, item.n)
    for article in catalog.articles:
        for point in article.points:
            targets[point.id] = oscal_id(point.id)
    return targets
