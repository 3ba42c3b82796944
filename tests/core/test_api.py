"""The API shell: OpenAPI, auth by session or token, one error shape, isolation between tenants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from anping.orgs import flows

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "details"}


def test_openapi_schema_served(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/organisations" in response.json()["paths"]


def test_api_docs_page_served(client: Client) -> None:
    assert client.get("/api/docs").status_code == 200


def test_unauthenticated_request_gets_401_error_shape(client: Client) -> None:
    response = client.get("/api/me")
    assert response.status_code == 401
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "unauthenticated"


def test_token_authenticates_and_revocation_stops_it(world: dict) -> None:
    user = world["users"]["provider_admin"]
    token, secret = flows.create_token(user, "ci")
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/me", **auth).json()["username"] == "provider_admin"
    flows.revoke_token(token, actor=user)
    assert client.get("/api/me", **auth).status_code == 401


def test_expired_token_rejected(world: dict) -> None:
    user = world["users"]["provider_admin"]
    _token, secret = flows.create_token(
        user, "old", expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_secret_stored_only_hashed(world: dict) -> None:
    from anping.core.models import ApiToken

    token, secret = flows.create_token(world["users"]["provider_admin"], "ci")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(stored)


def test_provider_cannot_list_or_fetch_other_provider(
    world: dict, make_provider, api_client
) -> None:
    other = make_provider("北京公司", "110105", "bj_admin")
    client = api_client(world["users"]["provider_admin"])
    listed = {o["id"] for o in client.get("/api/organisations").json()}
    assert other.pk not in listed
    response = client.get(f"/api/organisations/{other.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get(f"/api/organisations/{other.pk}/members").json() == []


def test_provider_cannot_invite_into_other_provider(world: dict, make_provider, api_client) -> None:
    other = make_provider("北京公司", "110105", "bj_admin")
    client = api_client(world["users"]["provider_admin"])
    response = client.post(
        f"/api/organisations/{other.pk}/invitations",
        {"email": "x@example.com", "role": "admin"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_malformed_json_body_gets_error_shape(world: dict, api_client) -> None:
    client = api_client(world["users"]["provider_admin"])
    org = world["orgs"]["Nanshan Example Network Technology Co., Ltd."]
    response = client.post(
        f"/api/organisations/{org.pk}/invitations", "{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) == ERROR_KEYS


def test_invite_and_accept_then_member_listed(world: dict, api_client) -> None:
    org = world["orgs"]["Nanshan Example Network Technology Co., Ltd."]
    client = api_client(world["users"]["provider_admin"])
    response = client.post(
        f"/api/organisations/{org.pk}/invitations",
        {"email": "new@example.com", "role": "assessor"},
        content_type="application/json",
    )
    assert response.status_code == 201
    flows.accept_invitation(response.json()["token"], username="newbie", password="Str0ng-pass!")
    names = {m["username"] for m in client.get(f"/api/organisations/{org.pk}/members").json()}
    assert "newbie" in names


def test_non_admin_member_cannot_invite(world: dict, api_client) -> None:
    org = world["orgs"]["Nanshan Example Network Technology Co., Ltd."]
    client = api_client(world["users"]["provider_reader"])
    response = client.post(
        f"/api/organisations/{org.pk}/invitations",
        {"email": "x@example.com", "role": "admin"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_remove_member_and_last_admin_protected(world: dict, api_client) -> None:
    from anping.orgs.models import Membership

    admin = world["users"]["provider_admin"]
    client = api_client(admin)
    reader = Membership.objects.get(user__username="provider_reader")
    assert client.delete(f"/api/memberships/{reader.pk}").status_code == 204
    own = Membership.objects.get(user=admin)
    response = client.delete(f"/api/memberships/{own.pk}")
    assert response.status_code == 409
    assert Membership.objects.filter(pk=own.pk).exists()


def test_firm_lists_engagement_and_provider_can_end_it(world: dict, api_client) -> None:
    firm_client = api_client(world["users"]["firm_admin"])
    engagements = firm_client.get("/api/engagements").json()
    assert [e["provider"] for e in engagements] == ["深圳南山示例网络科技有限公司"]
    provider_client = api_client(world["users"]["provider_admin"])
    ended = provider_client.post(f"/api/engagements/{engagements[0]['id']}/end")
    assert ended.json()["ended_on"] is not None
    again = provider_client.post(f"/api/engagements/{engagements[0]['id']}/end")
    assert again.status_code == 409


def test_audit_api_scoped_to_own_organisation(world: dict, make_provider, api_client) -> None:
    other = make_provider("北京公司", "110105", "bj_admin")
    events = api_client(world["users"]["provider_admin"]).get("/api/audit").json()
    assert events
    assert all(e["organisation_id"] != other.pk for e in events)


def test_audit_api_refused_for_reader(world: dict, api_client) -> None:
    assert api_client(world["users"]["provider_reader"]).get("/api/audit").status_code == 403
