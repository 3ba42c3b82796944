from django.urls import path

from anping.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("switch/", views.switch_organisation, name="switch"),
    path("organisations/<int:org_id>/", views.organisation, name="organisation"),
    path("organisations/<int:org_id>/invite/", views.invite_member, name="invite"),
    path("memberships/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("audit/", views.audit_log, name="audit"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
