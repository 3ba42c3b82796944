"""What every check returns: criteria with figures, a few masked examples, and how it ran.

A check that could not read or decide its input says so ("cannot_decide"); it never reports
"met" by default, because an authority would take "met" as evidence that a measure works.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_EXAMPLES = 5


class Status(StrEnum):
    """The outcome of one criterion, and of a whole check (the worst of its criteria)."""

    MET = "met"
    NOT_MET = "not_met"
    CANNOT_DECIDE = "cannot_decide"  # input unreadable, missing or not telling
    MANUAL = "manual"  # needs a person with the running system (recorded observation)


SEVERITY = {Status.MET: 0, Status.MANUAL: 1, Status.CANNOT_DECIDE: 2, Status.NOT_MET: 3}


class Bilingual(BaseModel):
    model_config = ConfigDict(frozen=True)

    zh: str
    en: str


class Criterion(BaseModel):
    """One thing the check decides, e.g. "log retention span ≥ 6 months"."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: Bilingual
    status: Status
    figures: dict[str, Any] = Field(default_factory=dict)
    detail: Bilingual | None = None
    cites: tuple[str, ...] = ()  # catalog references, e.g. "sa-2018:art5.3"
    evidence: tuple[str, ...] = ()  # quoted sentences or masked sample values


class InputFingerprint(BaseModel):
    """Identifies what a check read without keeping it: name, size and SHA-256."""

    model_config = ConfigDict(frozen=True)

    name: str
    size: int
    sha256: str


class CheckResult(BaseModel):
    """The evidence a check run gives; stored on the assessment points it serves."""

    model_config = ConfigDict(frozen=True)

    check_id: str
    points: tuple[str, ...]
    parameters: dict[str, Any]
    criteria: tuple[Criterion, ...]
    examples: tuple[dict[str, Any], ...] = Field(default=(), max_length=MAX_EXAMPLES)
    engine: str
    rows_read: int = 0
    duration_s: float = 0.0
    inputs: tuple[InputFingerprint, ...] = ()

    @property
    def status(self) -> Status:
        """The worst criterion decides: one failure means the measure does not (fully) work."""
        if not self.criteria:
            return Status.CANNOT_DECIDE
        return max((c.status for c in self.criteria), key=SEVERITY.__getitem__)


def fingerprint(path: Path, chunk: int = 1 << 20) -> InputFingerprint:
    """SHA-256 of a file, streamed, so evidence can later be matched to the exact input."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return InputFingerprint(name=path.name, size=path.stat().st_size, sha256=digest.hexdigest())


def mask(value: object, keep: int = 2) -> str:
    """Mask a personal value for an example row: keep a few characters at each end."""
    text = str(value)
    if len(text) <= keep * 2:
        return "*" * len(text)
    return text[:keep] + "*" * (len(text) - keep * 2) + text[-keep:]
