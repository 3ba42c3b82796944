"""Read-only JSON API over the regulation catalogs (`anping.law.catalog`).

The law is public, so these endpoints need no login: a provider's own anping instance, an
assessment firm's tooling or a researcher can read the same catalog the platform assesses by.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from anping.core.errors import Invalid
from anping.law import catalog
from anping.law.oscal import to_oscal

router = Router(tags=["catalog"], auth=None)


def _lookup(ref: str) -> catalog.AnyRef:
    try:
        return catalog.get(ref)
    except catalog.UnknownRef:
        raise Http404 from None


@router.get("/catalogs")
def list_catalogs(request: HttpRequest) -> list[dict[str, Any]]:
    """Every regulation with its status, effective date and counts."""
    catalogs = catalog.load_all()
    return [catalogs.catalog_ref(c.id).to_dict() for c in catalogs]


@router.get("/catalogs/{catalog_id}")
def get_catalog(request: HttpRequest, catalog_id: str) -> dict[str, Any]:
    """One regulation with every article (text, items, points)."""
    found = _lookup(catalog_id)
    if not isinstance(found, catalog.CatalogRef):
        raise Http404
    return {**found.to_dict(), "catalog": found.catalog.model_dump(mode="json")}


@router.get("/catalog/refs/{ref}")
def get_ref(request: HttpRequest, ref: str) -> dict[str, Any]:
    """An article, item or point by URN or cite (`urn:anping:sa-2018:art5.3`, `sa-2018:5`)."""
    found = _lookup(ref)
    return {**found.to_dict(), "cited_by": [p.to_dict() for p in catalog.cited_by(found.cite)]}


@router.get("/catalog/search")
def search(request: HttpRequest, q: str, limit: int = 50) -> list[dict[str, Any]]:
    """Full-text search over Chinese and English (Chinese words need no spaces)."""
    if not q.strip():
        raise Invalid("q must not be empty")
    return [hit.to_dict() for hit in catalog.search(q, limit=max(1, min(limit, 200)))]


@router.get("/catalog/points")
def points(
    request: HttpRequest,
    kind: list[str] = Query(...),  # noqa: B008 - django-ninja's way to declare list parameters
    feature: list[str] = Query([]),  # noqa: B008
    on: dt.date | None = None,
    drafts: bool = False,
) -> list[dict[str, Any]]:
    """Points applicable to a service profile on a date (regulations in force then)."""
    try:
        found = catalog.points_for(kind, feature, on=on, include_drafts=drafts)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    return [p.to_dict() for p in found]


@router.get("/catalogs/{catalog_id}/oscal")
def oscal(request: HttpRequest, catalog_id: str) -> dict[str, Any]:
    """The regulation as an OSCAL 1.2 catalog (Chinese statements, English under anping's ns)."""
    catalogs = catalog.load_all()
    if catalog_id not in catalogs:
        raise Http404
    return to_oscal(catalogs[catalog_id], catalogs)
