"""A check's parameters as a web form: file slots, simple fields, advanced JSON, and what the
server keeps for itself.

Read from the check's pydantic model, so a new check needs no form code:

* **file slots** — fields typed `Path` (one file) and `inputs` (one or more files). Their values
  are always paths the server chose for uploaded files; a user can never name a server path;
* **source** — `url` / `table` / `engine`: a data source configured by the provider;
* **server fields** — resources and internals (`memory_limit`, `threads`, `workers`, …): kept
  at their defaults, refused when given;
* **simple fields** — text, numbers, yes/no, dates and choices: one input each;
* everything else (mappings, lists, nested settings) — **advanced**, one JSON object.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

SOURCE_FIELDS = frozenset({"url", "table", "engine"})
SERVER_FIELDS = frozenset(
    {"memory_limit", "threads", "workers", "max_read_bytes", "max_text_chars", "fingerprints"}
)
MULTI_FILE_FIELDS = frozenset({"inputs"})
#: Backends a data-source URL may name: network databases only (no local files on the server).
URL_SCHEMES = frozenset({"postgres", "postgresql", "clickhouse", "trino", "mysql", "mssql"})

SIMPLE_TYPES: dict[type, str] = {
    str: "text",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date",
}


@dataclass(frozen=True)
class Slot:
    name: str
    multiple: bool
    required: bool
    description: str = ""


@dataclass(frozen=True)
class Simple:
    name: str
    kind: str  # text, integer, number, boolean, date, choice
    required: bool
    default: Any
    description: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParamsForm:
    slots: tuple[Slot, ...]
    simple: tuple[Simple, ...]
    advanced: dict[str, Any] = field(default_factory=dict)
    accepts_url: bool = False
    accepts_table: bool = False

    @property
    def advanced_json(self) -> str:
        return json.dumps(self.advanced, ensure_ascii=False, indent=2, default=str)


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _default(info: Any) -> Any:
    if info.default is not PydanticUndefined:
        return info.default
    if info.default_factory is not None:
        return info.default_factory()
    return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def describe(model: type[BaseModel]) -> ParamsForm:
    slots: list[Slot] = []
    simple: list[Simple] = []
    advanced: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation, _optional = _strip_optional(info.annotation)
        required = info.is_required()
        description = info.description or ""
        if name in SOURCE_FIELDS or name in SERVER_FIELDS:
            continue
        if annotation is Path:
            slots.append(Slot(name, False, required, description))
            continue
        if name in MULTI_FILE_FIELDS:
            slots.append(Slot(name, True, required, description))
            continue
        if get_origin(annotation) is Literal:
            choices = tuple(str(a) for a in get_args(annotation))
            simple.append(Simple(name, "choice", required, _default(info), description, choices))
            continue
        if annotation in SIMPLE_TYPES:
            simple.append(
                Simple(name, SIMPLE_TYPES[annotation], required, _default(info), description)
            )
            continue
        advanced[name] = _jsonable(_default(info))
    return ParamsForm(
        slots=tuple(slots),
        simple=tuple(simple),
        advanced=advanced,
        accepts_url="url" in model.model_fields,
        accepts_table="table" in model.model_fields,
    )


def forbidden_keys(model: type[BaseModel], params: dict[str, Any]) -> list[str]:
    """Keys a user may not set: file slots (server paths), the source, server resources."""
    form = describe(model)
    slot_names = {s.name for s in form.slots}
    return sorted(k for k in params if k in slot_names | SOURCE_FIELDS | SERVER_FIELDS)
