"""OSCAL import: read an anping OSCAL export back into an equal `Catalog`.

The import exists so that the export is provably lossless: `from_oscal(to_oscal(c)) == c` for
every catalog (a round-trip test keeps it so). It reads only what the export writes (the mapping
is described in `oscal`), and refuses, rather than guesses at, a document that lacks a part it
needs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from anping.law.catalog_refs import item_id
from anping.law.catalog_schema import Catalog
from anping.law.oscal_ids import ANPING_NS, JSON, article_number, item_number


def _ours(entry: Mapping[str, Any]) -> bool:
    return entry.get("ns") == ANPING_NS


def _props(owner: Mapping[str, Any], name: str) -> list[str]:
    """Values of the anping props called `name`, in order."""
    return [p["value"] for p in owner.get("props", []) if p["name"] == name and _ours(p)]


def _one_prop(owner: Mapping[str, Any], name: str) -> str | None:
    values = _props(owner, name)
    return values[0] if values else None


def _parts(owner: Mapping[str, Any], name: str, *, ours: bool) -> list[Mapping[str, Any]]:
    return [p for p in owner.get("parts", []) if p["name"] == name and _ours(p) == ours]


def _subpart(owner: Mapping[str, Any], name: str, *, ours: bool = True) -> Mapping[str, Any]:
    found = _parts(owner, name, ours=ours)
    if not found:
        raise ValueError(f"{owner.get('id', '?')}: no part {name!r}")
    return found[0]


def _prose(owner: Mapping[str, Any], name: str) -> str:
    prose: str = _subpart(owner, name)["prose"]
    return prose


class _Importer:
    """Reads an anping OSCAL export back into catalog data."""

    def __init__(self, body: Mapping[str, Any]) -> None:
        self.body = body
        self.ids = self._id_map()
        resources = body.get("back-matter", {}).get("resources", [])
        self.resources = {r["uuid"]: r for r in resources}
        self.catalog_id = _one_prop(body["metadata"], "catalog-id")

    def _id_map(self) -> dict[str, str]:
        """OSCAL id → anping local id, for same-catalog links."""
        ids: dict[str, str] = {}
        for control in self.controls():
            aid = control["id"]
            ids[aid] = aid
            statement = self.statement(control)
            for item in statement.get("parts", []) if statement else []:
                ids[item["id"]] = item_id(aid, item_number(item["id"]))
            for point in _parts(control, "assessment-objective", ours=False):
                ids[point["id"]] = _one_prop(point, "point-id") or point["id"]
        return ids

    def controls(self) -> Iterator[Mapping[str, Any]]:
        yield from self.body.get("controls", [])
        for group in self.chapter_groups():
            yield from group.get("controls", [])

    def chapter_groups(self) -> Iterator[Mapping[str, Any]]:
        for group in self.body.get("groups", []):
            if group.get("class") in ("chapter", "unchaptered"):
                yield group

    @staticmethod
    def statement(control: Mapping[str, Any]) -> Mapping[str, Any] | None:
        found = _parts(control, "statement", ours=False)
        return found[0] if found else None

    def catalog(self) -> JSON:
        meta = self.body["metadata"]
        data: JSON = {
            "id": self.catalog_id,
            "title": {"zh": meta["title"], "en": _one_prop(meta, "title-en")},
            "issuer": _props(meta, "issuer"),
            "status": _one_prop(meta, "status"),
            "effective": _one_prop(meta, "effective"),
            "superseded_on": _one_prop(meta, "superseded-on"),
            "source": _one_prop(meta, "source"),
            "source_note": meta.get("remarks"),
            "unit": _one_prop(meta, "unit"),
            "articles": self.articles(),
            "annexes": self.annexes(),
        }
        return data

    def articles(self) -> list[JSON]:
        articles = [self.article(control, None) for control in self.body.get("controls", [])]
        for group in self.chapter_groups():
            chapter = None
            if group["class"] == "chapter":
                chapter = {"zh": group["title"], "en": _prose(group, "title-en")}
            articles += [self.article(control, chapter) for control in group.get("controls", [])]
        return articles

    def article(self, control: Mapping[str, Any], chapter: JSON | None) -> JSON:
        statement = self.statement(control)
        return {
            "n": article_number(control["id"]),
            "chapter": chapter,
            "text_zh": statement.get("prose") if statement else None,
            "summary_en": _prose(control, "summary-en"),
            "items": [self.item(p) for p in statement.get("parts", [])] if statement else [],
            "points": [self.point(p) for p in _parts(control, "assessment-objective", ours=False)],
            "liabilities": [self.liability(p) for p in _parts(control, "liability", ours=True)],
        }

    @staticmethod
    def item(part: Mapping[str, Any]) -> JSON:
        return {
            "n": item_number(part["id"]),
            "text_zh": part.get("prose"),
            "summary_en": _prose(part, "summary-en"),
        }

    def point(self, part: Mapping[str, Any]) -> JSON:
        kind = _one_prop(part, "checklist-kind")
        checklist = None
        if kind is not None:
            checklist = {"kind": kind, "service_types": _props(part, "checklist-service-type")}
        return {
            "id": _one_prop(part, "point-id"),
            "title": {"zh": part["title"], "en": _prose(part, "title-en")},
            "question": {"zh": part["prose"], "en": _prose(part, "question-en")},
            "typical_evidence": {"zh": _prose(part, "evidence"), "en": _prose(part, "evidence-en")},
            "applies_to": _props(part, "applies-to"),
            "checks": _props(part, "check"),
            "cites": [self.cite(link) for link in part.get("links", [])],
            "checklist": checklist,
        }

    def cite(self, link: Mapping[str, Any]) -> str:
        target = str(link["href"]).removeprefix("#")
        if target in self.resources:
            cite = _one_prop(self.resources[target], "cite")
            if cite is None:
                raise ValueError(f"resource {target} has no anping cite prop")
            return cite
        if target in self.ids:
            return f"{self.catalog_id}:{self.ids[target]}"
        raise ValueError(f"link {link['href']!r} resolves to nothing in the document")

    @staticmethod
    def liability(part: Mapping[str, Any]) -> JSON:
        return {
            "conduct": {"zh": _prose(part, "conduct"), "en": _prose(part, "conduct-en")},
            "basis": {"zh": _prose(part, "basis"), "en": _prose(part, "basis-en")},
            "law": _one_prop(part, "law"),
            "law_article": int(_one_prop(part, "law-article") or 0),
        }

    def annexes(self) -> list[JSON]:
        annexes = []
        for group in self.body.get("groups", []):
            if group.get("class") != "annexes":
                continue
            for part in _parts(group, "annex", ours=True):
                annexes.append(
                    {
                        "id": _one_prop(part, "annex-id"),
                        "title": {"zh": part["title"], "en": _prose(part, "title-en")},
                        "text_zh": part.get("prose"),
                        "summary_en": _prose(part, "summary-en"),
                    }
                )
        return annexes


def from_oscal(document: Mapping[str, Any]) -> Catalog:
    """Read an anping OSCAL export (the whole document or its `catalog` object) back into a
    `Catalog`; `from_oscal(to_oscal(c)) == c` for every catalog."""
    body = document.get("catalog", document)
    return Catalog.model_validate(_Importer(body).catalog())
