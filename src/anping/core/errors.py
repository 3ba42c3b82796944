"""Domain errors that every interface turns into the same answer: {"code", "message", "details"}."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused request: the message is for people, the code for machines."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class Invalid(DomainError):
    status = 400
    code = "invalid"


class Conflict(DomainError):
    """The request does not fit the current state (e.g. an illegal transition)."""

    status = 409
    code = "conflict"
