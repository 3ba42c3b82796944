"""Privacy-policy checks (app-pi-2019): text rules per item, MANUAL items, thresholds, bad input.

Fixtures in fixtures/privacy/ are policies written for these tests in the shape of real ones: a
good Chinese HTML policy, a good English text policy, and deficient ones (a GBK-encoded Chinese
HTML page, an English text, a traditional-Chinese text).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from anping.checks.privacy.observation import MANUAL_CHECKS
from anping.checks.privacy.text import (
    PolicyReadError,
    PolicyText,
    decode_bytes,
    extract_policy,
    html_to_text,
    split_sentences,
)
from anping.checks.privacy.timelimits import find_time_limits, parse_chinese_number
from anping.checks.privacy_policy import (
    CHECK_ID,
    Observation,
    PrivacyPolicyParams,
    apply_observation,
    assess,
    catalog_points,
    item_statuses,
    run_items,
)
from anping.checks.registry import get
from anping.checks.result import CheckResult, Criterion, Status

FIXTURES = Path(__file__).parent / "fixtures" / "privacy"
GOOD_ZH = FIXTURES / "good_zh.html"
GOOD_EN = FIXTURES / "good_en.txt"
BAD_ZH_GBK = FIXTURES / "deficient_zh_gbk.html"
BAD_EN = FIXTURES / "deficient_en.txt"
TRADITIONAL = FIXTURES / "traditional_zh.txt"
ALL_ITEMS = [pid for pid, _ in catalog_points()]


def run(path: Path, **params: object) -> CheckResult:
    return run_items(PrivacyPolicyParams.model_validate({"policy": path, **params}))


def on_text(text: str, **params: object) -> tuple[Criterion, ...]:
    return assess(PolicyText(text, "text"), PrivacyPolicyParams.model_validate(params))


def crit(criteria: CheckResult | tuple[Criterion, ...], criterion_id: str) -> Criterion:
    items = criteria.criteria if isinstance(criteria, CheckResult) else criteria
    return next(c for c in items if c.id == criterion_id)


def en(c: Criterion) -> str:
    """The criterion's English detail (every decided criterion has one)."""
    assert c.detail is not None
    return c.detail.en


def observation(result: str = "met", **extra: object) -> Observation:
    return Observation.model_validate(
        {
            "tester": "王测试",
            "date": dt.date(2024, 3, 10),
            "steps": ["全新安装App", "首次启动"],
            "result": result,
            "evidence_refs": ["evidence/2024-03-10/first-launch.png"],
            **extra,
        }
    )


# --- every item, registry ------------------------------------------------------------------


def test_every_one_of_the_31_items_has_a_result() -> None:
    result = run(GOOD_ZH)
    statuses = item_statuses(result)
    assert len(ALL_ITEMS) == 31
    assert sorted(statuses) == sorted(ALL_ITEMS)
    assert result.points == tuple(f"app-pi-2019:{i}" for i in ALL_ITEMS)


def test_every_item_has_a_result_even_without_any_input() -> None:
    result = run_items(PrivacyPolicyParams())
    assert sorted(item_statuses(result)) == sorted(ALL_ITEMS)
    assert Status.MET not in {c.status for c in result.criteria}


def test_running_app_items_are_manual_never_guessed() -> None:
    statuses = item_statuses(run(GOOD_ZH))
    for item in ("cat1.2", "cat1.3", "cat3.1", "cat3.2", "cat3.4", "cat3.5", "cat4.6", "cat6.4"):
        assert statuses[item] == Status.MANUAL, item


def test_registered_check_serves_all_points_and_catalog_references() -> None:
    check = get(CHECK_ID)
    assert len(check.points) == 31
    result = check({"policy": str(GOOD_ZH)})
    assert result.check_id == CHECK_ID
    for point in ("cat1.1", "cat2.1", "cat2.4", "cat3.8", "cat6.2", "cat6.3", "cat6.5"):
        assert f"app-pi-2019:{point}" in check.points


def test_catalog_points_naming_this_check_get_a_text_decided_criterion() -> None:
    import yaml

    catalog = yaml.safe_load(
        (
            Path(__file__).resolve().parents[2] / "src/anping/law/catalogs/app-pi-2019.yaml"
        ).read_text(encoding="utf-8")
    )
    named = [
        p["id"] for a in catalog["articles"] for p in a["points"] if CHECK_ID in p.get("checks", ())
    ]
    assert named  # the catalog references this check
    result = run(GOOD_ZH)
    text_decided = {c.id.split(":")[0] for c in result.criteria if c.status != Status.MANUAL}
    assert set(named) <= text_decided


