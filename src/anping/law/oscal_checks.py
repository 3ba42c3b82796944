"""Checks on an OSCAL document that its JSON schema cannot express.

The NIST JSON schema checks shapes and datatypes one object at a time. What it cannot see, and
OSCAL's own (Metaschema) constraints demand or anping relies on, is document-wide:

- every `id` and every `uuid` is unique in the document;
- ids are ASCII tokens (the schema allows any letter; anping's ids must be easy to type and cite);
- every internal link (`href: "#…"`) names an id or a uuid in the document;
- every prop and part whose name is not core OSCAL carries anping's namespace, and no other
  namespace appears — so a consumer can tell our vocabulary from NIST's.

`semantic_problems` is used by the tests, by `oscal.export` before it writes, and by
`anping catalog check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from anping.law.catalog import Problem
from anping.law.oscal import ANPING_NS

#: Core OSCAL prop names anping uses without a namespace.
CORE_PROP_NAMES = frozenset({"label", "sort-id", "alt-identifier", "status", "keywords"})
#: Core OSCAL part names anping uses without a namespace.
CORE_PART_NAMES = frozenset(
    {
        "statement",
        "item",
        "guidance",
        "overview",
        "assessment-objective",
        "assessment-method",
        "assessment-objects",
    }
)

_ASCII_TOKEN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


Found = list[tuple[str, str | None, Mapping[str, Any]]]


def _walk(node: Any, path: str, holder: str | None) -> Iterator[tuple[str, str | None, Any]]:
    """Every object in the document: its JSON path and the key of the list that holds it."""
    if not isinstance(node, Mapping):
        return
    yield path, holder, node
    for key, value in node.items():
        if isinstance(value, list):
            for index, entry in enumerate(value):
                yield from _walk(entry, f"{path}/{key}/{index}", key)
        else:
            yield from _walk(value, f"{path}/{key}", None)


def _objects(document: Mapping[str, Any]) -> Found:
    return list(_walk(document, "", None))


def _unique(objects: Found, key: str, name: str) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for path, _, obj in objects:
        value = obj.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            problems.append(Problem(name, path, f"{key} {value!r} also at {seen[value]}", "oscal"))
        else:
            seen[value] = path
    return problems


def _ascii_ids(objects: Found, name: str) -> list[Problem]:
    return [
        Problem(name, path, f"id {obj['id']!r} is not an ASCII token", "oscal")
        for path, _, obj in objects
        if isinstance(obj.get("id"), str) and not _ASCII_TOKEN.match(obj["id"])
    ]


def _links(objects: Found, name: str) -> list[Problem]:
    anchors = {
        obj[k] for _, _, obj in objects for k in ("id", "uuid") if isinstance(obj.get(k), str)
    }
    problems = []
    for path, holder, obj in objects:
        href = obj.get("href")
        if holder != "links" or not isinstance(href, str) or not href.startswith("#"):
            continue
        if href[1:] not in anchors:
            problems.append(Problem(name, path, f"link {href!r} resolves to nothing", "oscal"))
    return problems


def _namespaces(objects: Found, name: str) -> list[Problem]:
    core = {"props": CORE_PROP_NAMES, "parts": CORE_PART_NAMES}
    problems = []
    for path, holder, obj in objects:
        if holder not in core:
            continue
        ns, entry_name = obj.get("ns"), obj.get("name")
        if ns is not None and ns != ANPING_NS:
            problems.append(Problem(name, path, f"foreign namespace {ns!r}", "oscal"))
        elif ns is None and entry_name not in core[holder]:
            kind = holder[:-1]
            message = f"custom {kind} {entry_name!r} lacks ns {ANPING_NS!r}"
            problems.append(Problem(name, path, message, "oscal"))
    return problems


def semantic_problems(document: Mapping[str, Any], name: str = "oscal") -> list[Problem]:
    """Everything wrong with an OSCAL document beyond its schema; `name` labels the problems."""
    objects = _objects(document)
    return (
        _unique(objects, "id", name)
        + _unique(objects, "uuid", name)
        + _ascii_ids(objects, name)
        + _links(objects, name)
        + _namespaces(objects, name)
    )
