"""Fixtures for assessments: the demo forum, a started assessment, files of each kind."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

PROVIDER = "Nanshan Example Network Technology Co., Ltd."
FIRM = "Example Cybersecurity Assessment Co., Ltd."
FORUM = "南山社区论坛"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def office(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def forum(world: dict) -> Any:
    from anping.services.models import InformationService

    return InformationService.objects.get(name=FORUM)


@pytest.fixture
def start(world: dict, forum: Any, api_client: Callable[..., Any]) -> Callable[..., dict]:
    """Start an assessment of the forum through the API as `username` (by hand by default)."""

    def make(username: str = "provider_assessor", **payload: Any) -> dict:
        client = api_client(world["users"][username])
        response = client.post(
            "/api/assessments",
            {"service_id": forum.pk, **payload},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        return response.json()

    return make


@pytest.fixture
def answer_all() -> Callable[..., None]:
    """Answer every point of an assessment as met, with a statement (through the flows)."""

    def answer(assessment_id: int, actor: Any) -> None:
        from anping.assessments import flows
        from anping.assessments.models import PointResult

        for point in PointResult.objects.filter(assessment_id=assessment_id, result=""):
            flows.update_point(
                point, actor=actor, result="met", statement="已落实，详见制度文件和系统截图。"
            )

    return answer


@pytest.fixture
def fill_report() -> Callable[..., None]:
    """Fill the report details an authority's review needs: contact, Art. 3 situation, conclusion."""

    def fill(assessment_id: int, actor: Any) -> None:
        from anping.assessments import flows
        from anping.assessments.models import Assessment

        flows.update_details(
            Assessment.objects.get(pk=assessment_id),
            actor=actor,
            contact_name="张安",
            contact_phone="+8613800138000",
            situation=1,
            conclusion="经评估，服务符合安全评估规定的要求。",
        )

    return fill
