"""A provider records a harmful-information incident and sees the assessment it now owes.

sa-2018 Art. 3(4): an incident showing existing measures fail requires an assessment; Art. 7:
its report is due within 30 working days, counted on the State Council holiday calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest

from anping.demo import DEMO_PASSWORD
from anping.law.workdays import add_working_days

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INCIDENT = dt.date(2026, 9, 25)  # National Day holiday falls inside the 30 working days


def test_art3_situation4_incident_shows_due_date_in_browser(
    page: object, live_server: object, world: dict
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("provider_admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.get_by_role("link", name="信息服务").click()
    page.get_by_role("link", name="南山社区论坛").first.click()
    page.get_by_role("link", name="记录服务事件").click()
    page.get_by_label("事件类型").select_option("harmful_information_incident")
    page.locator("#id_date").fill(INCIDENT.isoformat())
    page.get_by_label("说明").fill("虚假信息在评论区大量转发")
    page.get_by_role("button", name="保存").click()

    due = add_working_days(INCIDENT, 30)
    row = page.locator("tr", has_text="第三条第（4）项")
    assert row.is_visible()
    assert row.locator("time").get_attribute("datetime") == due.isoformat()
    assert due == dt.date(2026, 11, 12)  # the Golden Week rest days are skipped
