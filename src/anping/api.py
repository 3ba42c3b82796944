"""The one JSON API (`/api/`, OpenAPI at `/api/openapi.json`), a router per app.

Every 4xx/5xx answers with the same shape, `{"code", "message", "details"}`, so machines filing
from another anping instance (DESIGN.md §1, deployment b) can handle errors one way.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from anping.core.errors import DomainError
from anping.orgs.flows import authenticate_token

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer anp_…` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="anping API",
    version="1",
    description="安评 anping: security assessment of internet information services.",
    auth=[SessionAuth(), TokenAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


def error(
    request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("未找到该对象。"))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", _("您没有执行此操作的权限。"))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthenticated", _("需要登录或有效的 API 令牌。"))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error(request, 422, "invalid", _("请求内容无效。"), {"errors": exc.errors})


@api.exception_handler(HttpError)
def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "invalid" if exc.status_code < 500 else "server_error"
    return error(request, exc.status_code, code, str(exc.message))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unhandled API error")
    return error(request, 500, "server_error", _("服务器内部错误。"))


def _register_routers() -> None:
    from anping.core.api import router as core_router
    from anping.orgs.api import router as orgs_router

    api.add_router("/", core_router)
    api.add_router("/", orgs_router)
    api.add_router("/", "anping.regulations.api.router")
    api.add_router("/", "anping.services.api.router")
    api.add_router("/", "anping.services.law_api.router")
    api.add_router("/", "anping.assessments.api.router")
    api.add_router("/", "anping.checkruns.api.router")


_register_routers()
