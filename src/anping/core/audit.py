"""Append to, verify and purge the hash-chained audit trail.

The chain is the evidence that nobody quietly rewrote history: authorities rely on it when a
provider disputes what was filed or decided (sa-2018 Art. 15; seed 003 Art. 22-23).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from anping.core.middleware import current_request_id
from anping.core.models import AuditAction, AuditCheckpoint, AuditEvent, AuditHead

GENESIS = "0" * 64
MASKED_KEYS = frozenset({"password", "token", "secret", "key", "id_number", "phone"})


def canonical(event: AuditEvent) -> str:
    """The exact text that is hashed: every column but the hashes, sorted, compact, UTF-8."""
    body = {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(dt.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "request_id": event.request_id,
        "data": event.data,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()


def _mask(data: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k in MASKED_KEYS else v) for k, v in data.items()}


def _locked_head() -> AuditHead:
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"hash": GENESIS, "seq": 0}
    )
    return head


def record(
    action: AuditAction,
    *,
    actor: Any,
    organisation: Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; call inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change")
    head = _locked_head()
    event = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now().replace(microsecond=0),
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else "system"),
        organisation=organisation,
        action=action,
        object_type=(obj._meta.label_lower if obj is not None else ""),
        object_id=(str(obj.pk) if obj is not None else ""),
        request_id=current_request_id(),
        data=_mask(data or {}),
        prev_hash=head.hash,
    )
    event.hash = chain_hash(head.hash, event)
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class Verification:
    """The outcome of `verify`: ok, how many events were checked, and the first problem."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify() -> Verification:
    """Walk the chain from the latest checkpoint; report the first event that does not fit."""
    checkpoint = AuditCheckpoint.objects.first()
    expected_prev = checkpoint.prev_hash if checkpoint else GENESIS
    expected_seq = checkpoint.first_seq if checkpoint else 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _problem(event, expected_seq, expected_prev)
        if problem:
            return Verification(False, checked, event.seq, problem)
        expected_prev, expected_seq = event.hash, event.seq + 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    head_hash = head.hash if head else GENESIS
    if head_hash != expected_prev:
        return Verification(False, checked, expected_seq, "events after this point were deleted")
    return Verification(True, checked)


def _problem(event: AuditEvent, expected_seq: int, expected_prev: str) -> str:
    if event.seq != expected_seq:
        return f"expected event {expected_seq} here: events were deleted, inserted or reordered"
    if event.prev_hash != expected_prev:
        return "does not link to the previous event: events were deleted, inserted or reordered"
    if chain_hash(event.prev_hash, event) != event.hash:
        return "its content does not match its hash: the event was edited"
    return ""


@transaction.atomic
def purge(before: dt.datetime, *, actor: Any = None) -> int:
    """Delete events older than `before`, keeping the rest verifiable through a checkpoint."""
    _locked_head()
    old = AuditEvent.objects.filter(created_at__lt=before)
    last_old = old.order_by("-seq").first()
    if last_old is None:
        return 0
    count = old.count()
    first_kept_seq = last_old.seq + 1
    AuditCheckpoint.objects.create(
        created_at=timezone.now(),
        first_seq=first_kept_seq,
        prev_hash=last_old.hash,
        purged_count=count,
    )
    AuditEvent.objects.filter(seq__lt=first_kept_seq).delete()
    record(
        AuditAction.AUDIT_PURGED,
        actor=actor,
        data={"before": before.isoformat(), "purged": count, "anchor": last_old.hash},
    )
    return count


def retention_cutoff(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)
