"""How a model's rows hang off an organisation; read by `anping.core.scoping.restrict`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Declared on a model as `scope = Scope(...)`.

    `path` is the ORM path (or paths, any of which may match) from the model to its owning
    organisation's id; `firms` lets engaged
    assessment firms see their clients' rows (sa-2018 Art. 4); `authorities` lets authorities see
    rows of organisations in their jurisdiction (Art. 7-8).
    """

    path: str | tuple[str, ...]
    firms: bool = False
    authorities: bool = False

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.path,) if isinstance(self.path, str) else self.path