def test_criteria_cite_their_item_and_record_input_fingerprint() -> None:
    result = run(GOOD_ZH)
    assert all(c.cites == (f"app-pi-2019:{c.id.split(':')[0]}",) for c in result.criteria)
    assert result.inputs[0].name == "good_zh.html"
    assert len(result.inputs[0].sha256) == 64


# --- category 1 ----------------------------------------------------------------------------


def test_cat1_1_policy_with_collection_rules_met_with_quoted_evidence() -> None:
    c = crit(run(GOOD_ZH), "cat1.1:rules")
    assert c.status == Status.MET
    assert any("隐私政策" in e for e in c.evidence)


def test_cat1_1_document_without_collection_rules_not_met() -> None:
    c = crit(on_text("用户协议\n欢迎使用本App。请遵守社区规范，文明发言。"), "cat1.1:rules")
    assert c.status == Status.NOT_MET


def test_cat1_1_no_policy_supplied_cannot_decide_and_says_so() -> None:
    c = crit(run_items(PrivacyPolicyParams()), "cat1.1:rules")
    assert c.status == Status.CANNOT_DECIDE
    assert "no privacy policy" in en(c)


def test_cat1_4_simplified_chinese_version_met() -> None:
    assert crit(run(GOOD_ZH), "cat1.4:simplified_chinese").status == Status.MET


def test_cat1_4_english_policy_cannot_decide_language() -> None:
    assert crit(run(GOOD_EN), "cat1.4:simplified_chinese").status == Status.CANNOT_DECIDE


def test_cat1_4_traditional_only_version_not_met() -> None:
    result = run(TRADITIONAL, only_language_version=True)
    assert crit(result, "cat1.4:simplified_chinese").status == Status.NOT_MET
    assert crit(run(TRADITIONAL), "cat1.4:simplified_chinese").status == Status.CANNOT_DECIDE


def test_cat1_4_legibility_stays_manual() -> None:
    result = run(GOOD_ZH)
    assert crit(result, "cat1.4:legibility").status == Status.MANUAL
    assert item_statuses(result)["cat1.4"] == Status.MANUAL


# --- category 2 ----------------------------------------------------------------------------


def test_cat2_1_good_policy_purposes_manner_scope_third_parties_met() -> None:
    result = run(GOOD_ZH)
    for cid in ("cat2.1:purposes", "cat2.1:manner", "cat2.1:scope_closed", "cat2.1:third_parties"):
        assert crit(result, cid).status == Status.MET, cid
    assert item_statuses(result)["cat2.1"] == Status.MET


def test_cat2_1_kinds_without_purpose_listed_not_met() -> None:
    c = crit(run(BAD_ZH_GBK), "cat2.1:purposes")
    assert c.status == Status.NOT_MET
    assert {"phone", "id_number", "location", "contacts"} <= set(c.figures["types_without_purpose"])
    assert any("身份证号" in e for e in c.evidence)


def test_cat2_1_including_but_not_limited_to_not_met() -> None:
    c = crit(run(BAD_ZH_GBK), "cat2.1:scope_closed")
    assert c.status == Status.NOT_MET
    assert any("包括但不限于" in e for e in c.evidence)


def test_cat2_1_third_parties_without_purpose_not_met() -> None:
    c = crit(run(BAD_EN), "cat2.1:third_parties")
    assert c.status == Status.NOT_MET
    assert c.evidence == ("We may share information with our partners.",)


def test_cat2_1_no_third_party_mention_without_app_input_cannot_decide() -> None:
    c = crit(on_text("隐私政策\n我们收集您的手机号，用于登录。"), "cat2.1:third_parties")
    assert c.status == Status.CANNOT_DECIDE


def test_cat2_1_english_manner_missing_not_met() -> None:
    assert crit(run(BAD_EN), "cat2.1:manner").status == Status.NOT_MET


