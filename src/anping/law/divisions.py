"""Jurisdiction routing over the administrative division codes of GB/T 2260.

A security assessment report is filed with "the cyberspace administration and the public security
organ at or above the prefecture (city) level where the provider is located" (sa-2018 Art. 7:
所在地地市级以上网信部门和公安机关). This module answers *which* city-level unit that is for a
provider's division code, what lies above it (for escalation and expert review, sa-2018 Art. 10),
and whether an authority's scope covers a given unit.

Codes are six digits: two for the province, two for the prefecture, two for the county. The
table shipped in `data/divisions/` is the Ministry of Civil Affairs list plus the changes recorded
in its README; `TABLE_VERSION` names it and every error message quotes it, so a refusal can be
traced to the table that caused it.

Codes that are not in the table are refused, even when their prefecture still exists. A county
code disappears when the county is abolished *or* moved, and a moved county keeps its old
prefecture prefix in the old code: 简阳市 was 512081 under 资阳市 (512000) and is 510185 under
成都市 since 2016. Routing 512081 by prefix would send the filing to the wrong city, so the
caller must supply the current code instead.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass
from typing import Literal

TABLE_VERSION = "mca-2024+2025-11"

Level = Literal["national", "province", "prefecture", "county"]
AuthorityLevel = Literal["national", "province", "city", "county"]

#: Provincial prefixes of the four municipalities directly under the central government (直辖市):
#: Beijing, Tianjin, Shanghai, Chongqing. They have no prefecture level; the municipality is the
#: city-level unit of sa-2018 Art. 7 for every district and county in it.
MUNICIPALITY_PREFIXES = frozenset({"11", "12", "31", "50"})

_CODE = re.compile(r"[0-9]{6}", re.ASCII)
_TABLE_FILE = ("data", "divisions", "gbt2260.txt")


class UnknownDivision(LookupError):
    """The code is not in the shipped table (it may never have existed or been abolished)."""


class MalformedCodeError(UnknownDivision, ValueError):
    """The text is not a six-digit code at all; also a `ValueError`, as the input is wrong."""


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division.

    `municipality` marks the four municipalities themselves (110000 …). `province_administered`
    marks county-level units governed directly by a province or by the Xinjiang Production and
    Construction Corps (third and fourth digits "90", e.g. 419001 济源市, 659001 石河子市): they
    have no prefecture above them and act at city level themselves.
    """

    code: str
    name: str
    level: Level
    municipality: bool = False
    province_administered: bool = False


NATIONAL = Division("000000", "中华人民共和国", "national")


def _level(code: str) -> Level:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def _division(code: str, name: str) -> Division:
    level = _level(code)
    return Division(
        code=code,
        name=name,
        level=level,
        municipality=level == "province" and code[:2] in MUNICIPALITY_PREFIXES,
        province_administered=level == "county" and code[2:4] == "90",
    )


@functools.cache
def _table() -> dict[str, Division]:
    """Read the shipped table once; later lookups are dictionary hits."""
    resource = importlib.resources.files("anping.law").joinpath(*_TABLE_FILE)
    table: dict[str, Division] = {}
    for line in resource.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split(maxsplit=1)
            table[code] = _division(code, name)
    return table


def _normalise(code: str) -> str:
    text = code.strip()
    if not _CODE.fullmatch(text):
        raise MalformedCodeError(
            f"{code!r} is not a division code: GB/T 2260 codes are six digits "
            f"(table {TABLE_VERSION})"
        )
    return text


def all_divisions() -> list[Division]:
    """Every division in the table, in code order."""
    return sorted(_table().values(), key=lambda division: division.code)


def get(code: str) -> Division:
    """The division with this code; `UnknownDivision` (or `MalformedCodeError`) if there is none."""
    text = _normalise(code)
    try:
        return _table()[text]
    except KeyError:
        raise UnknownDivision(_unknown_message(text)) from None


