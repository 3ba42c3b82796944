"""Password login with throttling: repeated failures lock the username out for a while.

The message never says which part was wrong or that the account is locked, so the login form
cannot be used to find out which usernames exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone

from anping.core.models import LoginFailure


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(username: str) -> bool:
    recent = LoginFailure.objects.filter(username=username.lower(), at__gte=_window_start())
    return recent.count() >= settings.LOGIN_MAX_FAILURES


def attempt(request: HttpRequest, username: str, password: str) -> Any:
    """The authenticated user, or None after recording the failure."""
    key = username.strip().lower()
    if is_locked(key):
        return None
    user = authenticate(request, username=username.strip(), password=password)
    if user is None:
        LoginFailure.objects.create(
            username=key, ip=request.META.get("REMOTE_ADDR"), at=timezone.now()
        )
        return None
    LoginFailure.objects.filter(username=key).delete()
    return user
