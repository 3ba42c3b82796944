"""A provider admin opens the signed demo report, checks its files and downloads the zh PDF,
then sees what an in-progress assessment still lacks (sa-2018 Art. 6 ¶2; decision 0005).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from anping.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.render_demo_reports,
]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Report files go to a temporary MEDIA_ROOT (autouse: set before `world` renders them)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _login(page: Any, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("provider_admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"^(?!.*/login/)"))


def test_signed_report_files_download_and_checklist_of_in_progress(
    page: Any, live_server: Any, world: dict, tmp_path: Path
) -> None:
    from anping.assessments.demo import SIGNED_TITLE
    from anping.assessments.models import Assessment, AssessmentStatus

    signed = Assessment.objects.get(title=SIGNED_TITLE)
    files = list(signed.reports.get().files.filter(final=True))
    assert len(files) == 8
    _login(page, live_server.url)

    page.goto(f"{live_server.url}/assessments/{signed.pk}/report/")
    assert page.get_by_text("已签署").first.is_visible()
    table = page.locator("section", has=page.get_by_role("heading", name="报告文件"))
    for f in files:
        row = table.locator("tr", has=page.get_by_role("link", name=f.name, exact=True))
        assert row.locator("code").inner_text() == f.sha256
        assert re.fullmatch(r"[0-9a-f]{64}", f.sha256)

    pdf = page.get_by_role("link", name=re.compile(r"-zh\.pdf$"))
    with page.expect_download() as info:
        pdf.click()
    download = info.value
    assert download.suggested_filename.endswith("-zh.pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    in_progress = Assessment.objects.get(status=AssessmentStatus.IN_PROGRESS)
    page.goto(f"{live_server.url}/assessments/{in_progress.pk}/report/")
    assert page.get_by_role("heading", name="完整性检查").is_visible()
    problems = page.locator("ul.checklist li")
    assert problems.count() > 0
    assert problems.first.inner_text().strip()
    assert page.get_by_role("button", name="生成评估报告").count() == 0
