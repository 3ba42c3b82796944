"""Browse the law: regulation → article → points, Chinese and English side by side.

Public pages (no login): the regulations are public, and an officer checking an article on a
phone should not need an account.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from anping.law import catalog
from anping.law.catalog_schema import SERVICE_FEATURES, SERVICE_KINDS


def index(request: HttpRequest) -> HttpResponse:
    catalogs = catalog.load_all()
    refs = [catalogs.catalog_ref(c.id) for c in catalogs]
    return render(request, "regulations/index.html", {"refs": refs})


def regulation(request: HttpRequest, catalog_id: str) -> HttpResponse:
    catalogs = catalog.load_all()
    if catalog_id not in catalogs:
        raise Http404
    ref = catalogs.catalog_ref(catalog_id)
    articles = [(a, catalog.article_label(ref.catalog, a.n)) for a in ref.catalog.articles]
    return render(request, "regulations/regulation.html", {"ref": ref, "articles": articles})


def article(request: HttpRequest, catalog_id: str, n: int) -> HttpResponse:
    try:
        ref = catalog.get(f"{catalog_id}:{n}")
    except catalog.UnknownRef:
        raise Http404 from None
    if not isinstance(ref, catalog.ArticleRef):
        raise Http404
    points = [
        (p, [_link(c) for c in p.cites], _citers(catalog_id, p.id)) for p in ref.article.points
    ]
    items = [(i, catalog.item_label(ref.catalog, n, i.n)) for i in ref.article.items]
    context = {
        "ref": ref,
        "items": items,
        "points": points,
        "has_previous": n > 1,
        "has_next": n < len(ref.catalog.articles),
    }
    return render(request, "regulations/article.html", context)


def _link(cite: str) -> dict[str, object]:
    """Where a cross-reference leads: its regulation, article number and label."""
    try:
        ref = catalog.get(cite)
    except catalog.UnknownRef:
        return {"cite": cite, "catalog_id": None}
    n = getattr(getattr(ref, "article", None), "n", None)
    return {"cite": cite, "catalog_id": ref.catalog_id, "n": n, "label": ref.label}


def _citers(catalog_id: str, point_id: str) -> list[dict[str, object]]:
    return [_link(p.cite) for p in catalog.cited_by(f"{catalog_id}:{point_id}")]


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    hits = catalog.search(query, limit=100) if query else []
    rows = [(hit, _link(hit.ref.cite)) for hit in hits]
    return render(request, "regulations/search.html", {"q": query, "rows": rows})


def points(request: HttpRequest) -> HttpResponse:
    kinds = [k for k in request.GET.getlist("kind") if k in SERVICE_KINDS]
    features = [f for f in request.GET.getlist("feature") if f in SERVICE_FEATURES]
    on = _date(request.GET.get("on"))
    drafts = request.GET.get("drafts") == "1"
    found = catalog.points_for(kinds, features, on=on, include_drafts=drafts) if kinds else []
    context = {
        "kinds": SERVICE_KINDS,
        "features": SERVICE_FEATURES,
        "chosen_kinds": kinds,
        "chosen_features": features,
        "on": on,
        "drafts": drafts,
        "found": [(p, _link(p.cite)) for p in found],
        "asked": bool(kinds),
    }
    return render(request, "regulations/points.html", context)


def _date(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()
