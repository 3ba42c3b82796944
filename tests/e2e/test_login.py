"""A person logs in as the demo provider, in zh-Hans and in English, and sees their dashboard."""

from __future__ import annotations

import pytest

from anping.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page: object, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("provider_admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_provider_logs_in_in_chinese(page: object, live_server: object, world: dict) -> None:
    _login(page, live_server.url)
    assert page.get_by_role("heading", level=1).inner_text() == "深圳南山示例网络科技有限公司"
    assert page.get_by_text("有效的委托评估").is_visible()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


def test_provider_logs_in_and_switches_to_english(
    page: object, live_server: object, world: dict
) -> None:
    _login(page, live_server.url)
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换语言").click()
    assert page.get_by_role("heading", name="Overview").is_visible()
    assert page.get_by_text("Active engagements").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="My organisation").click()
    assert page.get_by_role("heading", name="Members").is_visible()


def test_wrong_password_shows_generic_message(
    page: object, live_server: object, world: dict
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("provider_admin")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("status").inner_text().startswith("用户名或密码错误")
