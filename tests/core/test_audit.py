"""The hash-chained audit trail: `anping audit verify` catches every kind of tampering."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone
from typer.testing import CliRunner

from anping.cli import app
from anping.core import audit
from anping.core.models import AuditAction, AuditCheckpoint, AuditEvent

pytestmark = pytest.mark.django_db


def _events(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(AuditAction.ORG_CREATED, actor=None, data={"i": i})


def _verify_cli() -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify"])
    return result.exit_code, result.output


def test_audit_verify_intact_chain_exits_0() -> None:
    _events(5)
    code, output = _verify_cli()
    assert code == 0
    assert "5 events" in output


@pytest.mark.django_db(transaction=True)
def test_audit_record_outside_transaction_refused() -> None:
    with pytest.raises(RuntimeError):
        audit.record(AuditAction.ORG_CREATED, actor=None)


def test_audit_verify_detects_edited_event() -> None:
    _events(5)
    AuditEvent.objects.filter(seq=3).update(data={"i": 99})
    code, output = _verify_cli()
    assert code == 1
    assert "event 3" in output
    assert "edited" in output


def test_audit_verify_detects_edited_column() -> None:
    _events(3)
    AuditEvent.objects.filter(seq=2).update(actor_name="mallory")
    assert audit.verify().bad_seq == 2


def test_audit_verify_detects_deleted_event() -> None:
    _events(5)
    AuditEvent.objects.filter(seq=3).delete()
    code, output = _verify_cli()
    assert code == 1
    assert "event 4" in output


def test_audit_verify_detects_deleted_last_event() -> None:
    _events(5)
    AuditEvent.objects.filter(seq=5).delete()
    result = audit.verify()
    assert (result.ok, result.bad_seq) == (False, 5)


def test_audit_verify_detects_reordered_events() -> None:
    _events(5)
    two, three = AuditEvent.objects.get(seq=2), AuditEvent.objects.get(seq=3)
    with connection.cursor() as cursor:  # swap the positions of two events, hashes and all
        table = AuditEvent._meta.db_table
        cursor.execute(f"UPDATE {table} SET seq = -1 WHERE id = %s", [two.pk])  # noqa: S608
        cursor.execute(f"UPDATE {table} SET seq = 2 WHERE id = %s", [three.pk])  # noqa: S608
        cursor.execute(f"UPDATE {table} SET seq = 3 WHERE id = %s", [two.pk])  # noqa: S608
    code, output = _verify_cli()
    assert code == 1
    assert "event 2" in output


def test_audit_verify_detects_inserted_event() -> None:
    _events(3)
    forged = AuditEvent.objects.get(seq=3)
    forged.pk, forged.seq = None, 4
    forged.save()
    assert audit.verify().bad_seq == 4


def test_audit_purge_keeps_remainder_verifiable() -> None:
    _events(4)
    old = timezone.now() - dt.timedelta(days=400)
    AuditEvent.objects.filter(seq__lte=2).update(created_at=old)
    # Re-hash the back-dated events so the chain is intact before the purge.
    prev = audit.GENESIS
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = prev
        event.hash = prev = audit.chain_hash(prev, event)
        event.save()
    from anping.core.models import AuditHead

    AuditHead.objects.filter(id=1).update(hash=prev)
    assert audit.verify().ok

    removed = audit.purge(audit.retention_cutoff(183))

    assert removed == 2
    assert AuditCheckpoint.objects.get().first_seq == 3
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [3, 4, 5]
    assert audit.verify().ok
    assert AuditEvent.objects.get(seq=5).action == AuditAction.AUDIT_PURGED


def test_audit_masks_secret_fields() -> None:
    with transaction.atomic():
        event = audit.record(AuditAction.TOKEN_CREATED, actor=None, data={"token": "abc", "n": 1})
    assert event.data == {"token": "***", "n": 1}