def _unknown_message(code: str) -> str:
    message = f"division code {code} is not in table {TABLE_VERSION}"
    prefecture = _table().get(code[:4] + "00")
    if prefecture is None:
        return f"{message}; it may have been abolished or never existed — use the current code"
    return (
        f"{message}, although {prefecture.code} {prefecture.name} is: a county code missing from "
        "the table was abolished or moved to another prefecture, so it is not routed by its "
        "prefix — use the current code"
    )


def _province(division: Division) -> Division:
    return _table()[division.code[:2] + "0000"]


def filing_unit(code: str) -> Division:
    """The city-level unit whose cyberspace office and public security organ receive a filing.

    sa-2018 Art. 7 sends the report to the authorities "at or above the prefecture (city) level
    where the provider is located". Provinces, prefectures (including cities without districts
    such as 东莞 441900) and province-administered county-level units are at or above that level
    and route to themselves; a district or county in one of the four municipalities routes to the
    municipality; any other county-level unit routes to its prefecture (first four digits + "00").
    A code not in the table raises `UnknownDivision` even if its prefecture exists: it is never
    routed by prefix (see the module docstring).
    """
    division = get(code)
    if division.level in ("province", "prefecture") or division.province_administered:
        return division
    if division.code[:2] in MUNICIPALITY_PREFIXES:
        return _province(division)
    return _table()[division.code[:4] + "00"]


def superiors(code: str) -> list[Division]:
    """The provincial and national levels above a division, nearest first.

    Used to escalate a filing or call in expert review above the city level (sa-2018 Art. 10).
    A province (or municipality) has only the national level above it.
    """
    division = get(code)
    if division.level == "province":
        return [NATIONAL]
    return [_province(division), NATIONAL]


def path(code: str) -> list[Division]:
    """The chain from the province down to the division itself, e.g. 广东省 › 深圳市 › 南山区."""
    division = get(code)
    chain = [] if division.level == "province" else [_province(division)]
    prefecture = _table().get(division.code[:4] + "00")
    if division.level == "county" and prefecture is not None:
        chain.append(prefecture)
    chain.append(division)
    return chain


def search(text: str) -> list[Division]:
    """Divisions whose Chinese name contains `text`, in code order (e.g. 南山 → 230404, 440305)."""
    needle = text.strip()
    if not needle:
        return []
    return [division for division in all_divisions() if needle in division.name]


def in_jurisdiction(authority_code: str, authority_level: AuthorityLevel, unit_code: str) -> bool:
    """Whether an authority's scope covers the unit with `unit_code`.

    - national (`authority_code` must be 000000): every unit;
    - province: every unit in the province (same first two digits);
    - city: units whose `filing_unit` is the authority — a prefecture, a municipality (which is
      its own city level) or a province-administered county-level unit such as 419001;
    - county: its own code only.

    A misconfigured authority (code and level that do not fit together) raises `ValueError` or
    `UnknownDivision`: scoping must fail loudly, not silently show nothing or everything. A unit
    code that cannot be routed (malformed or not in the table) is outside every scope except the
    national one and, if its first two digits match, the provincial one — fail closed.
    """
    authority = _authority(authority_code, authority_level)
    if authority is NATIONAL:
        return True
    if authority_level == "province":
        unit_text = unit_code.strip()
        return bool(_CODE.fullmatch(unit_text)) and unit_text[:2] == authority.code[:2]
    try:
        unit = get(unit_code)
        target = filing_unit(unit.code) if authority_level == "city" else unit
    except UnknownDivision:
        return False
    return target.code == authority.code


def _authority(code: str, level: AuthorityLevel) -> Division:
    """Check that an authority's code fits its level, and return its division."""
    if level == "national":
        if code.strip() != NATIONAL.code:
            raise ValueError(f"a national authority has code {NATIONAL.code}, not {code!r}")
        return NATIONAL
    division = get(code)
    fits = {
        "province": division.level == "province",
        "city": division.level == "prefecture"
        or division.municipality
        or division.province_administered,
        "county": division.level == "county",
    }[level]
    if not fits:
        raise ValueError(
            f"{division.code} {division.name} ({division.level}) cannot be a {level}-level "
            f"authority (table {TABLE_VERSION})"
        )
    return division
