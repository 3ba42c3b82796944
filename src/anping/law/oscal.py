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

This module is the one to import; the work is done beside it and re-exported here:
`oscal_ids` (constants and the id mapping both directions share), `oscal_export` (`to_oscal`,
`dumps`, `export`) and `oscal_import` (`from_oscal`).
"""

from __future__ import annotations

from anping.law.oscal_export import dumps, export, to_oscal
from anping.law.oscal_ids import (
    ANPING_NS,
    CATALOG_EDITION,
    JSON,
    MEDIA_TYPE,
    OSCAL_VERSION,
    UUID_NAMESPACE,
    file_name,
    item_oscal_id,
    oscal_id,
)
from anping.law.oscal_import import from_oscal

__all__ = [
    "ANPING_NS",
    "CATALOG_EDITION",
    "JSON",
    "MEDIA_TYPE",
    "OSCAL_VERSION",
    "UUID_NAMESPACE",
    "dumps",
    "export",
    "file_name",
    "from_oscal",
    "item_oscal_id",
    "oscal_id",
    "to_oscal",
]
