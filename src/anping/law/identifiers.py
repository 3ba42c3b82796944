"""Validation of the identifiers a filing carries: ID numbers, credit codes, mobile numbers.

A security assessment report names the provider (unified social credit code), its responsible
person (resident identity number) and a contact (mobile number). Checking them at entry catches
typing errors before a filing reaches an authority, and says *why* a value is wrong, in Chinese
and English.

`check` never raises on text: whatever it is given, it returns a `Result`. Values are compacted
first — surrounding and inner whitespace and dashes removed, full-width characters (as typed with
a Chinese input method) mapped to ASCII — and `Result.normalised` holds the canonical form of a
valid value (upper case; E.164 for mobile numbers). The normalised value is personal data for ID
and mobile numbers: show it through `mask` unless the user asked to see it.

Resident identity numbers (GB 11643-1999) — what is checked:

- 18 characters: 17 digits and a MOD 11-2 check character (0-9 or X; x accepted and upper-cased).
  15-digit first-generation numbers are refused as expired: first-generation cards stopped being
  valid on 1 January 2013 (Resident Identity Card Law, as amended 2011).
- The birth date is a real date, not in the future and not before 1900-01-01.
- The address code: the first two digits must be a mainland province-level code. The county part
  is *not* looked up: numbers keep the code in force when they were issued, and many such codes
  have since been abolished. 71 (台湾省) is refused: no resident identity numbers are issued under
  it; residents of Taiwan living on the mainland hold residence permits numbered 830000….
- Residence permits for residents of Hong Kong, Macao and Taiwan (港澳台居民居住证, 2018) use the
  same structure with address code exactly 810000, 820000 or 830000.
- Foreign permanent resident ID cards of the 2023 version (外国人永久居留身份证) start with 9:
  9, two digits of the issuing province (a mainland province-level code), a three-digit
  nationality code (not checked against the country list), then — as in a resident identity
  number — the birth date at positions 7-14, a sequence number and the MOD 11-2 check character.

Unified social credit codes (GB 32100-2015): 18 characters from the 31-character alphabet
0-9 A-H J-N P-R T U W-Y (no I, O, Z, S, V); the first (registration authority) is 1-9, A, N or Y;
the last is the MOD 31 check character. The region and organisation parts are not looked up.

Mobile numbers: mainland China mobile numbers, with or without +86/0086, validated with the
`phonenumbers` metadata (number ranges change as operators get new prefixes).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers

Kind = Literal["resident_id", "credit_code", "mobile"]
KINDS: tuple[Kind, ...] = ("resident_id", "credit_code", "mobile")


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a value is (in)valid: a stable `code` for programs, and text in Chinese and English."""

    code: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of `check`. `kind` is None when the kind could not be guessed;
    `normalised` is the canonical form of a valid value and None for an invalid one."""

    kind: Kind | None
    valid: bool
    reason: Reason
    normalised: str | None = None


_OK = Reason("ok", "有效", "valid")

# --- compaction ------------------------------------------------------------------------------

#: Full-width ASCII variants (U+FF01-U+FF5E) and the ideographic space, as produced by Chinese
#: input methods, mapped to their ASCII forms.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")
_DIGITS = frozenset("0123456789")


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value.translate(_FULL_WIDTH))


def _is_digits(text: str) -> bool:
    """ASCII digits only: `str.isdigit` also accepts ² and ١, which `int` then rejects."""
    return bool(text) and set(text) <= _DIGITS


def _invalid(kind: Kind | None, code: str, zh: str, en: str) -> Result:
    return Result(kind=kind, valid=False, reason=Reason(code, zh, en))


def _bad_length(kind: Kind, length: int) -> Result:
    return _invalid(kind, "bad_length", f"长度为{length}，应为18位", f"{length} characters, not 18")


def _bad_character(kind: Kind, position: int, char: str) -> Result:
    return _invalid(
        kind,
        "bad_character",
        f"第{position}位字符“{char}”不允许",
        f"character {char!r} at position {position} is not allowed",
    )


def _check_mismatch(kind: Kind, expected: str) -> Result:
    return _invalid(
        kind,
        "check_mismatch",
        f"校验码不符，应为“{expected}”",
        f"check character mismatch: expected {expected}",
    )


# --- resident identity numbers (GB 11643) ----------------------------------------------------

#: Mainland province-level codes (GB/T 2260) that open a resident identity number.
MAINLAND_PROVINCES = frozenset(
    {
        *("11", "12", "13", "14", "15"),  # north
        *("21", "22", "23"),  # north-east
        *("31", "32", "33", "34", "35", "36", "37"),  # east
        *("41", "42", "43", "44", "45", "46"),  # south-central
        *("50", "51", "52", "53", "54"),  # south-west
        *("61", "62", "63", "64", "65"),  # north-west
    }
)
#: Address codes of residence permits for residents of Hong Kong, Macao and Taiwan.
PERMIT_ADDRESS_CODES = frozenset({"810000", "820000", "830000"})
_RID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 MOD 11-2 check character for 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _RID_WEIGHTS, strict=True))
    return "0123456789X"[(12 - total % 11) % 11]


def _region_problem(number: str) -> Reason | None:
    if number.startswith("9"):
        if number[1:3] in MAINLAND_PROVINCES:
            return None
        return Reason(
            "bad_region",
            f"外国人永久居留身份证号码第2-3位“{number[1:3]}”不是受理地省级行政区划代码",
            f"positions 2-3 ({number[1:3]}) of a foreign permanent resident ID number are not "
            "the code of a mainland province",
        )
    if number[:2] in {"81", "82", "83"}:
        if number[:6] in PERMIT_ADDRESS_CODES:
            return None
        return Reason(
            "bad_region",
            "港澳台居民居住证号码的地址码应为810000、820000或830000",
            "the address code of a Hong Kong, Macao or Taiwan residence permit number must be "
            "810000, 820000 or 830000",
        )
    if number[:2] in MAINLAND_PROVINCES:
        return None
    return Reason(
        "bad_region",
        f"前两位“{number[:2]}”不是内地省级行政区划代码，也不是居住证代码81/82/83或9",
        f"the first two digits ({number[:2]}) are not a mainland province code, a residence "
        "permit code (81, 82, 83) or 9 (foreign permanent resident)",
    )


def _birth_problem(number: str, today: dt.date) -> Reason | None:
    text = number[6:14]
    try:
        born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return Reason("bad_birth_date", f"出生日期“{text}”不是有效日期", f"{text} is not a date")
    if born > today:
        return Reason("birth_date_future", "出生日期在未来", "the birth date is in the future")
    if born < _EARLIEST_BIRTH:
        return Reason("birth_date_too_early", "出生日期早于1900年", "the birth date is before 1900")
    return None


def _check_resident_id(number: str, today: dt.date) -> Result:
    kind: Kind = "resident_id"
    if len(number) == 15 and _is_digits(number):
        return _invalid(
            kind,
            "expired_first_generation",
            "15位第一代居民身份证号码已于2013年1月1日停止使用，请提供18位号码",
            "15-digit first-generation ID numbers expired on 1 January 2013; "
            "give the 18-digit number",
        )
    if len(number) != 18:
        return _bad_length(kind, len(number))
    for position, char in enumerate(number, start=1):
        allowed = _DIGITS | {"X"} if position == 18 else _DIGITS
        if char not in allowed:
            return _bad_character(kind, position, char)
    problem = _region_problem(number) or _birth_problem(number, today)
    if problem is not None:
        return Result(kind=kind, valid=False, reason=problem)
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        return _check_mismatch(kind, expected)
    return Result(kind=kind, valid=True, reason=_OK, normalised=number)


# --- unified social credit codes (GB 32100) --------------------------------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Registration authorities (登记管理部门代码): 1-9, A (Central Military Commission),
#: N (agriculture), Y (others).
CREDIT_AUTHORITIES = frozenset("123456789ANY")
_CREDIT_WEIGHTS = tuple(3**i % 31 for i in range(17))


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 MOD 31 check character for the first 17 characters."""
    total = sum(
        CREDIT_ALPHABET.index(char) * weight
        for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def _check_credit_code(code: str) -> Result:
    kind: Kind = "credit_code"
    if len(code) != 18:
        return _bad_length(kind, len(code))
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_ALPHABET:
            return _bad_character(kind, position, char)
    if code[0] not in CREDIT_AUTHORITIES:
        return _invalid(
            kind,
            "bad_authority",
            f"登记管理部门代码“{code[0]}”无效，应为1-9、A、N或Y",
            f"registration authority {code[0]} is not one of 1-9, A, N, Y",
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return _check_mismatch(kind, expected)
    return Result(kind=kind, valid=True, reason=_OK, normalised=code)


# --- mobile numbers --------------------------------------------------------------------------

_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


#: Digits with an optional international prefix: `phonenumbers.parse` alone would also accept
#: letters, extensions and trailing text, which a mobile number field must not hold.
_PHONE_SHAPE = re.compile(r"(?:\+|00)?[0-9]{3,17}", re.ASCII)


def _parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    if not _PHONE_SHAPE.fullmatch(text):
        return None
    try:
        return phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None


def _check_mobile(text: str) -> Result:
    kind: Kind = "mobile"
    number = _parse_phone(text)
    if number is None:
        return _invalid(kind, "not_a_number", "不是电话号码", "not a telephone number")
    if number.country_code != 86:
        return _invalid(
            kind, "not_mainland", "不是中国内地号码（+86）", "not a mainland China number (+86)"
        )
    if not phonenumbers.is_valid_number(number):
        return _invalid(kind, "invalid_number", "号码无效", "not a valid number")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return _invalid(kind, "not_mobile", "不是手机号码", "not a mobile number")
    normalised = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Result(kind=kind, valid=True, reason=_OK, normalised=normalised)


# --- guessing and the public entry point -----------------------------------------------------

#: What is taken for a telephone number when no kind is given: an international prefix (no
#: identity number or credit code starts with + or 00), or 11 to 13 digits (a mobile number,
#: optionally preceded by 86).
_MOBILE_SHAPE = re.compile(r"(?:\+|00)[0-9]+|[0-9]{11,13}", re.ASCII)


def _looks_like_resident_id(number: str) -> bool:
    """17 digits, a digit or X, and a birth year (positions 7-10) starting 19 or 20.

    Both identity numbers and all-digit credit codes are 18 characters; the birth year tells
    them apart when neither validates, so the reason given is about the likelier kind.
    """
    return (
        _is_digits(number[:17]) and number[17:] in _DIGITS | {"X"} and number[6:8] in {"19", "20"}
    )


def _guess(compact: str, today: dt.date) -> Result:
    if _MOBILE_SHAPE.fullmatch(compact):
        return _check_mobile(compact)
    if len(compact) == 18:
        resident = _check_resident_id(compact, today)
        credit = _check_credit_code(compact)
        if resident.valid or (not credit.valid and _looks_like_resident_id(compact)):
            return resident
        return credit
    if len(compact) == 15 and _is_digits(compact):
        return _check_resident_id(compact, today)
    return _invalid(
        None,
        "unknown_kind",
        "无法识别：既不是18位身份证号码或统一社会信用代码，也不是手机号码",
        "not recognised: neither an 18-character ID number or credit code nor a mobile number",
    )


def check(value: str, kind: Kind | None = None, *, today: dt.date | None = None) -> Result:
    """Validate `value` as an identifier of `kind`, or of the kind it looks like when None.

    `today` bounds birth dates (default: the current date). Never raises on any text.
    """
    compact = _compact(value).upper()
    if not compact:
        return _invalid(kind, "empty", "值为空", "the value is empty")
    day = today or dt.date.today()
    if kind == "resident_id":
        return _check_resident_id(compact, day)
    if kind == "credit_code":
        return _check_credit_code(compact)
    if kind == "mobile":
        return _check_mobile(compact)
    return _guess(compact, day)


def mask(value: str, kind: Kind | None) -> str:
    """A normalised value with its middle hidden, for display (privacy by design).

    ID numbers and credit codes keep four characters at each end (4403**********123X); mobile
    numbers keep the country code, the three-digit network prefix and the last four digits
    (+86138****8000).
    """
    if kind == "mobile" and value.startswith("+86") and len(value) > 10:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