def test_cat2_3_sensitive_information_without_purpose_not_met() -> None:
    c = crit(run(BAD_ZH_GBK), "cat2.3:policy_purposes")
    assert c.status == Status.NOT_MET
    assert set(c.figures["without_purpose"]) == {"id_number", "location", "contacts"}


def test_cat2_3_sensitive_information_with_purpose_met_runtime_prompt_manual() -> None:
    result = run(GOOD_ZH)
    assert crit(result, "cat2.3:policy_purposes").status == Status.MET
    assert crit(result, "cat2.3:at_request").status == Status.MANUAL


def test_cat2_3_denied_collection_is_not_a_rule() -> None:
    c = crit(on_text("隐私政策\n我们不会收集您的身份证号码。"), "cat2.3:policy_purposes")
    assert c.status == Status.CANNOT_DECIDE


def test_cat2_4_jargon_heavy_policy_not_met() -> None:
    c = crit(run(BAD_ZH_GBK), "cat2.4:readability")
    assert c.status == Status.NOT_MET
    assert "IMSI" in c.figures["unexplained_jargon"]


def test_cat2_4_explained_terms_do_not_count() -> None:
    c = crit(run(GOOD_ZH), "cat2.4:readability")
    assert c.status == Status.MET
    assert "IMEI" in c.figures["explained_jargon"]


def test_cat2_4_too_long_policy_not_met() -> None:
    text = "隐私政策\n" + "我们收集您的手机号码用于登录。" * 3000
    c = crit(on_text(text), "cat2.4:readability")
    assert c.status == Status.NOT_MET
    assert c.figures["units"] > 30_000


def test_cat2_2_policy_change_clause_quoted_as_hint_but_manual() -> None:
    c = crit(run(GOOD_ZH), "cat2.2:observation")
    assert c.status == Status.MANUAL
    assert any("更新" in e for e in c.evidence)


# --- category 3 ----------------------------------------------------------------------------


def test_cat3_6_targeted_push_with_switch_met() -> None:
    c = crit(run(GOOD_ZH), "cat3.6:option")
    assert c.status == Status.MET
    assert any("关闭个性化推荐" in e for e in c.evidence)


def test_cat3_6_targeted_push_without_option_not_met() -> None:
    assert crit(run(BAD_ZH_GBK), "cat3.6:option").status == Status.NOT_MET
    assert crit(run(BAD_EN), "cat3.6:option").status == Status.NOT_MET


def test_cat3_6_no_targeting_mentioned_cannot_decide() -> None:
    assert crit(run(TRADITIONAL), "cat3.6:option").status == Status.CANNOT_DECIDE


def test_cat3_8_withdraw_consent_met_and_missing_not_met() -> None:
    assert crit(run(GOOD_ZH), "cat3.8:withdraw").status == Status.MET
    assert crit(run(GOOD_EN), "cat3.8:withdraw").status == Status.MET
    assert crit(run(BAD_ZH_GBK), "cat3.8:withdraw").status == Status.NOT_MET


# --- category 6 ----------------------------------------------------------------------------


def test_cat6_1_correction_deletion_cancellation_met() -> None:
    assert crit(run(GOOD_ZH), "cat6.1:functions").status == Status.MET
    assert crit(run(GOOD_EN), "cat6.1:functions").status == Status.MET


def test_cat6_1_missing_deletion_and_cancellation_not_met() -> None:
    c = crit(run(BAD_EN), "cat6.1:functions")
    assert c.status == Status.NOT_MET
    assert c.figures["missing"] == ["delete", "cancel_account"]


def test_cat6_1_operator_deletion_is_not_a_user_function() -> None:
    text = "隐私政策\n您可以更正您的资料。您可以申请注销账号。保存期满后我们会删除您的信息。"
    c = crit(on_text(text), "cat6.1:functions")
    assert c.status == Status.NOT_MET
    assert c.figures["missing"] == ["delete"]


def test_cat6_2_fee_and_offline_visit_for_cancellation_not_met() -> None:
    c = crit(run(BAD_ZH_GBK), "cat6.2:conditions")
    assert c.status == Status.NOT_MET
    assert any("手续费" in e for e in c.evidence)


def test_cat6_2_free_cancellation_met() -> None:
    assert crit(run(GOOD_ZH), "cat6.2:conditions").status == Status.MET


