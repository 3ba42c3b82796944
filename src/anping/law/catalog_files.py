"""Reading catalog files: parse and schema-validate every `*.yaml` in some directories.

Reading never raises for a bad file: each file that cannot be used becomes a `Problem` and the
rest are still read, so `anping catalog check` can report everything at once while `load` (in
`catalog`) turns any problem into a `CatalogError`. YAML is read with libyaml when present,
because the shipped catalogs are large and parsed on every process start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from anping.law.catalog_problems import Problem
from anping.law.catalog_schema import Catalog

LAW_DIR = Path(__file__).parent
#: The catalogs shipped with anping.
CATALOG_DIR = LAW_DIR / "catalogs"

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class Loaded:
    """A valid catalog and the file it came from (problems found later point at the file)."""

    catalog: Catalog
    path: Path


@dataclass(slots=True)
class Scan:
    """What reading some directories found: the valid catalogs and every problem on the way."""

    loaded: dict[str, Loaded] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def catalog_dirs(extra_dir: Path | None) -> list[Path]:
    """The shipped catalog directory, then `extra_dir` when given (its ids must not clash)."""
    return [CATALOG_DIR] if extra_dir is None else [CATALOG_DIR, extra_dir]


def scan(dirs: Iterable[Path]) -> Scan:
    """Read and schema-validate every `*.yaml` in `dirs` (in name order), without raising."""
    result = Scan()
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            _read_one(path, result)
    return result


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader class


def _schema_problems(path: Path, error: ValidationError) -> list[Problem]:
    return [
        Problem(str(path), ".".join(str(part) for part in e["loc"]), e["msg"], "schema")
        for e in error.errors()
    ]


def _read_one(path: Path, scan: Scan) -> None:
    """Parse and validate one file into `scan`, recording why when it cannot be used."""
    try:
        catalog = Catalog.model_validate(_read(path))
    except yaml.YAMLError as error:
        scan.problems.append(Problem(str(path), "", f"not YAML: {error}", "schema"))
        return
    except ValidationError as error:
        scan.problems.extend(_schema_problems(path, error))
        return
    if catalog.id != path.stem:
        scan.problems.append(
            Problem(str(path), "id", f"id {catalog.id!r} differs from the file name", "schema")
        )
    if catalog.id in scan.loaded:
        other = scan.loaded[catalog.id].path
        message = f"catalog id {catalog.id!r} is already defined in {other}"
        scan.problems.append(Problem(str(path), "id", message, "duplicate"))
        return
    scan.loaded[catalog.id] = Loaded(catalog, path)
