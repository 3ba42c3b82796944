"""Shared fixtures: personas, one per role and organisation kind, built through the real flows."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture
def world(db: None, settings: object, request: pytest.FixtureRequest) -> dict[str, object]:
    """The demo world: Shenzhen provider, firm, city and provincial authorities, one user a role.

    The signed demo report is rendered to its files (3 s) only for tests marked
    `render_demo_reports`.
    """
    from anping.demo import load_demo

    settings.ANPING_DEMO_RENDER_REPORTS = bool(
        request.node.get_closest_marker("render_demo_reports")
    )
    from anping.orgs.models import Organisation, User

    load_demo()
    users = {u.username: u for u in User.objects.all()}
    orgs = {o.name_en: o for o in Organisation.objects.all()}
    return {"users": users, "orgs": orgs}


@pytest.fixture
def make_provider(db: None) -> Callable[..., object]:
    """A further provider with an admin user, e.g. in another city."""
    from anping.orgs import flows
    from anping.orgs.models import OrganisationKind, Role, User

    def make(name: str, code: str, username: str) -> object:
        org = flows.create_organisation(
            actor=None, name=name, kind=OrganisationKind.PROVIDER, division_code=code
        )
        user = User.objects.create_user(username=username, password="pw-" + username + "-2026!")
        flows.add_member(org, user, Role.ADMIN, actor=None)
        return org

    return make


@pytest.fixture
def api_client() -> Callable[..., object]:
    """A Django test client logged in as `user` (session auth, CSRF enforced like a browser)."""
    from django.test import Client

    def make(user: object | None = None) -> Client:
        client = Client(enforce_csrf_checks=False)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Argon2 is deliberately slow; tests log in hundreds of times (production keeps Argon2).

    The law-engine tests also run without Django (`-p no:django`); then there is nothing to do.
    """
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