def test_cat6_2_identity_photo_condition_cannot_decide() -> None:
    text = "隐私政策\n您可以申请注销账号，需上传手持身份证照片进行核验。"
    assert crit(on_text(text), "cat6.2:conditions").status == Status.CANNOT_DECIDE


def test_cat6_3_commitment_of_15_working_days_met() -> None:
    c = crit(run(GOOD_ZH), "cat6.3:time_limit")
    assert c.status == Status.MET
    assert any("15个工作日" in e for e in c.evidence)


def test_cat6_3_commitment_of_30_calendar_days_not_met() -> None:
    assert crit(run(BAD_ZH_GBK), "cat6.3:time_limit").status == Status.NOT_MET
    assert crit(run(BAD_EN), "cat6.3:time_limit").status == Status.NOT_MET


def test_cat6_3_commitment_in_chinese_numerals_over_15_working_days_not_met() -> None:
    text = "隐私政策\n您可以申请更正或删除个人信息，我们将在二十个工作日内完成处理。"
    assert crit(on_text(text), "cat6.3:time_limit").status == Status.NOT_MET


def test_cat6_3_no_commitment_cannot_decide_legal_default_applies() -> None:
    text = "隐私政策\n您可以申请删除个人信息，我们会及时处理您的请求。"
    c = crit(on_text(text), "cat6.3:time_limit")
    assert c.status == Status.CANNOT_DECIDE
    assert "15 working days applies" in en(c)
    assert c.evidence  # the vague sentence is quoted


def test_cat6_3_twenty_calendar_days_depends_on_holidays_cannot_decide() -> None:
    text = "Privacy Policy\nYou can request deletion of your data. We will respond within 20 days."
    c = crit(on_text(text), "cat6.3:time_limit")
    assert c.status == Status.CANNOT_DECIDE
    assert "calendar days" in en(c)


def test_cat6_3_hours_and_immediate_processing_met() -> None:
    text = "隐私政策\n您可以申请删除个人信息，我们将在48小时内完成处理。"
    assert crit(on_text(text), "cat6.3:time_limit").status == Status.MET


def test_cat6_3_cooling_off_period_is_not_a_handling_commitment() -> None:
    text = "隐私政策\n您可以申请注销账号。提交注销申请后有30天冷静期，冷静期满后完成注销。"
    c = crit(on_text(text), "cat6.3:time_limit")
    assert c.status == Status.CANNOT_DECIDE
    assert c.figures["cooling_off_sentences"]


def test_cat6_3_retention_period_is_not_a_handling_commitment() -> None:
    text = "隐私政策\n您可以申请删除个人信息。相关日志将保存6个月，以便处理纠纷。"
    assert crit(on_text(text), "cat6.3:time_limit").figures["commitments"] == []


def test_cat6_3_looser_configured_threshold_cannot_report_met() -> None:
    c = crit(run(GOOD_ZH, max_working_days=20), "cat6.3:time_limit")
    assert c.status == Status.CANNOT_DECIDE
    assert "looser than the legal limit" in en(c)


def test_cat6_3_looser_threshold_still_not_met_over_the_law() -> None:
    text = "隐私政策\n您可以申请删除个人信息，我们将在18个工作日内完成处理。"
    assert crit(on_text(text, max_working_days=20), "cat6.3:time_limit").status == Status.NOT_MET


def test_cat6_3_stricter_threshold_not_met_over_it() -> None:
    c = crit(run(GOOD_ZH, max_working_days=10), "cat6.3:time_limit")
    assert c.status == Status.NOT_MET
    assert "stricter" in en(c)


def test_cat6_5_complaint_channel_met_with_channel_quoted() -> None:
    c = crit(run(GOOD_ZH), "cat6.5:channel")
    assert c.status == Status.MET
    assert any("privacy@anping-example.cn" in e for e in c.evidence)


def test_cat6_5_contact_without_complaint_channel_cannot_decide() -> None:
    assert crit(run(BAD_ZH_GBK), "cat6.5:channel").status == Status.CANNOT_DECIDE


def test_cat6_5_no_channel_not_met() -> None:
    assert crit(run(BAD_EN), "cat6.5:channel").status == Status.NOT_MET


def test_cat6_5_only_regulator_complaint_is_not_the_operators_channel() -> None:
    text = "隐私政策\n您可以向网信、公安等监管部门投诉举报。"
    assert crit(on_text(text), "cat6.5:channel").status == Status.NOT_MET


