"""Web pages of the platform shell: login, dashboard, organisation, audit, API tokens.

Views stay thin: they read through `anping.core.scoping` and change state only through flows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anping.core.api import can_read_audit
from anping.core.errors import DomainError
from anping.core.models import ApiToken, AuditEvent
from anping.core.scoping import get_for, is_admin_of, memberships, restrict
from anping.orgs import flows
from anping.orgs import login as password_login
from anping.orgs.models import Membership, Organisation, Role
from anping.web.context import SESSION_KEY, current_membership
from anping.web.dashboard import figures


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        user = password_login.attempt(
            request, request.POST.get("username", ""), request.POST.get("password", "")
        )
        if user is not None:
            login(request, user)
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()})
            return redirect(next_url if safe and next_url else "web:dashboard")
        messages.error(request, _("用户名或密码错误，或登录尝试过多，请稍后再试。"))
    return render(request, "anping/login.html", {"next": next_url}, status=200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    current = current_membership(request)
    return render(
        request,
        "anping/dashboard.html",
        {"figures": figures(current) if current else []},
    )


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("organisation")
    if any(str(m.organisation_id) == wanted for m in memberships(request.user)):
        request.session[SESSION_KEY] = int(wanted or 0)
    return redirect("web:dashboard")


@login_required
def organisation(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_for(Organisation.objects.all(), request.user, org_id)
    members = restrict(
        Membership.objects.filter(organisation=org).select_related("user"), request.user
    )
    context = {
        "org": org,
        "members": members,
        "is_admin": is_admin_of(request.user, org.pk),
        "roles": Role.choices,
    }
    return render(request, "anping/organisation.html", context)


def _run_flow(request: HttpRequest, action: Any, success: str) -> Any:
    """Call a flow; show its refusal as a message instead of an error page."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result


@login_required
@require_POST
def invite_member(request: HttpRequest, org_id: int) -> HttpResponse:
    org = get_for(Organisation.objects.all(), request.user, org_id)
    result = _run_flow(
        request,
        lambda: flows.invite_member(
            org, request.POST.get("email", ""), request.POST.get("role", ""), actor=request.user
        ),
        _("邀请已创建。"),
    )
    if result:
        link = request.build_absolute_uri(f"/invitations/{result[1]}/")
        messages.info(request, _("请将此邀请链接发给受邀人：%(link)s") % {"link": link})
    return redirect("web:organisation", org_id=org.pk)


@login_required
@require_POST
def remove_member(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_for(
        Membership.objects.select_related("organisation", "user"), request.user, membership_id
    )
    _run_flow(
        request,
        lambda: flows.remove_member(membership, actor=request.user),
        _("成员已移除。"),
    )
    return redirect("web:organisation", org_id=membership.organisation_id)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = flows.find_invitation(token)
    except DomainError:
        raise Http404 from None
    if request.method == "POST":
        membership = _run_flow(
            request,
            lambda: flows.accept_invitation(
                token,
                username=request.POST.get("username", "").strip(),
                password=request.POST.get("password", ""),
            ),
            _("欢迎加入。"),
        )
        if membership:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("web:dashboard")
    return render(request, "anping/invitation.html", {"invitation": invitation})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can_read_audit(request.user):
        raise PermissionDenied
    events = restrict(AuditEvent.objects.select_related("organisation"), request.user)
    return render(request, "anping/audit.html", {"events": events.order_by("-seq")[:200]})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    secret = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip() or _("未命名令牌")
        _token, secret = flows.create_token(request.user, name)
    return render(
        request,
        "anping/tokens.html",
        {"tokens": ApiToken.objects.filter(user=request.user), "secret": secret},
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    _run_flow(request, lambda: flows.revoke_token(token, actor=request.user), _("令牌已撤销。"))
    return redirect("web:tokens")
