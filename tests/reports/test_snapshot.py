"""The frozen report snapshot (sa-2018 Art. 6 ¶2 and the national platform's report form)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import anping.reports
from anping.reports import ReportSnapshot, load, sample
from anping.reports.labels import ART3, ART5, LABELS, label
from anping.reports.snapshot import SCHEMA_VERSION, IndividualSubject, UnitSubject

SOURCE = Path(anping.reports.__file__).parent.parent / "law" / "sources" / "sa-2018.zh.txt"
SAMPLE = Path(anping.reports.__file__).parent / "examples" / "sample.json"


def _data(s: ReportSnapshot) -> dict[str, Any]:
    return s.model_dump(mode="json")


def test_sample_snapshot_validates(snapshot: ReportSnapshot) -> None:
    assert load(SAMPLE.read_bytes()) == snapshot
    assert snapshot.schema_version == SCHEMA_VERSION == 1
    assert snapshot.regulation == "sa-2018"
    assert isinstance(snapshot.subject, UnitSubject)
    assert snapshot.signatures, "the sample is signed"
    assert snapshot.unsigned_by() == [], "every signature covers the sample's content hash"


def test_art6_sample_covers_all_result_kinds_and_findings(snapshot: ReportSnapshot) -> None:
    results = {p.result for p in snapshot.points}
    assert {"met", "partly_met", "not_applicable"} <= results
    assert any(p.evidence for p in snapshot.points)
    assert any(p.findings for p in snapshot.points)
    assert snapshot.service.licences.icp
    assert snapshot.service.licences.psb_filing


def test_art5_snapshot_needs_all_eight_main_contents(snapshot: ReportSnapshot) -> None:
    data = _data(snapshot)
    data["main_contents"] = data["main_contents"][:7]
    with pytest.raises(ValidationError, match="items 1-8"):
        ReportSnapshot.model_validate(data)


def test_art3_situation_is_one_of_five(snapshot: ReportSnapshot) -> None:
    data = _data(snapshot)
    data["situations"] = [{"item": 6}]
    with pytest.raises(ValidationError):
        ReportSnapshot.model_validate(data)
    data["situations"] = []
    with pytest.raises(ValidationError):
        ReportSnapshot.model_validate(data)


def test_art8_not_applicable_needs_a_reason(snapshot: ReportSnapshot) -> None:
    data = _data(snapshot)
    point = next(p for p in data["points"] if p["result"] == "met")
    point["result"] = "not_applicable"
    with pytest.raises(ValidationError, match="na_reason"):
        ReportSnapshot.model_validate(data)


def test_snapshot_is_frozen_and_strict(snapshot: ReportSnapshot) -> None:
    with pytest.raises(ValidationError):
        snapshot.assessment_id = "changed"
    data = _data(snapshot)
    data["typo_field"] = 1
    with pytest.raises(ValidationError):
        ReportSnapshot.model_validate(data)


def test_timestamps_need_an_offset(snapshot: ReportSnapshot) -> None:
    data = _data(snapshot)
    data["frozen_at"] = "2026-03-02T10:00:00"
    with pytest.raises(ValidationError, match="UTC offset"):
        ReportSnapshot.model_validate(data)


def test_evidence_hash_must_be_sha256(snapshot: ReportSnapshot) -> None:
    data = _data(snapshot)
    point = next(p for p in data["points"] if p["evidence"])
    point["evidence"][0]["sha256"] = "not-a-hash"
    with pytest.raises(ValidationError):
        ReportSnapshot.model_validate(data)


def test_content_hash_is_stable_and_excludes_signatures(snapshot: ReportSnapshot) -> None:
    unsigned = snapshot.model_copy(update={"signatures": ()})
    assert unsigned.content_hash() == snapshot.content_hash()
    assert re.fullmatch(r"[0-9a-f]{64}", snapshot.content_hash())
    changed = ReportSnapshot.model_validate(
        {**_data(snapshot), "other_matters": {"zh": "另有说明。"}}
    )
    assert changed.content_hash() != snapshot.content_hash()
    assert changed.unsigned_by() == list(changed.signatures), "old signatures no longer hold"


def test_masking_unit_contact_phone(snapshot: ReportSnapshot, pii: dict[str, str]) -> None:
    masked = snapshot.masked()
    assert isinstance(masked.subject, UnitSubject)
    assert masked.subject.contact_phone == pii["sample_phone_masked"]
    assert masked.is_masked
    assert not snapshot.is_masked
    assert masked.content_hash() == snapshot.content_hash(), (
        "signatures still refer to the full copy"
    )
    assert masked.masked() is masked


def test_masking_individual_id_number_and_phone(
    individual: ReportSnapshot, pii: dict[str, str]
) -> None:
    masked = individual.masked()
    assert isinstance(masked.subject, IndividualSubject)
    assert masked.subject.id_number == pii["id_masked"]
    assert masked.subject.phone == pii["phone_masked"]
    assert isinstance(individual.subject, IndividualSubject)
    assert individual.subject.id_number == pii["id"]
    assert individual.subject.phone == pii["phone"]


def test_text_falls_back_to_chinese() -> None:
    from anping.reports.snapshot import Text

    assert Text(zh="中文").get("en") == "中文"
    assert Text(zh="中文", en="English").get("en") == "English"


def _law() -> str:
    return re.sub(r"\s+", "", SOURCE.read_text(encoding="utf-8"))


def test_art6_section_headings_quote_the_law() -> None:
    law = _law()
    for n in range(1, 5):
        heading = label(f"section{n}", "zh")
        assert heading[:2] == "一二三四"[n - 1] + "、"
        assert heading[2:] in law, n


@pytest.mark.parametrize("n", range(1, 6))
def test_art3_labels_quote_the_law(n: int) -> None:
    assert ART3[n][0] in _law()


@pytest.mark.parametrize("n", range(1, 9))
def test_art5_labels_quote_the_law(n: int) -> None:
    assert ART5[n][0] in _law()


def test_every_label_has_both_languages() -> None:
    for key, (zh, en) in LABELS.items():
        assert zh, key
        assert en, key
        assert re.search(r"[\u4e00-\u9fff]", zh) or key in {"sha256", "channel.app"}, key
    with pytest.raises(KeyError):
        label("no-such-label", "zh")


def test_sample_accessor_returns_a_fresh_equal_snapshot() -> None:
    assert sample() == sample()
    assert sample().report_date == dt.date(2026, 3, 2)