def test_cat6_5_complaint_limit_of_15_working_days_met() -> None:
    assert crit(run(GOOD_ZH), "cat6.5:time_limit").status == Status.MET
    assert crit(run(GOOD_EN), "cat6.5:time_limit").status == Status.MET


def test_cat6_5_complaint_limit_over_15_working_days_not_met() -> None:
    text = (
        "隐私政策\n如需投诉、举报，请发送邮件至 complaint@example.cn。\n"
        "我们将在30个工作日内受理并答复您的投诉。"
    )
    c = crit(on_text(text), "cat6.5:time_limit")
    assert c.status == Status.NOT_MET
    assert c.evidence == ("我们将在30个工作日内受理并答复您的投诉。",)


def test_cat6_5_complaint_limit_one_month_not_met() -> None:
    text = (
        "Privacy Policy\nTo complain, email us at dpo@example.com. We will reply within one month."
    )
    assert crit(on_text(text), "cat6.5:time_limit").status == Status.NOT_MET


# --- recorded observations -----------------------------------------------------------------


def test_cat3_1_manual_until_observed_then_met_with_evidence() -> None:
    result = run(GOOD_ZH)
    assert item_statuses(result)["cat3.1"] == Status.MANUAL
    decided = apply_observation(result, "cat3.1", observation())
    c = crit(decided, "cat3.1:observation")
    assert c.status == Status.MET
    assert "evidence: evidence/2024-03-10/first-launch.png" in c.evidence
    assert "tester: 王测试" in c.evidence
    assert item_statuses(decided)["cat3.1"] == Status.MET
    assert len(decided.criteria) == len(result.criteria)


def test_cat3_4_observed_pre_ticked_box_not_met() -> None:
    decided = apply_observation(run(GOOD_ZH), "cat3.4", observation("not_met"))
    assert item_statuses(decided)["cat3.4"] == Status.NOT_MET


def test_cat1_3_observation_of_five_taps_not_met_even_if_tester_ticked_met() -> None:
    decided = apply_observation(run(GOOD_ZH), "cat1.3", observation(clicks=5))
    c = crit(decided, "cat1.3:observation")
    assert c.status == Status.NOT_MET
    assert "exceeds the legal limit of 4" in en(c)


def test_cat1_3_observation_of_three_taps_met() -> None:
    decided = apply_observation(run(GOOD_ZH), "cat1.3", observation(clicks=3))
    assert crit(decided, "cat1.3:observation").status == Status.MET


def test_cat1_3_looser_clicks_threshold_cannot_report_met() -> None:
    result = run(GOOD_ZH, max_clicks_to_policy=6)
    decided = apply_observation(result, "cat1.3", observation(clicks=3))
    assert crit(decided, "cat1.3:observation").status == Status.CANNOT_DECIDE


def test_cat1_3_met_observation_without_tap_count_refused() -> None:
    with pytest.raises(ValueError, match="number of taps"):
        apply_observation(run(GOOD_ZH), "cat1.3", observation())


def test_cat6_3_observed_handling_of_20_working_days_not_met() -> None:
    decided = apply_observation(run(GOOD_ZH), "cat6.3", observation(working_days=20))
    assert crit(decided, "cat6.3:observation").status == Status.NOT_MET
    assert crit(decided, "cat6.3:time_limit").status == Status.MET  # the text result is kept


def test_cat6_1_observation_added_when_text_decided_it() -> None:
    result = run(GOOD_ZH)
    decided = apply_observation(result, "cat6.1", observation("not_met"))
    assert len(decided.criteria) == len(result.criteria) + 1
    assert item_statuses(decided)["cat6.1"] == Status.NOT_MET


def test_cat1_4_observation_decides_legibility_only() -> None:
    decided = apply_observation(run(GOOD_ZH), "cat1.4", observation())
    assert crit(decided, "cat1.4:legibility").status == Status.MET
    assert item_statuses(decided)["cat1.4"] == Status.MET


def test_later_observation_replaces_earlier_one() -> None:
    once = apply_observation(run(GOOD_ZH), "cat3.2", observation("not_met"))
    twice = apply_observation(once, "cat3.2", observation("met"))
    assert [c.status for c in twice.criteria if c.id.startswith("cat3.2:")] == [Status.MET]


