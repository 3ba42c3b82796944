"""Property tests: valid identifiers pass, altered ones fail, no text makes `check` raise."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import given
from hypothesis import strategies as st

from anping.law.identifiers import (
    CREDIT_ALPHABET,
    CREDIT_AUTHORITIES,
    KINDS,
    MAINLAND_PROVINCES,
    PERMIT_ADDRESS_CODES,
    Kind,
    check,
    credit_code_check_char,
    resident_id_check_char,
)

TODAY = dt.date(2026, 1, 15)


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.digits, min_size=count, max_size=count)


def _address_code() -> st.SearchStrategy[str]:
    """Mainland (any county part: it need not exist now), permit, or 9 + province + nationality."""
    mainland = st.builds(str.__add__, st.sampled_from(sorted(MAINLAND_PROVINCES)), _digits(4))
    permit = st.sampled_from(sorted(PERMIT_ADDRESS_CODES))
    foreign = st.builds(
        lambda province, nationality: "9" + province + nationality,
        st.sampled_from(sorted(MAINLAND_PROVINCES)),
        _digits(3),
    )
    return st.one_of(mainland, permit, foreign)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    first17 = draw(_address_code()) + f"{born:%Y%m%d}" + draw(_digits(3))
    return first17 + resident_id_check_char(first17)


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from(sorted(CREDIT_AUTHORITIES)))
    rest = draw(st.text(alphabet=CREDIT_ALPHABET, min_size=16, max_size=16))
    return authority + rest + credit_code_check_char(authority + rest)


#: Long-allocated mobile prefixes (China Mobile, Unicom, Telecom), whole blocks only.
MOBILE_PREFIXES = (
    [f"13{d}" for d in "0125678"]
    + ["150", "151", "152", "158", "159"]
    + [f"18{d}" for d in "0123456789"]
)
mobiles = st.builds(str.__add__, st.sampled_from(MOBILE_PREFIXES), _digits(8))


def _changed(value: str, position: int, char: str) -> str:
    return value[:position] + char + value[position + 1 :]


@given(resident_ids())
def test_generated_resident_id_passes(value: str) -> None:
    result = check(value, today=TODAY)
    assert result.valid, result.reason
    assert result.kind == "resident_id"
    assert result.normalised == value


@given(credit_codes())
def test_generated_credit_code_passes(value: str) -> None:
    result = check(value.lower(), today=TODAY)
    assert result.valid, result.reason
    assert result.normalised == value


@given(mobiles)
def test_generated_mobile_passes(value: str) -> None:
    result = check(value)
    assert result.valid, result.reason
    assert result.normalised == "+86" + value


@given(resident_ids(), st.data())
def test_resident_id_single_character_change_fails(value: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, 17))
    char = data.draw(
        st.sampled_from(string.printable).filter(lambda c: c.upper() != value[position])
    )
    assert not check(_changed(value, position, char), "resident_id", today=TODAY).valid


@given(credit_codes(), st.data())
def test_credit_code_single_character_change_fails(value: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, 17))
    char = data.draw(
        st.sampled_from(string.printable).filter(lambda c: c.upper() != value[position])
    )
    assert not check(_changed(value, position, char), "credit_code").valid


@given(st.text(), st.sampled_from([None, *KINDS]))
def test_check_never_raises_on_arbitrary_text(value: str, kind: Kind | None) -> None:
    result = check(value, kind)
    assert result.valid is (result.normalised is not None)
    assert result.reason.zh
    assert result.reason.en


@given(st.text(alphabet="0123456789Xx+- ", max_size=25), st.sampled_from([None, *KINDS]))
def test_check_never_raises_on_identifier_like_text(value: str, kind: Kind | None) -> None:
    result = check(value, kind)
    assert result.kind in {None, *KINDS}
