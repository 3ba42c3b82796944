"""Fixtures for check runs: the demo forum, a started assessment, NDJSON logs made here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

FORUM = "南山社区论坛"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def forum(world: dict) -> Any:
    from anping.services.models import InformationService

    return InformationService.objects.get(name=FORUM)


@pytest.fixture
def assessment(world: dict, forum: Any, api_client: Callable[..., Any]) -> dict:
    """An assessment of the forum started through the API by the provider's assessor."""
    client = api_client(world["users"]["provider_assessor"])
    response = client.post(
        "/api/assessments", {"service_id": forum.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.fixture
def art5_3(assessment: dict) -> Any:
    from anping.assessments.models import PointResult

    return PointResult.objects.get(assessment_id=assessment["id"], cite="sa-2018:art5.3")


def ndjson_log(start: dt.date, end: dt.date) -> bytes:
    """Two complete network-log records a day (sa-2018 Art. 5(3) fields), start … end."""
    lines = []
    day = start
    while day <= end:
        for hour in (9, 21):
            lines.append(
                json.dumps(
                    {
                        "user_id": f"u{day:%m%d}{hour}",
                        "ts": f"{day} {hour:02d}:00:00",
                        "action": "login",
                        "src_ip": "10.0.0.7",
                        "dst_ip": "192.168.1.2",
                        "src_port": 50000 + hour,
                        "device_id": "AA:BB:CC:DD:EE:FF",
                    }
                )
            )
        day += dt.timedelta(days=1)
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def good_log() -> bytes:
    return ndjson_log(dt.date(2024, 12, 20), dt.date(2025, 6, 30))