def test_observation_form_requires_evidence_steps_and_past_date() -> None:
    with pytest.raises(ValidationError):
        observation(evidence_refs=[])
    with pytest.raises(ValidationError):
        observation(steps=[" "])
    with pytest.raises(ValidationError):
        observation(date=dt.date.today() + dt.timedelta(days=1))


def test_observation_for_unknown_item_refused() -> None:
    with pytest.raises(ValueError, match="not an item"):
        apply_observation(run(GOOD_ZH), "cat7.1", observation())


def test_manual_checks_cover_exactly_the_items_text_cannot_decide() -> None:
    manual_items = {cid.split(":")[0] for cid in MANUAL_CHECKS}
    assert len(manual_items) == 22  # 20 fully manual + cat1.4 legibility + cat2.3 at request
    result = run(GOOD_ZH)
    decided_by_text = {c.id.split(":")[0] for c in result.criteria if c.status != Status.MANUAL}
    assert decided_by_text | manual_items == set(ALL_ITEMS)


# --- reading: formats, encodings, bad input ------------------------------------------------


def test_gbk_html_with_meta_charset_is_decoded() -> None:
    result = run(BAD_ZH_GBK)
    assert crit(result, "cat1.1:rules").status == Status.MET
    assert any("安平快讯" in e for e in crit(result, "cat1.1:rules").evidence)


def test_gbk_text_without_declaration_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes("隐私政策\n我们收集您的手机号码，用于注册账号。".encode("gbk"))
    c = crit(run(path), "cat1.1:rules")
    assert c.status == Status.MET


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes("\ufeff隐私政策\r\n我们收集您的手机号码，用于注册账号。\r\n".encode())
    assert crit(run(path), "cat1.1:rules").status == Status.MET


def test_html_scripts_and_styles_are_not_policy_text() -> None:
    text = html_to_text(GOOD_ZH.read_text(encoding="utf-8"))
    assert "not policy text" not in text
    assert "font-size" not in text


def test_html_table_rows_stay_on_one_line() -> None:
    html = "<table><tr><td>位置信息</td><td>用于附近功能</td></tr></table>"
    text = extract_policy(html.encode(), fmt="html").text
    assert [s.text for s in split_sentences(text)] == ["位置信息 | 用于附近功能"]


def test_truncated_html_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "policy.html"
    path.write_bytes(GOOD_ZH.read_bytes()[:3000])
    policy = extract_policy(path.read_bytes())
    assert "may be truncated" in policy.notes[0]
    result = run(path)
    assert crit(result, "cat1.1:rules").status == Status.MET


def test_gbk_html_without_charset_declaration_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "policy.htm"
    html = "<html><body><h1>隐私政策</h1><p>我们收集您的手机号码，用于注册账号。</p></body></html>"
    path.write_bytes(html.encode("gbk"))
    c = crit(run(path), "cat1.1:rules")
    assert c.status == Status.MET
    assert "隐私政策" in c.evidence


