"""OSCAL export: one regulation as an OSCAL 1.2 catalog document, and the files `export` writes.

The mapping itself is described in `oscal`; ids and constants shared with the import are in
`oscal_ids`. Every uuid is derived (uuid5 over `UUID_NAMESPACE`) and `last-modified` defaults to
the catalog edition, so exporting twice gives the same bytes and exports can be diffed.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from anping.law.catalog_index import Catalogs
from anping.law.catalog_refs import article_id, article_label, parse_ref, urn, zh_numeral
from anping.law.catalog_schema import Annex, Article, Catalog, Item, Liability, Point, Text
from anping.law.oscal_ids import (
    ANPING_NS,
    CATALOG_EDITION,
    JSON,
    MEDIA_TYPE,
    OSCAL_VERSION,
    UUID_NAMESPACE,
    file_name,
    item_oscal_id,
    local_targets,
    oscal_id,
)

_PROP_VALUE = re.compile(r"^\S(.*\S)?$")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, "/".join(parts)))


def _version() -> str:
    try:
        return importlib.metadata.version("anping")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "0+unknown"


def _prop(name: str, value: str, *, ns: str | None = ANPING_NS) -> JSON:
    """A prop; OSCAL prop values are single-line and trimmed, so refuse anything else rather
    than export something that would not read back equal."""
    if not _PROP_VALUE.match(value):
        raise ValueError(f"{name}={value!r} cannot be an OSCAL prop value (one trimmed line)")
    prop: JSON = {"name": name}
    if ns is not None:
        prop["ns"] = ns
    prop["value"] = value
    return prop


def _part(
    name: str,
    part_id: str,
    *,
    ns: str | None = ANPING_NS,
    title: str | None = None,
    props: Sequence[JSON] = (),
    prose: str | None = None,
    parts: Sequence[JSON] = (),
    links: Sequence[JSON] = (),
) -> JSON:
    """A part with only the keys that have content (OSCAL arrays must not be empty)."""
    part: JSON = {"id": part_id, "name": name}
    if ns is not None:
        part["ns"] = ns
    if title is not None:
        part["title"] = title
    for key, value in (("props", props), ("prose", prose), ("parts", parts), ("links", links)):
        if value:
            part[key] = list(value) if key != "prose" else value
    return part


def _text_part(owner: str, name: str, text: str) -> JSON:
    return _part(name, f"{owner}_{name}", prose=text)


class _Exporter:
    """Builds one catalog's OSCAL document; collects back-matter resources on the way."""

    def __init__(self, catalog: Catalog, catalogs: Catalogs | None) -> None:
        self.catalog = catalog
        self.catalogs = catalogs
        self.resources: dict[str, JSON] = {}
        self.targets = local_targets(catalog)
        _refuse_collisions(catalog)

    def document(self, last_modified: dt.datetime) -> JSON:
        body: JSON = {
            "uuid": _uuid("catalog", self.catalog.id),
            "metadata": self.metadata(last_modified),
        }
        controls = [self.control(a) for a in self.catalog.articles]
        groups = list(self.chapter_groups(controls))
        if groups:
            body["groups"] = groups
        else:
            body["controls"] = controls
        if self.catalog.annexes:
            body.setdefault("groups", []).append(self.annex_group())
        if self.resources:
            body["back-matter"] = {"resources": list(self.resources.values())}
        return {"catalog": body}

    def metadata(self, last_modified: dt.datetime) -> JSON:
        c = self.catalog
        props = [
            _prop("catalog-id", c.id),
            _prop("title-en", c.title.en),
            _prop("status", c.status),
            *([_prop("effective", c.effective.isoformat())] if c.effective else []),
            *([_prop("superseded-on", c.superseded_on.isoformat())] if c.superseded_on else []),
            _prop("unit", c.unit),
            *(_prop("issuer", issuer) for issuer in c.issuer),
            *([_prop("source", c.source)] if c.source else []),
        ]
        meta: JSON = {
            "title": c.title.zh,
            "last-modified": last_modified.isoformat(),
            "version": _version(),
            "oscal-version": OSCAL_VERSION,
            "props": props,
        }
        if c.source_note is not None:
            meta["remarks"] = c.source_note
        return meta

    def chapter_groups(self, controls: list[JSON]) -> Iterator[JSON]:
        """Runs of articles sharing a chapter; nothing when the catalog has no chapters."""
        articles = self.catalog.articles
        if all(a.chapter is None for a in articles):
            return
        runs: list[tuple[Text | None, list[JSON]]] = []
        for article, control in zip(articles, controls, strict=True):
            if runs and runs[-1][0] == article.chapter:
                runs[-1][1].append(control)
            else:
                runs.append((article.chapter, [control]))
        for k, (chapter, members) in enumerate(runs, start=1):
            group: JSON = {"id": f"ch{k}"}
            if chapter is None:
                group |= {"class": "unchaptered", "title": "（无章）"}
            else:
                group |= {"class": "chapter", "title": chapter.zh}
                group["parts"] = [_text_part(f"ch{k}", "title-en", chapter.en)]
            group["controls"] = members
            yield group

    def control(self, article: Article) -> JSON:
        aid = article_id(self.catalog, article.n)
        label = article_label(self.catalog, article.n)
        parts: list[JSON] = []
        if article.text_zh is not None or article.items:
            items = [self.item(aid, item) for item in article.items]
            parts.append(
                _part("statement", f"{aid}_smt", ns=None, prose=article.text_zh, parts=items)
            )
        parts.append(_text_part(aid, "summary-en", article.summary_en))
        parts += [self.point(point) for point in article.points]
        parts += [self.liability(aid, k, x) for k, x in enumerate(article.liabilities, start=1)]
        return {
            "id": aid,
            "class": self.catalog.unit,
            "title": label.zh,
            "props": [
                _prop("label", label.zh, ns=None),
                _prop("sort-id", f"{self.catalog.prefix}{article.n:03d}", ns=None),
            ],
            "parts": parts,
        }

    def item(self, aid: str, item: Item) -> JSON:
        part_id = item_oscal_id(aid, item.n)
        label = f"（{zh_numeral(item.n)}）" if self.catalog.unit == "article" else f"{item.n}."
        return _part(
            "item",
            part_id,
            ns=None,
            props=[_prop("label", label, ns=None)],
            prose=item.text_zh,
            parts=[_text_part(part_id, "summary-en", item.summary_en)],
        )

    def point(self, point: Point) -> JSON:
        pid = oscal_id(point.id)
        props = [
            _prop("point-id", point.id),
            *(_prop("applies-to", value) for value in point.applies_to),
            *(_prop("check", value) for value in point.checks),
        ]
        if point.checklist is not None:
            props.append(_prop("checklist-kind", point.checklist.kind))
            props += [_prop("checklist-service-type", t) for t in point.checklist.service_types]
        return _part(
            "assessment-objective",
            pid,
            ns=None,
            title=point.title.zh,
            props=props,
            prose=point.question.zh,
            parts=[
                _text_part(pid, "title-en", point.title.en),
                _text_part(pid, "question-en", point.question.en),
                _text_part(pid, "evidence", point.typical_evidence.zh),
                _text_part(pid, "evidence-en", point.typical_evidence.en),
            ],
            links=[self.link(target) for target in point.cites],
        )

    def liability(self, aid: str, k: int, liability: Liability) -> JSON:
        part_id = f"{aid}_liability-{k}"
        return _part(
            "liability",
            part_id,
            props=[
                _prop("law", liability.law),
                _prop("law-article", str(liability.law_article)),
            ],
            parts=[
                _text_part(part_id, "conduct", liability.conduct.zh),
                _text_part(part_id, "conduct-en", liability.conduct.en),
                _text_part(part_id, "basis", liability.basis.zh),
                _text_part(part_id, "basis-en", liability.basis.en),
            ],
        )

    def annex_group(self) -> JSON:
        parts = []
        for k, annex in enumerate(self.catalog.annexes, start=1):
            parts.append(self.annex(f"annex-{k}", annex))
        return {"id": "annexes", "class": "annexes", "title": "附件", "parts": parts}

    def annex(self, part_id: str, annex: Annex) -> JSON:
        return _part(
            "annex",
            part_id,
            title=annex.title.zh,
            props=[_prop("annex-id", annex.id)],
            prose=annex.text_zh,
            parts=[
                _text_part(part_id, "title-en", annex.title.en),
                _text_part(part_id, "summary-en", annex.summary_en),
            ],
        )

    def link(self, target: str) -> JSON:
        catalog_id, local = parse_ref(target)
        if catalog_id == self.catalog.id and local in self.targets:
            return {"href": f"#{self.targets[local]}", "rel": "related"}
        return {"href": f"#{self.resource(target)['uuid']}", "rel": "reference"}

    def resource(self, target: str) -> JSON:
        """The back-matter resource standing for a target outside this catalog (one per
        target): its cite, its URN and, when the target is known, the sibling export file."""
        if target in self.resources:
            return self.resources[target]
        catalog_id, local = parse_ref(target)
        rlinks: list[JSON] = [{"href": urn(catalog_id, local)}]
        title = target
        found = self.catalogs.resolve(target) if self.catalogs is not None else None
        if found is not None:
            fragment = local_targets(found.catalog).get(local)
            href = file_name(catalog_id) + (f"#{fragment}" if fragment else "")
            rlinks.append({"href": href, "media-type": MEDIA_TYPE})
            title = f"{target} {found.label.zh}"
        resource: JSON = {
            "uuid": _uuid("catalog", self.catalog.id, "cite", target),
            "title": title,
            "props": [_prop("cite", target)],
            "rlinks": rlinks,
        }
        self.resources[target] = resource
        return resource


