"""The web shell: login with throttling, dashboards with real counts, isolation in the UI."""

from __future__ import annotations

import pytest
from django.test import Client

from anping.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> object:
    return client.post("/login/", {"username": username, "password": password}, follow=True)


def test_login_with_demo_provider_shows_dashboard(world: dict, client: Client) -> None:
    response = _login(client, "provider_admin", DEMO_PASSWORD)
    assert response.status_code == 200
    assert "深圳南山示例网络科技有限公司" in response.content.decode()


def test_wrong_password_generic_message(world: dict, client: Client) -> None:
    page = _login(client, "provider_admin", "wrong").content.decode()
    assert "用户名或密码错误" in page
    unknown = _login(client, "nobody", "wrong").content.decode()
    assert "用户名或密码错误" in unknown


def test_repeated_failures_lock_out_even_the_right_password(world: dict, client: Client) -> None:
    for _ in range(5):
        _login(client, "provider_admin", "wrong")
    page = _login(client, "provider_admin", DEMO_PASSWORD).content.decode()
    assert "用户名或密码错误" in page
    assert "_auth_user_id" not in client.session


def test_dashboard_requires_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_authority_dashboard_counts_providers_in_jurisdiction(world: dict, make_provider) -> None:
    make_provider("北京公司", "110105", "bj_admin")
    client = Client()
    client.force_login(world["users"]["cac_reviewer"])
    page = client.get("/").content.decode()
    assert "辖区内的服务提供者" in page
    assert '<span class="value">1</span><span class="label">辖区内的服务提供者' in page


def test_other_providers_page_is_404(world: dict, make_provider) -> None:
    other = make_provider("北京公司", "110105", "bj_admin")
    client = Client()
    client.force_login(world["users"]["provider_admin"])
    assert client.get(f"/organisations/{other.pk}/").status_code == 404


def test_english_switch_translates_page(world: dict) -> None:
    client = Client()
    client.force_login(world["users"]["provider_admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Dashboard" in page
    assert "Members" in page


def test_admin_invites_from_organisation_page(world: dict) -> None:
    org = world["orgs"]["Nanshan Example Network Technology Co., Ltd."]
    client = Client()
    client.force_login(world["users"]["provider_admin"])
    page = client.post(
        f"/organisations/{org.pk}/invite/",
        {"email": "a@example.com", "role": "reader"},
        follow=True,
    ).content.decode()
    assert "/invitations/" in page


def test_tokens_page_shows_secret_once(world: dict) -> None:
    client = Client()
    client.force_login(world["users"]["provider_admin"])
    from anping.core.models import ApiToken

    page = client.post("/tokens/", {"name": "ci"}).content.decode()
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    assert secret.startswith("anp_")
    assert ApiToken.objects.get().prefix == secret[:12]
    assert secret not in client.get("/tokens/").content.decode()


def test_audit_page_for_admin(world: dict) -> None:
    client = Client()
    client.force_login(world["users"]["provider_admin"])
    page = client.get("/audit/").content.decode()
    assert "创建组织" in page
