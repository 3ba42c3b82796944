"""Account-name screening: pa-2020d Art. 8 ¶2-3 and Art. 19; pa-2017 Art. 7 ¶1 and Art. 13 ¶2.

Impersonation of protected names (exact after normalisation, containment, pinyin, fuzzy,
keywords) and re-registration of closed accounts; blocking must lose no pair brute force finds.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from anping.checks import registry
from anping.checks.name_normalise import forms
from anping.checks.names import (
    ClosedParams,
    FuzzyBlocker,
    ProtectedParams,
    ReferenceIndex,
    closed_accounts,
    protected_names,
    screen,
)
from anping.checks.result import Status

PROTECTED = [
    "公安部",
    "国家互联网信息办公室",
    "人民日报",
    "新华社",
    "北京市市场监督管理局",
    "张三丰",
]


def write_accounts(path: Path, names: list[str], **extra: list[Any]) -> Path:
    fields = ["account_id", "name", "status", *extra]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        for i, name in enumerate(names):
            writer.writerow([f"acc{i:04d}", name, "active", *(v[i] for v in extra.values())])
    return path


@pytest.fixture
def protected_list(tmp_path: Path) -> Path:
    path = tmp_path / "protected.txt"
    path.write_text("# protected names\n" + "\n".join(PROTECTED) + "\n", encoding="utf-8")
    return path


def reasons(index: ReferenceIndex, name: str) -> dict[str, str]:
    return {m.reference_norm: m.reason for m in index.match(forms(name))}


# --- the matcher --------------------------------------------------------------------------


def test_pa2020d_art8_exact_after_normalisation() -> None:
    index = ReferenceIndex(PROTECTED)
    for variant in ("國家互聯網信息辦公室", "公\u200b安部", "人民😀日报", "⼈民日报", "新华社!!"):
        assert "exact" in reasons(index, variant).values(), variant


def test_pa2020d_art8_containment_of_a_whole_protected_name() -> None:
    index = ReferenceIndex(PROTECTED)
    assert reasons(index, "人民日报评论小王") == {"人民日报": "contains"}


def test_pa2020d_art8_pinyin_sound_alike() -> None:
    index = ReferenceIndex(PROTECTED)
    assert reasons(index, "公按部")["公安部"] == "pinyin"
    assert reasons(index, "张三风")["张三丰"] == "pinyin"
    assert "公安部" not in reasons(ReferenceIndex(PROTECTED, pinyin=False), "公按部")


def test_pa2020d_art8_fuzzy_score_above_threshold() -> None:
    index = ReferenceIndex(PROTECTED, threshold=85)
    found = {m.reference_norm: m for m in index.match(forms("北京市场监督管理局"))}
    assert found["北京市市场监督管理局"].reason == "fuzzy"
    assert found["北京市市场监督管理局"].score == pytest.approx(94.7, abs=0.1)


def test_pa2020d_art8_protected_keyword_containment() -> None:
    index = ReferenceIndex(PROTECTED, keywords=["公安", "网信", "新华社", "官方"])
    found = index.match(forms("朝阳公 安小李官方号"))
    assert {m.reference for m in found if m.reason == "keyword"} == {"公安", "官方"}
    assert index.match(forms("美食日记")) == []


def test_blocking_finds_every_pair_brute_force_finds() -> None:
    """Prefix filtering is exact: same pairs as RapidFuzz cdist over all pairs."""
    r = random.Random(7)
    alphabet = "公安局国家网信办人民日报新华社北京上海美食攻略财经小王的日常"
    refs = ["".join(r.choice(alphabet) for _ in range(r.randint(2, 10))) for _ in range(800)]
    queries = ["".join(r.choice(alphabet) for _ in range(r.randint(2, 10))) for _ in range(800)]
    for threshold in (60.0, 75.0, 85.0):
        blocker = FuzzyBlocker(refs, threshold)
        bulk = blocker.batch_scores(queries)
        matrix = process.cdist(queries, refs, scorer=fuzz.ratio, score_cutoff=threshold)
        brute = {(int(q), int(c)) for q, c in zip(*np.nonzero(matrix), strict=True)}
        brute = {(q, c) for q, c in brute if queries[q] != refs[c]}
        found = {(q, c) for q, hits in bulk.items() for c in hits if queries[q] != refs[c]}
        assert found == brute, threshold


def test_screen_in_two_processes_equals_one() -> None:
    index = ReferenceIndex(PROTECTED, keywords=["官方"])
    names = ["公按部", "美食", "人民日報", "官方小号", "天气"] * 50
    one = screen(names, [index], chunk=40)
    two = screen(names, [index], workers=2, chunk=40)
    assert one == two
    assert len(one) == 150


# --- names.protected_names ---------------------------------------------------------------


def test_pa2020d_art8_clean_names_are_met(tmp_path: Path, protected_list: Path) -> None:
    accounts = write_accounts(tmp_path / "a.csv", ["美食日记", "小王的日常", "杭州旅行攻略"])
    result = protected_names(ProtectedParams(accounts=accounts, protected=protected_list))
    assert result.status is Status.MET
    assert result.criteria[0].figures["accounts_screened"] == 3


def test_pa2020d_art8_impersonating_names_are_not_met(tmp_path: Path, protected_list: Path) -> None:
    names = ["美食日记", "國家互聯網信息辦公室", "公按部", "人民日报评论", "北京市场监督管理局"]
    accounts = write_accounts(tmp_path / "a.csv", names)
    result = protected_names(ProtectedParams(accounts=accounts, protected=protected_list))
    figures = result.criteria[0].figures
    assert result.status is Status.NOT_MET
    assert figures["by_reason"] == {
        "exact": 1,
        "contains": 1,
        "pinyin": 1,
        "fuzzy": 1,
        "keyword": 0,
    }
    first = result.examples[0]
    assert first["why"] == "exact"
    assert first["normalised"] == "国家互联网信息办公室"
    assert first["account_id"].startswith("ac")
    assert "*" in first["account_id"]


def test_pa2020d_art8_keyword_only_hits_need_review(tmp_path: Path, protected_list: Path) -> None:
    accounts = write_accounts(tmp_path / "a.csv", ["朝阳网信小助手", "美食日记"])
    result = protected_names(ProtectedParams(accounts=accounts, protected=protected_list))
    assert result.status is Status.MANUAL
    assert result.criteria[0].figures["for_review"] == 1


def test_pa2020d_art8_authorised_holder_is_not_flagged(
    tmp_path: Path, protected_list: Path
) -> None:
    accounts = write_accounts(tmp_path / "a.csv", ["人民日报", "美食日记"])
    allowed = tmp_path / "authorised.txt"
    allowed.write_text("acc0000\n", encoding="utf-8")
    params = ProtectedParams(accounts=accounts, protected=protected_list, authorised=allowed)
    assert protected_names(params).status is Status.MET


def test_pa2020d_art8_protected_list_as_csv(tmp_path: Path) -> None:
    listed = tmp_path / "protected.csv"
    listed.write_text("name,kind\n公安部,gov\n", encoding="utf-8")
    accounts = write_accounts(tmp_path / "a.csv", ["公安部"])
    params = ProtectedParams(accounts=accounts, protected=listed, packaged_keywords=False)
    assert protected_names(params).status is Status.NOT_MET


def test_names_bad_inputs_are_cannot_decide(tmp_path: Path, protected_list: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("公安部\n".encode("gbk"))
    accounts = write_accounts(tmp_path / "a.csv", ["公安部"])
    result = protected_names(ProtectedParams(accounts=accounts, protected=gbk))
    assert result.status is Status.CANNOT_DECIDE
    assert "UTF-8" in result.criteria[0].detail.en  # type: ignore[union-attr]
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    result = protected_names(ProtectedParams(accounts=accounts, protected=empty))
    assert result.status is Status.CANNOT_DECIDE
    no_name = tmp_path / "no_name.csv"
    no_name.write_text("account_id,status\na,active\n", encoding="utf-8")
    result = protected_names(ProtectedParams(accounts=no_name, protected=protected_list))
    assert "missing column(s) name" in result.criteria[0].detail.en  # type: ignore[union-attr]


# --- names.closed_accounts ---------------------------------------------------------------


def closed_list(tmp_path: Path) -> Path:
    path = tmp_path / "closed.csv"
    path.write_text(
        "name,account_id,closed_on\n八卦爆料王,old001,2025-03-01\n深夜谣言站,old002,2025-01-10\n",
        encoding="utf-8",
    )
    return path


def test_pa2020d_art8_no_reregistration_is_met(tmp_path: Path) -> None:
    accounts = write_accounts(tmp_path / "a.csv", ["美食日记", "小王的日常"])
    result = closed_accounts(ClosedParams(accounts=accounts, closed=closed_list(tmp_path)))
    assert result.status is Status.MET


def test_pa2020d_art8_closed_name_reregistered_is_not_met(tmp_path: Path) -> None:
    names = ["八卦爆料王", "美食日记"]
    accounts = write_accounts(tmp_path / "a.csv", names, registered=["2025-04-01", "2024-01-01"])
    result = closed_accounts(ClosedParams(accounts=accounts, closed=closed_list(tmp_path)))
    assert result.status is Status.NOT_MET
    assert result.examples[0]["why"] == "exact"


def test_pa2017_art13_disguised_reregistration_is_caught(tmp_path: Path) -> None:
    accounts = write_accounts(tmp_path / "a.csv", ["八卦 爆料 王✨"])  # same name after normalising
    result = closed_accounts(ClosedParams(accounts=accounts, closed=closed_list(tmp_path)))
    assert result.status is Status.NOT_MET


def test_pa2020d_art8_related_names_need_review(tmp_path: Path) -> None:
    accounts = write_accounts(tmp_path / "a.csv", ["八卦爆料王2号", "深夜谣言站官方"])
    result = closed_accounts(ClosedParams(accounts=accounts, closed=closed_list(tmp_path)))
    assert result.status is Status.MANUAL
    assert result.criteria[0].figures["for_review"] == 2


def test_pa2020d_art8_same_name_registered_before_closure_needs_review(tmp_path: Path) -> None:
    accounts = write_accounts(tmp_path / "a.csv", ["八卦爆料王"], registered=["2024-05-01"])
    result = closed_accounts(ClosedParams(accounts=accounts, closed=closed_list(tmp_path)))
    assert result.status is Status.MANUAL
    assert result.examples[0]["why"] == "exact_before_closure"


def test_pa2020d_art19_the_closed_account_itself_is_not_a_reregistration(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("account_id,name,status\nold001,八卦爆料王,active\n", encoding="utf-8")
    result = closed_accounts(ClosedParams(accounts=path, closed=closed_list(tmp_path)))
    assert result.status is Status.MET


def test_names_checks_are_registered() -> None:
    assert registry.get("names.protected_names").points[1] == "pa-2020d:art8.names"
    assert "pa-2017:art13.blacklist" in registry.get("names.closed_accounts").points
