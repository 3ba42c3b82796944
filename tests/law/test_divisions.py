"""Jurisdiction routing over GB/T 2260 codes (sa-2018 Art. 7 filing, Art. 10 escalation)."""

from __future__ import annotations

import importlib.resources

import pytest

from anping.law import divisions
from anping.law.divisions import (
    NATIONAL,
    TABLE_VERSION,
    Division,
    MalformedCodeError,
    UnknownDivision,
    filing_unit,
    get,
    in_jurisdiction,
    path,
    search,
    superiors,
)


def codes(items: list[Division]) -> list[str]:
    return [item.code for item in items]


# --- the table ---------------------------------------------------------------------------------


def test_table_version_matches_data_file_header() -> None:
    text = (
        importlib.resources.files("anping.law")
        .joinpath("data", "divisions", "gbt2260.txt")
        .read_text(encoding="utf-8")
    )
    assert f"# version: {TABLE_VERSION} " in text


def test_table_counts_match_mca_2024_with_chongqing_change() -> None:
    levels = [division.level for division in divisions.all_divisions()]
    assert len(levels) == 3212  # 3,213 in mca-2024, two abolished, one created
    assert levels.count("province") == 34
    assert levels.count("prefecture") == 333
    assert levels.count("county") == 2845


def test_table_applies_chongqing_2025_11_change() -> None:
    assert get("500157").name == "两江新区"
    for abolished in ("500105", "500112"):
        with pytest.raises(UnknownDivision):
            get(abolished)


def test_table_lookups_share_one_load() -> None:
    assert get("440305") is get("440305")


# --- filing_unit (sa-2018 Art. 7) --------------------------------------------------------------


def test_art7_every_code_routes_to_existing_city_level_code() -> None:
    wrong = []
    for division in divisions.all_divisions():
        unit = filing_unit(division.code)
        city_level = unit.level != "county" or unit.province_administered
        if get(unit.code) != unit or not city_level or filing_unit(unit.code) != unit:
            wrong.append((division.code, unit.code))
    assert wrong == []


def test_art7_county_routes_to_prefecture() -> None:
    assert filing_unit("440305") == get("440300")
    assert filing_unit("440305").name == "深圳市"


@pytest.mark.parametrize(
    ("code", "municipality"),
    [
        ("110105", "110000"),
        ("110119", "110000"),
        ("120116", "120000"),
        ("310115", "310000"),
        ("500157", "500000"),
        ("500229", "500000"),  # a county, not a district, of Chongqing
    ],
)
def test_art7_municipality_district_routes_to_municipality(code: str, municipality: str) -> None:
    assert filing_unit(code).code == municipality
    assert filing_unit(code).municipality


@pytest.mark.parametrize("code", ["419001", "429004", "429021", "469002", "469021", "659001"])
def test_art7_province_administered_unit_routes_to_itself(code: str) -> None:
    unit = filing_unit(code)
    assert unit.code == code
    assert unit.level == "county"
    assert unit.province_administered


@pytest.mark.parametrize("code", ["441900", "442000", "460400", "620200"])
def test_art7_city_without_districts_routes_to_itself(code: str) -> None:
    assert filing_unit(code) == get(code)
    assert get(code).level == "prefecture"


@pytest.mark.parametrize("code", ["440300", "440000", "110000", "650000"])
def test_art7_prefecture_and_province_route_to_themselves(code: str) -> None:
    assert filing_unit(code).code == code


def test_art7_stale_county_code_is_refused_not_routed_by_prefix() -> None:
    # 简阳市 was 512081 under 资阳市 and is 510185 under 成都市: its prefix points the wrong way.
    with pytest.raises(UnknownDivision) as raised:
        filing_unit("512081")
    message = str(raised.value)
    assert "512081" in message
    assert TABLE_VERSION in message
    assert "512000" in message
    assert filing_unit("510185").code == "510100"


def test_art7_abolished_chongqing_district_is_refused() -> None:
    with pytest.raises(UnknownDivision, match="500112"):
        filing_unit("500112")


# --- get and errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "44030", "4403051", "abcdef", "44 305", "４４０３０５", "44030５"]
)
def test_get_malformed_code_raises_malformed_code_error(text: str) -> None:
    with pytest.raises(MalformedCodeError) as raised:
        get(text)
    assert TABLE_VERSION in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, UnknownDivision)


def test_get_unknown_code_raises_lookup_error_naming_code_and_version() -> None:
    with pytest.raises(LookupError) as raised:
        get("990000")
    assert not isinstance(raised.value, MalformedCodeError)
    assert "990000" in str(raised.value)
    assert TABLE_VERSION in str(raised.value)


def test_get_strips_surrounding_whitespace() -> None:
    assert get(" 440305\n").code == "440305"


def test_get_national_code_is_not_a_table_entry() -> None:
    with pytest.raises(UnknownDivision):
        get("000000")


# --- levels and flags --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level", "municipality", "province_administered"),
    [
        ("110000", "province", True, False),
        ("500000", "province", True, False),
        ("440000", "province", False, False),
        ("810000", "province", False, False),
        ("440300", "prefecture", False, False),
        ("440305", "county", False, False),
        ("110105", "county", False, False),
        ("419001", "county", False, True),
        ("659012", "county", False, True),
    ],
)
def test_division_level_and_flags(
    code: str, level: str, municipality: bool, province_administered: bool
) -> None:
    division = get(code)
    assert division.level == level
    assert division.municipality is municipality
    assert division.province_administered is province_administered