def test_pathological_single_line_text_stays_fast() -> None:
    import time

    started = time.monotonic()
    on_text("a" * 100_000 + "x@" * 2000)
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("content", [b"", b"   \n\t  "])
def test_empty_file_cannot_decide(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(content)
    c = crit(run(path), "cat1.1:rules")
    assert c.status == Status.CANNOT_DECIDE
    assert "empty" in en(c)


def test_missing_file_cannot_decide(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.html")
    c = crit(result, "cat6.5:channel")
    assert c.status == Status.CANNOT_DECIDE
    assert "cannot read" in en(c)


def test_binary_garbage_cannot_decide(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(bytes(range(256)) * 4)
    c = crit(run(path), "cat2.1:purposes")
    assert c.status == Status.CANNOT_DECIDE
    assert "binary" in en(c)


def test_undecodable_text_cannot_decide() -> None:
    with pytest.raises(PolicyReadError, match="encoding"):
        decode_bytes(b"\xff\xff\xfe\x81\x30" * 20)


def test_truncated_utf8_tail_is_dropped_when_allowed() -> None:
    data = "隐私政策".encode()[:-1]
    assert decode_bytes(data, allow_cut_tail=True)[0] == "隐私政"


def test_huge_file_is_capped_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    body = "隐私政策\n我们收集您的手机号码，用于注册账号。\n" + "本段为填充说明文字。\n" * 20_000
    path.write_text(body, encoding="utf-8")
    result = run(path, max_read_bytes=64 * 1024)
    c = crit(result, "cat3.8:withdraw")
    assert c.status == Status.CANNOT_DECIDE  # not found, but the unread part may hold it
    assert "cut at the read cap" in en(c)
    assert crit(result, "cat1.1:rules").status == Status.MET  # found in the part read


def test_text_cap_in_characters_is_reported() -> None:
    policy = extract_policy(("隐私政策。" * 1000).encode(), max_chars=1000)
    assert policy.truncated
    assert "text cap" in policy.notes[0]


def _tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text, built with pypdf (no PDF-generation dependency)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_policy_text_is_extracted_and_assessed(tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(_tiny_pdf(GOOD_EN.read_text(encoding="utf-8").splitlines()))
    result = run(path)
    assert crit(result, "cat1.1:rules").status == Status.MET
    assert crit(result, "cat6.5:channel").status == Status.MET


def test_truncated_pdf_cannot_decide(tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(_tiny_pdf(["Privacy Policy"])[:120])
    c = crit(run(path), "cat1.1:rules")
    assert c.status == Status.CANNOT_DECIDE
    assert "PDF" in en(c)


def test_pdf_larger_than_the_cap_is_refused_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(_tiny_pdf(["Privacy Policy"] * 50))
    c = crit(run(path, max_read_bytes=1024), "cat1.1:rules")
    assert c.status == Status.CANNOT_DECIDE
    assert "read cap" in en(c)


def test_scanned_pdf_without_text_cannot_decide(tmp_path: Path) -> None:
    path = tmp_path / "policy.pdf"
    path.write_bytes(_tiny_pdf([]))
    c = crit(run(path), "cat1.1:rules")
    assert c.status == Status.CANNOT_DECIDE
    assert "no readable text" in en(c)


# --- time-limit parsing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15", 15),
        ("十五", 15),
        ("三十", 30),
        ("二十一", 21),
        ("十", 10),
        ("一百", 100),
        ("x", None),
    ],
)
def test_chinese_numbers(text: str, expected: int | None) -> None:
    assert parse_chinese_number(text) == expected


@pytest.mark.parametrize(
    ("sentence", "amount", "unit"),
    [
        ("我们将在十五个工作日内答复", 15, "working_day"),
        ("将于30日内处理", 30, "calendar_day"),
        ("within fifteen (15) business days", 15, "working_day"),
        ("within 2 weeks", 2, "week"),
        ("在1个月内完成", 1, "month"),
        ("48小时内回复", 48, "hour"),
    ],
)
def test_time_limits_found(sentence: str, amount: int, unit: str) -> None:
    (limit,) = find_time_limits(sentence)
    assert (limit.amount, limit.unit) == (amount, unit)


@pytest.mark.parametrize("sentence", ["2024年3月15日生效", "不满14周岁的未成年人", "版本V3.2"])
def test_dates_and_ages_are_not_time_limits(sentence: str) -> None:
    assert find_time_limits(sentence) == []


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_rules_never_raise_on_arbitrary_text(text: str) -> None:
    criteria = assess(PolicyText(text, "text"), PrivacyPolicyParams())
    assert {c.id.split(":")[0] for c in criteria} == set(ALL_ITEMS)


_POLICY_WORDS = st.sampled_from(
    [
        "隐私政策",
        "收集",
        "手机号",
        "用于",
        "投诉",
        "15个工作日",
        "注销",
        "删除",
        "30天",
        "SDK",
        "。",
        "\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_POLICY_WORDS, max_size=80).map("".join))
def test_rules_never_raise_on_policy_like_text(text: str) -> None:
    criteria = assess(PolicyText(text, "text"), PrivacyPolicyParams())
    assert all(c.status in Status for c in criteria)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=800), st.sampled_from(["auto", "html", "text", "pdf"]))
def test_extraction_raises_only_policy_read_error(data: bytes, fmt: str) -> None:
    error: PolicyReadError | None = None
    try:
        policy = extract_policy(data, fmt=fmt)  # type: ignore[arg-type]
    except PolicyReadError as exc:
        error = exc
    if error is None:
        assert policy.text
    else:
        assert error.zh != ""
        assert error.en != ""