def _refuse_collisions(catalog: Catalog) -> None:
    """`art5.a-b` and `art5.a.b` would both become `art5-a-b`: refuse rather than merge them."""
    seen: dict[str, str] = {}
    for article in catalog.articles:
        for point in article.points:
            other = seen.setdefault(oscal_id(point.id), point.id)
            if other != point.id:
                raise ValueError(f"{catalog.id}: points {other} and {point.id} map to one OSCAL id")


def to_oscal(
    catalog: Catalog,
    catalogs: Catalogs | None = None,
    *,
    last_modified: dt.datetime | None = None,
) -> JSON:
    """One regulation as an OSCAL catalog document (`{"catalog": …}`). With `catalogs`,
    cross-catalog cites also link to the target's place in its sibling export file."""
    when = last_modified or CATALOG_EDITION
    if when.tzinfo is None:
        raise ValueError("last_modified needs a timezone (OSCAL requires one)")
    return _Exporter(catalog, catalogs).document(when)


def dumps(document: Mapping[str, Any]) -> str:
    """Stable JSON text for an export: UTF-8 Chinese, two-space indent, trailing newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export(
    catalogs: Catalogs,
    out: Path,
    one_file_per_regulation: bool,
    *,
    only: Sequence[str] | None = None,
    last_modified: dt.datetime | None = None,
) -> list[Path]:
    """Write OSCAL catalogs: one `<id>.oscal.json` per regulation into directory `out`, or (with
    `one_file_per_regulation=False`) the single selected regulation into file `out`. An OSCAL
    document holds one catalog, so a single file takes exactly one regulation. Each document
    must pass `oscal_checks.semantic_problems` before it is written."""
    # Imported here: oscal_checks imports `oscal`, which imports this module.
    from anping.law.oscal_checks import semantic_problems

    ids = list(only) if only is not None else catalogs.ids
    selected = [catalogs[catalog_id] for catalog_id in ids]
    if not one_file_per_regulation and len(selected) != 1:
        raise ValueError(f"one file holds one OSCAL catalog; {len(selected)} selected")
    documents = {c.id: to_oscal(c, catalogs, last_modified=last_modified) for c in selected}
    for catalog_id, document in documents.items():
        problems = semantic_problems(document, catalog_id)
        if problems:
            raise ValueError("; ".join(str(p) for p in problems))
    if not one_file_per_regulation:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(dumps(next(iter(documents.values()))), encoding="utf-8")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for catalog_id, document in documents.items():
        path = out / file_name(catalog_id)
        path.write_text(dumps(document), encoding="utf-8")
        written.append(path)
    return written
