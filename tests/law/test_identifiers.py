"""Identifier validation: GB 11643 ID numbers, GB 32100 credit codes, mainland mobile numbers."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from stdnum.cn import ric, uscc

from anping.law.divisions import all_divisions
from anping.law.identifiers import (
    CREDIT_ALPHABET,
    MAINLAND_PROVINCES,
    check,
    credit_code_check_char,
    mask,
    resident_id_check_char,
)

TODAY = dt.date(2026, 1, 15)


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def credit_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


# --- resident identity numbers (GB 11643) ------------------------------------------------------


def test_resident_id_standard_example_is_valid() -> None:
    result = check("11010519491231002X", "resident_id", today=TODAY)
    assert result.valid
    assert result.kind == "resident_id"
    assert result.reason.code == "ok"
    assert result.normalised == "11010519491231002X"


def test_resident_id_lower_case_x_is_normalised_to_upper() -> None:
    assert check("11010519491231002x", today=TODAY).normalised == "11010519491231002X"


def test_resident_id_separators_and_full_width_are_compacted() -> None:
    assert check(" 110105 19491231 002X ", today=TODAY).valid
    assert check("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).valid


def test_resident_id_check_mismatch_names_expected_character() -> None:
    result = check("110105194912310021", "resident_id", today=TODAY)
    assert not result.valid
    assert result.reason.code == "check_mismatch"
    assert "expected X" in result.reason.en
    assert "X" in result.reason.zh


def test_resident_id_first_generation_15_digits_rejected_as_expired() -> None:
    result = check("110105491231002", today=TODAY)
    assert result.kind == "resident_id"
    assert result.reason.code == "expired_first_generation"
    assert "15" in result.reason.zh
    assert "expired" in result.reason.en


@pytest.mark.parametrize("value", ["1101051949123100", "11010519491231002X1"])
def test_resident_id_bad_length_rejected(value: str) -> None:
    result = check(value, "resident_id", today=TODAY)
    assert result.reason.code == "bad_length"
    assert str(len(value)) in result.reason.en


def test_resident_id_bad_character_names_position() -> None:
    result = check("1101051949123100AX", "resident_id", today=TODAY)
    assert result.reason.code == "bad_character"
    assert "position 17" in result.reason.en
    assert "第17位" in result.reason.zh


def test_resident_id_impossible_birth_date_rejected() -> None:
    result = check(resident_id("11010519490230002"), "resident_id", today=TODAY)
    assert result.reason.code == "bad_birth_date"


def test_resident_id_future_birth_date_rejected() -> None:
    result = check(resident_id("11010520260116002"), "resident_id", today=TODAY)
    assert result.reason.code == "birth_date_future"
    assert check(resident_id("11010520260115002"), "resident_id", today=TODAY).valid


def test_resident_id_birth_before_1900_rejected() -> None:
    result = check(resident_id("11010518991231002"), "resident_id", today=TODAY)
    assert result.reason.code == "birth_date_too_early"
    assert check(resident_id("11010519000101002"), "resident_id", today=TODAY).valid


@pytest.mark.parametrize("prefix", ["00", "10", "16", "24", "39", "55", "66", "71", "80", "84"])
def test_resident_id_non_province_prefix_rejected(prefix: str) -> None:
    result = check(resident_id(prefix + "010519900101002"), "resident_id", today=TODAY)
    assert result.reason.code == "bad_region"


def test_resident_id_taiwan_71_rejected_as_not_issued() -> None:
    # Residents of Taiwan on the mainland hold residence permits numbered 830000…, not 71….
    assert not check(resident_id("71000019900101002"), "resident_id", today=TODAY).valid


@pytest.mark.parametrize("address", ["810000", "820000", "830000"])
def test_resident_id_residence_permit_for_hk_macao_taiwan_valid(address: str) -> None:
    assert check(resident_id(address + "19900101002"), today=TODAY).valid


@pytest.mark.parametrize("address", ["810100", "820001", "839900"])
def test_resident_id_residence_permit_with_other_address_code_rejected(address: str) -> None:
    result = check(resident_id(address + "19900101002"), "resident_id", today=TODAY)
    assert result.reason.code == "bad_region"


def test_resident_id_foreign_permanent_resident_2023_valid() -> None:
    # 9, issuing province 31 (Shanghai), nationality 840, born 1985-06-15, sequence 001.
    value = resident_id("9" + "31" + "840" + "19850615" + "001")
    result = check(value, today=TODAY)
    assert result.valid
    assert result.kind == "resident_id"


def test_resident_id_foreign_permanent_resident_with_bad_province_rejected() -> None:
    result = check(resident_id("9" + "71" + "840" + "19850615" + "001"), "resident_id", today=TODAY)
    assert result.reason.code == "bad_region"


def test_resident_id_foreign_permanent_resident_birth_date_is_checked() -> None:
    result = check(resident_id("9" + "31" + "840" + "19851315" + "001"), "resident_id", today=TODAY)
    assert result.reason.code == "bad_birth_date"


def test_resident_id_abolished_county_code_stays_valid() -> None:
    # 342622 庐江县 belonged to 巢湖地区 (3426), abolished in 2011; 500112 渝北区 in 2025.
    assert check(resident_id("34262219900101002"), today=TODAY).valid
    assert check(resident_id("50011219900101002"), today=TODAY).valid


def test_mainland_provinces_match_division_table() -> None:
    table = {d.code[:2] for d in all_divisions() if d.level == "province"}
    assert table - {"71", "81", "82"} == MAINLAND_PROVINCES


# --- unified social credit codes (GB 32100) ----------------------------------------------------


def test_credit_code_example_is_valid() -> None:
    result = check("91110000600037341L", today=TODAY)
    assert result.valid
    assert result.kind == "credit_code"
    assert result.normalised == "91110000600037341L"


def test_credit_code_lower_case_is_normalised() -> None:
    assert check("91110000600037341l", "credit_code").normalised == "91110000600037341L"


@pytest.mark.parametrize("authority", ["A", "N", "Y", "1", "5"])
def test_credit_code_authorities_accepted(authority: str) -> None:
    assert check(credit_code(authority + "1110000600037341"), "credit_code").valid


@pytest.mark.parametrize("authority", ["0", "B", "G", "X"])
def test_credit_code_bad_authority_rejected(authority: str) -> None:
    result = check(credit_code(authority + "1110000600037341"), "credit_code")
    assert result.reason.code == "bad_authority"
    assert authority in result.reason.en


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_excluded_letters_rejected_with_position(letter: str) -> None:
    result = check("911100006" + letter + "0037341L", "credit_code")
    assert result.reason.code == "bad_character"
    assert "position 10" in result.reason.en


def test_credit_code_bad_length_rejected() -> None:
    assert check("91110000600037341", "credit_code").reason.code == "bad_length"


def test_credit_code_check_mismatch_names_expected_character() -> None:
    result = check("91110000600037341M", "credit_code")
    assert result.reason.code == "check_mismatch"
    assert result.reason.en.endswith("expected L")


def test_credit_code_alphabet_has_31_characters_without_i_o_z_s_v() -> None:
    assert len(CREDIT_ALPHABET) == 31
    assert not set("IOZSV") & set(CREDIT_ALPHABET)


# --- mobile numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "0086 13800138000"],
)
def test_mobile_formats_normalised_to_e164(value: str) -> None:
    result = check(value)
    assert result.kind == "mobile"
    assert result.valid
    assert result.normalised == "+8613800138000"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("010-12345678", "not_mobile"),
        ("+86 10 1234 5678", "not_mobile"),
        ("+852 9123 4567", "not_mainland"),
        ("12012345678", "invalid_number"),
        ("138001380ab", "not_a_number"),
        ("13800138000 ext 1", "not_a_number"),
    ],
)
def test_mobile_invalid_values_rejected_with_reason(value: str, reason: str) -> None:
    result = check(value, "mobile")
    assert not result.valid
    assert result.reason.code == reason


# --- guessing the kind -------------------------------------------------------------------------


def test_guess_all_digit_credit_code_is_credit_code() -> None:
    value = credit_code("12100000400000000")
    result = check(value, today=TODAY)
    assert result.kind == "credit_code"
    assert result.valid


def test_guess_invalid_id_shape_reports_resident_id_reason() -> None:
    assert check("110105194912310021", today=TODAY).kind == "resident_id"


def test_guess_invalid_letters_report_credit_code_reason() -> None:
    assert check("91110000600037341M", today=TODAY).kind == "credit_code"


@pytest.mark.parametrize("value", ["", "   ", "hello", "12345", "一二三"])
def test_guess_unrecognised_value_has_no_kind(value: str) -> None:
    result = check(value)
    assert not result.valid
    assert result.reason.code in {"empty", "unknown_kind"}
    assert result.normalised is None


# --- masking -----------------------------------------------------------------------------------


def test_mask_resident_id_keeps_four_characters_each_end() -> None:
    assert mask("44030519900101123X", "resident_id") == "4403**********123X"


def test_mask_mobile_keeps_network_prefix_and_last_four() -> None:
    assert mask("+8613800138000", "mobile") == "+86138****8000"


def test_mask_short_value_is_fully_hidden() -> None:
    assert mask("12345678", None) == "********"


# --- python-stdnum cross-check (test-only) -----------------------------------------------------
#
# python-stdnum agrees with us on the MOD 11-2 and MOD 31 arithmetic, but it is *wrong* for some
# valid values, which are therefore left out of the agreement test and pinned below:
# - credit codes whose registration authority is A, N or Y (it requires 8 leading digits);
# - residence permits 810000/820000/830000 (not in its location table);
# - ID numbers whose county code is newer than the birth year, or newer than its table
#   (440305 南山区 dates from 1990; 500157 两江新区 from 2025).
# It is also *lax* where we are strict, so those values are left out too:
# - authority 0 in a credit code; birth dates in the future or before 1900.

# Counties that stdnum knows for every birth year sampled (1991-2020).
_STABLE_COUNTIES = ("110105", "310104", "420106", "440106", "510107", "610113")


def _sample_resident_ids(rng: random.Random) -> list[str]:
    values = []
    for _ in range(200):
        born = dt.date(1991, 1, 1) + dt.timedelta(days=rng.randrange(365 * 30))
        body = f"{rng.choice(_STABLE_COUNTIES)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        valid = resident_id(body)
        values.append(valid)
        position = rng.randrange(18)
        values.append(valid[:position] + rng.choice("0123456789X") + valid[position + 1 :])
    return values


def _sample_credit_codes(rng: random.Random) -> list[str]:
    values = []
    for _ in range(200):
        body = rng.choice("123456789") + "".join(
            rng.choice("0123456789") for _ in range(7)
        )  # stdnum needs 8 leading digits
        body += "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
        valid = credit_code(body)
        values.append(valid)
        values.append(valid[:17] + rng.choice(CREDIT_ALPHABET))
    return values


def test_stdnum_agrees_on_resident_ids_outside_its_known_errors() -> None:
    for value in _sample_resident_ids(random.Random(11643)):
        assert check(value, "resident_id", today=TODAY).valid is ric.is_valid(value), value


def test_stdnum_agrees_on_credit_codes_outside_its_known_errors() -> None:
    for value in _sample_credit_codes(random.Random(32100)):
        assert check(value, "credit_code").valid is uscc.is_valid(value), value


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (credit_code("A1110000600037341"), "credit_code"),
        (credit_code("N1110000600037341"), "credit_code"),
        (credit_code("Y1110000600037341"), "credit_code"),
        (resident_id("81000019900101123"), "resident_id"),
        (resident_id("44030519700101123"), "resident_id"),
        (resident_id("50015719900101123"), "resident_id"),
    ],
)
def test_stdnum_known_false_rejections_are_valid_here(value: str, kind: str) -> None:
    assert not (ric.is_valid(value) if kind == "resident_id" else uscc.is_valid(value))
    assert check(value, kind, today=TODAY).valid  # type: ignore[arg-type]
