"""Fixtures for the service register: a forum of the demo provider, built through the flows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

PROVIDER = "Nanshan Example Network Technology Co., Ltd."
#: The demo forum (`anping.services.demo`), present in every test's world.
DEMO_FORUM = "南山社区论坛"


def registered() -> Any:
    """Services other than the demo forum."""
    from anping.services.models import InformationService

    return InformationService.objects.exclude(name=DEMO_FORUM)


def service_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "测试论坛",
        "kinds": ["forum"],
        "division_code": "440305",
        "website_url": "https://bbs.example.cn",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_service(world: dict) -> Callable[..., Any]:
    """Register a service through the flows; of the demo provider unless `org` is given."""
    from anping.services import flows

    def make(org: Any = None, **overrides: Any) -> Any:
        if org is None:  # the demo provider's admin registers it
            org, actor = world["orgs"][PROVIDER], world["users"]["provider_admin"]
        else:
            actor = None
        return flows.create_service(org, actor=actor, **service_fields(**overrides))

    return make


@pytest.fixture
def provider(world: dict) -> Any:
    """The demo provider (Shenzhen Nanshan, 440305)."""
    return world["orgs"][PROVIDER]
