"""The database filter for jurisdictions agrees with the law engine's routing (sa-2018 Art. 7)."""

from __future__ import annotations

import pytest

from anping.core.scoping import jurisdiction_q
from anping.law import divisions
from anping.orgs.models import Organisation

pytestmark = pytest.mark.django_db

# (authority code, level in the platform, level in the law engine)
AUTHORITIES = [
    ("440300", "city", "city"),
    ("110000", "city", "city"),
    ("110000", "provincial", "province"),
    ("419001", "city", "city"),
    ("659001", "city", "city"),
    ("441900", "city", "city"),
    ("440000", "provincial", "province"),
    ("440305", "county", "county"),
    ("000000", "national", "national"),
]


@pytest.mark.parametrize(("code", "level", "law_level"), AUTHORITIES)
def test_art7_jurisdiction_filter_matches_routing(code: str, level: str, law_level: str) -> None:
    every = divisions.all_divisions()
    Organisation.objects.bulk_create(
        Organisation(name=d.name, kind="provider", division_code=d.code) for d in every
    )
    in_db = set(
        Organisation.objects.filter(jurisdiction_q(code, level)).values_list(
            "division_code", flat=True
        )
    )
    expected = {d.code for d in every if divisions.in_jurisdiction(code, law_level, d.code)}
    assert in_db == expected
