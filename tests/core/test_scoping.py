"""The one scoping layer: own organisation, engaged clients, jurisdiction; outside is 404."""

from __future__ import annotations

import pytest

from anping.core.scoping import jurisdiction_q, restrict
from anping.orgs import flows
from anping.orgs.models import Engagement, Organisation

pytestmark = pytest.mark.django_db

CODES = ["110105", "110000", "440305", "440300", "440000", "419001", "410100", "410102"]


def _matching(code: str, level: str) -> list[str]:
    for c in CODES:
        Organisation.objects.get_or_create(name=c, kind="provider", division_code=c)
    q = Organisation.objects.filter(jurisdiction_q(code, level))
    return sorted(q.values_list("division_code", flat=True))


def test_jurisdiction_city_covers_its_districts() -> None:
    assert _matching("440300", "city") == ["440300", "440305"]


def test_jurisdiction_municipality_covers_whole_city() -> None:
    assert _matching("110000", "city") == ["110000", "110105"]


def test_jurisdiction_province_administered_county_covers_only_itself() -> None:
    assert _matching("419001", "city") == ["419001"]


def test_jurisdiction_province_covers_everything_below() -> None:
    assert _matching("440000", "provincial") == ["440000", "440300", "440305"]


def test_jurisdiction_national_covers_all() -> None:
    assert _matching("000000", "national") == sorted(CODES)


def test_provider_sees_only_itself(world: dict, make_provider) -> None:
    other = make_provider("另一家公司", "110105", "other_admin")
    user = world["users"]["provider_admin"]
    visible = restrict(Organisation.objects.all(), user)
    assert list(visible.values_list("name_en", flat=True)) == [
        "Nanshan Example Network Technology Co., Ltd."
    ]
    assert other not in visible


def test_firm_sees_engaged_client_until_engagement_ends(world: dict) -> None:
    firm_admin = world["users"]["firm_admin"]
    provider = world["orgs"]["Nanshan Example Network Technology Co., Ltd."]
    assert provider in restrict(Organisation.objects.all(), firm_admin)
    flows.end_engagement(Engagement.objects.get(provider=provider), actor=firm_admin)
    assert provider not in restrict(Organisation.objects.all(), firm_admin)


def test_city_authority_sees_providers_in_jurisdiction_only(world: dict, make_provider) -> None:
    beijing = make_provider("北京公司", "110105", "bj_admin")
    reviewer = world["users"]["cac_reviewer"]
    visible = restrict(Organisation.objects.all(), reviewer)
    assert world["orgs"]["Nanshan Example Network Technology Co., Ltd."] in visible
    assert beijing not in visible


def test_provincial_authority_sees_cities_below(world: dict, make_provider) -> None:
    guangzhou = make_provider("广州公司", "440106", "gz_admin")
    visible = restrict(Organisation.objects.all(), world["users"]["gd_reviewer"])
    assert guangzhou in visible


def test_anonymous_sees_nothing(world: dict) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not restrict(Organisation.objects.all(), AnonymousUser()).exists()