# --- superiors (sa-2018 Art. 10) and path ------------------------------------------------------


def test_art10_superiors_of_county_are_province_then_national() -> None:
    assert superiors("440305") == [get("440000"), NATIONAL]


def test_art10_superiors_of_province_are_national_only() -> None:
    assert superiors("440000") == [NATIONAL]
    assert superiors("110000") == [NATIONAL]


def test_art10_superiors_of_municipality_district_are_municipality_then_national() -> None:
    assert superiors("110105") == [get("110000"), NATIONAL]


def test_national_division_is_synthetic() -> None:
    assert Division("000000", "中华人民共和国", "national") == NATIONAL


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("440305", ["广东省", "深圳市", "南山区"]),
        ("440300", ["广东省", "深圳市"]),
        ("440000", ["广东省"]),
        ("110105", ["北京市", "朝阳区"]),
        ("419001", ["河南省", "济源市"]),
        ("441900", ["广东省", "东莞市"]),
    ],
)
def test_path_runs_from_province_down(code: str, names: list[str]) -> None:
    assert [division.name for division in path(code)] == names


# --- search ------------------------------------------------------------------------------------


def test_search_finds_nanshan_with_full_path() -> None:
    found = search("南山")
    assert "440305" in codes(found)
    assert [d.name for d in path("440305")] == ["广东省", "深圳市", "南山区"]


def test_search_returns_code_order() -> None:
    found = codes(search("鼓楼"))
    assert found == sorted(found)
    assert len(found) == 4


@pytest.mark.parametrize("text", ["", "   ", "不存在的地名"])
def test_search_without_match_returns_empty(text: str) -> None:
    assert search(text) == []


# --- in_jurisdiction ---------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["440305", "110105", "419001", "810000", "512081", "bogus"])
def test_in_jurisdiction_national_sees_everything(unit: str) -> None:
    assert in_jurisdiction("000000", "national", unit)


def test_in_jurisdiction_national_requires_national_code() -> None:
    with pytest.raises(ValueError, match="000000"):
        in_jurisdiction("110000", "national", "110105")


@pytest.mark.parametrize(("unit", "seen"), [("440305", True), ("440300", True), ("110105", False)])
def test_in_jurisdiction_province_sees_its_province(unit: str, seen: bool) -> None:
    assert in_jurisdiction("440000", "province", unit) is seen


def test_in_jurisdiction_province_sees_province_administered_units() -> None:
    assert in_jurisdiction("410000", "province", "419001")
    assert in_jurisdiction("650000", "province", "659001")


def test_in_jurisdiction_province_matches_stale_codes_by_prefix_only_when_well_formed() -> None:
    assert in_jurisdiction("510000", "province", "512081")
    assert not in_jurisdiction("510000", "province", "51abcd")


@pytest.mark.parametrize(("unit", "seen"), [("440305", True), ("440300", True), ("440100", False)])
def test_in_jurisdiction_city_sees_units_routed_to_it(unit: str, seen: bool) -> None:
    assert in_jurisdiction("440300", "city", unit) is seen


@pytest.mark.parametrize("unit", ["110000", "110105", "110119"])
def test_in_jurisdiction_municipality_is_its_own_city_level(unit: str) -> None:
    assert in_jurisdiction("110000", "city", unit)
    assert in_jurisdiction("110000", "province", unit)


def test_in_jurisdiction_municipality_city_does_not_see_other_municipality() -> None:
    assert not in_jurisdiction("110000", "city", "120116")
    assert in_jurisdiction("500000", "city", "500157")


def test_in_jurisdiction_province_administered_unit_sees_only_itself() -> None:
    assert in_jurisdiction("419001", "city", "419001")
    assert not in_jurisdiction("419001", "city", "410100")
    assert not in_jurisdiction("419001", "city", "410102")


def test_in_jurisdiction_prefecture_does_not_see_province_administered_unit() -> None:
    # 济源 is governed by 河南省 directly, not by 郑州市 or any other prefecture of Henan.
    assert not in_jurisdiction("410100", "city", "419001")
    assert not in_jurisdiction("410800", "city", "419001")


def test_in_jurisdiction_city_without_districts_sees_itself() -> None:
    assert in_jurisdiction("441900", "city", "441900")
    assert not in_jurisdiction("441900", "city", "442000")


@pytest.mark.parametrize(("unit", "seen"), [("440305", True), ("440304", False), ("440300", False)])
def test_in_jurisdiction_county_sees_own_code_only(unit: str, seen: bool) -> None:
    assert in_jurisdiction("440305", "county", unit) is seen


@pytest.mark.parametrize("unit", ["512081", "bogus", ""])
def test_in_jurisdiction_city_and_county_fail_closed_on_unroutable_unit(unit: str) -> None:
    assert not in_jurisdiction("512000", "city", unit)
    assert not in_jurisdiction("512002", "county", unit)


@pytest.mark.parametrize(
    ("authority", "level"),
    [
        ("440305", "city"),  # a district is not a city-level authority
        ("440300", "province"),
        ("110000", "county"),
        ("440300", "county"),
    ],
)
def test_in_jurisdiction_misconfigured_authority_raises(authority: str, level: str) -> None:
    with pytest.raises(ValueError, match=authority):
        in_jurisdiction(authority, level, "440305")  # type: ignore[arg-type]


def test_in_jurisdiction_unknown_authority_raises() -> None:
    with pytest.raises(UnknownDivision):
        in_jurisdiction("440399", "city", "440305")
