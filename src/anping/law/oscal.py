"""Export catalogs as OSCAL 1.2 catalogs, and read them back without losing anything.

OSCAL (NIST's Open Security Controls Assessment Language) is what assessment tools exchange; an
anping catalog exported here can be loaded by any OSCAL tool, and `from_oscal` turns the export
back into an equal `Catalog`, so the mapping below is complete by construction (a round-trip test
over every catalog keeps it so).

Mapping, one OSCAL catalog per regulation:

- **catalog** — `uuid` is uuid5 over `UUID_NAMESPACE` and the catalog id (every uuid is derived
  the same way, so exports are reproducible); `metadata.title` is the Chinese title,
  `oscal-version` is `OSCAL_VERSION` (the vendored schema's), `version` is anping's,
  `last-modified` is `CATALOG_EDITION` unless given. Id, English title, status, dates, unit,
  issuers and source file are anping props; `source_note` is the metadata `remarks`.
- **chapters** — when articles carry chapters, runs of articles with the same chapter become
  groups `ch1`, `ch2`… (class `chapter`, title Chinese, English in part `title-en`); articles
  without one in such a catalog go in groups of class `unchaptered`. Otherwise controls are flat.
- **article / category** — a control `art5` / `cat3` (class `article` / `category`), titled
  第五条 / 第三类, with core props `label` and `sort-id`. Its parts, in order:
  - `statement` (`art5_smt`): the authoritative Chinese `text_zh` as prose, with one `item` part
    per item (`art5_smt-3`, Chinese prose, English in part `summary-en`). OSCAL has no language
    tags, so Chinese lives in the core parts and English in anping-namespaced ones.
  - `summary-en` (`art5_summary-en`): the article's English summary.
  - one `assessment-objective` part per assessment point, id `art5.3` → `art5-3`,
    `art5.legality` → `art5-legality` (OSCAL ids here are ASCII tokens): Chinese title and
    question as title and prose; parts `title-en`, `question-en`, `evidence`, `evidence-en`;
    props `point-id`, `applies-to`, `check`, `checklist-kind`, `checklist-service-type`.
    Points are parts, not sub-controls, because they are how an article is assessed, not
    separate requirements; this is also how NIST SP 800-53A objectives appear in OSCAL.
  - one `liability` part per liability (`art24_liability-1`): props `law`, `law-article`,
    parts `conduct`, `conduct-en`, `basis`, `basis-en`.
- **cites** — links on the point part. A target in the same catalog is `rel: related`,
  `href: #art5-3` (a point wins over an item of the same id, as in `catalog.get`). A target in
  another catalog is `rel: reference` to a back-matter resource whose prop `cite` holds the cite,
  with rlinks to the URN and, when the other catalog is known, to `sa-2018.oscal.json#art5-3`
  (the file `export` writes beside this one).
- **annexes** — a group `annexes` of `annex` parts (`annex-1`…; the anping id in prop
  `annex-id`, English in parts `title-en` and `summary-en`).

Every prop or part that is not core OSCAL carries `ns: ANPING_NS`; `oscal_checks` verifies that,
along with unique ids and uuids and resolvable internal links, which the JSON schema cannot.
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

from anping.law.catalog import (
    Catalogs,
    article_id,
    article_label,
    parse_ref,
    urn,
    zh_numeral,
)
from anping.law.catalog_schema import Annex, Article, Catalog, Item, Liability, Point, Text

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

_PROP_VALUE = re.compile(r"^\S(.*\S)?$")
_ITEM_ID = re.compile(r"_smt-([0-9]+)$")
_CONTROL_ID = re.compile(r"^[a-z]+([0-9]+)$")


def oscal_id(local_id: str) -> str:
    """An anping point id as an OSCAL token: `art5.3` → `art5-3`, `art5.legality` →
    `art5-legality`."""
    return local_id.replace(".", "-")


def item_oscal_id(article_oscal_id: str, n: int) -> str:
    """Item (三) of `art5` → `art5_smt-3` (the underscore cannot occur in a point's id)."""
    return f"{article_oscal_id}_smt-{n}"


def file_name(catalog_id: str) -> str:
    """The file `export` writes a catalog to; cross-catalog rlinks point at it."""
    return f"{catalog_id}.oscal.json"


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


# --- export -------------------------------------------------------------------------------------


class _Exporter:
    """Builds one catalog's OSCAL document; collects back-matter resources on the way."""

    def __init__(self, catalog: Catalog, catalogs: Catalogs | None) -> None:
        self.catalog = catalog
        self.catalogs = catalogs
        self.resources: dict[str, JSON] = {}
        self.targets = _local_targets(catalog)
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
            fragment = _local_targets(found.catalog).get(local)
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


def _local_targets(catalog: Catalog) -> dict[str, str]:
    """anping local id → OSCAL id for everything a cite may name; points shadow items."""
    targets: dict[str, str] = {}
    for article in catalog.articles:
        aid = article_id(catalog, article.n)
        targets[aid] = aid
        for item in article.items:
            targets[f"{aid}.{item.n}"] = item_oscal_id(aid, item.n)
    for article in catalog.articles:
        for point in article.points:
            targets[point.id] = oscal_id(point.id)
    return targets


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


# --- import -------------------------------------------------------------------------------------


def _ours(entry: Mapping[str, Any]) -> bool:
    return entry.get("ns") == ANPING_NS


def _props(owner: Mapping[str, Any], name: str) -> list[str]:
    """Values of the anping props called `name`, in order."""
    return [p["value"] for p in owner.get("props", []) if p["name"] == name and _ours(p)]


def _one_prop(owner: Mapping[str, Any], name: str) -> str | None:
    values = _props(owner, name)
    return values[0] if values else None


def _subpart(owner: Mapping[str, Any], name: str, *, ours: bool = True) -> Mapping[str, Any]:
    for part in owner.get("parts", []):
        if part["name"] == name and _ours(part) == ours:
            found: Mapping[str, Any] = part
            return found
    raise ValueError(f"{owner.get('id', '?')}: no part {name!r}")


def _prose(owner: Mapping[str, Any], name: str) -> str:
    prose: str = _subpart(owner, name)["prose"]
    return prose


def _parts(owner: Mapping[str, Any], name: str, *, ours: bool) -> list[Mapping[str, Any]]:
    return [p for p in owner.get("parts", []) if p["name"] == name and _ours(p) == ours]


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
                ids[item["id"]] = f"{aid}.{_item_n(item)}"
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
        match = _CONTROL_ID.match(control["id"])
        if match is None:
            raise ValueError(f"control id {control['id']!r} is not an anping article id")
        statement = self.statement(control)
        return {
            "n": int(match[1]),
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
            "n": _item_n(part),
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


def _item_n(part: Mapping[str, Any]) -> int:
    match = _ITEM_ID.search(part["id"])
    if match is None:
        raise ValueError(f"item part id {part['id']!r} does not end in _smt-N")
    return int(match[1])


def from_oscal(document: Mapping[str, Any]) -> Catalog:
    """Read an anping OSCAL export (the whole document or its `catalog` object) back into a
    `Catalog`; `from_oscal(to_oscal(c)) == c` for every catalog."""
    body = document.get("catalog", document)
    return Catalog.model_validate(_Importer(body).catalog())
