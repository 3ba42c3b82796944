"""Organisations, people and who may act for whom.

Every record in anping belongs to an organisation; `anping.core.scoping` decides from these tables
which organisations' records a user may see.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anping.core.scope import Scope


class User(AbstractUser):
    """A person who logs in. Kept as our own model so later fields need no migration tricks."""

    display_name = models.CharField(_("显示名称"), max_length=100, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class OrganisationKind(models.TextChoices):
    PROVIDER = "provider", _("互联网信息服务提供者")
    FIRM = "firm", _("第三方安全评估机构")
    CYBERSPACE_OFFICE = "cyberspace_office", _("网信部门")
    PUBLIC_SECURITY = "public_security", _("公安机关")


AUTHORITY_KINDS = frozenset({OrganisationKind.CYBERSPACE_OFFICE, OrganisationKind.PUBLIC_SECURITY})


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("地市级")
    COUNTY = "county", _("区县级")


class Organisation(models.Model):
    """A provider, an assessment firm (sa-2018 Art. 4) or an authority (Art. 7-14)."""

    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=OrganisationKind.choices)
    level = models.CharField(_("行政级别"), max_length=16, choices=Level.choices, blank=True)
    division_code = models.CharField(_("行政区划代码"), max_length=6, db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(path="pk", firms=True, authorities=True)

    class Meta:
        ordering = ["kind", "division_code", "name"]
        verbose_name = _("组织")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "division_code", "name"], name="org_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_authority(self) -> bool:
        return self.kind in AUTHORITY_KINDS


class Role(models.TextChoices):
    ADMIN = "admin", pgettext_lazy("role", "管理员")
    ASSESSOR = "assessor", pgettext_lazy("role", "评估人员")
    REVIEWER = "reviewer", pgettext_lazy("role", "审查人员")
    INSPECTOR = "inspector", pgettext_lazy("role", "检查人员")
    READER = "reader", pgettext_lazy("role", "只读人员")


class Membership(models.Model):
    """A user's role in one organisation; a user may belong to several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(path="organisation_id")

    class Meta:
        ordering = ["organisation", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Engagement(models.Model):
    """A provider hires an assessment firm to assess on its behalf (sa-2018 Art. 4)."""

    firm = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="engagements")
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="engaged_by")
    scope_note = models.CharField(_("委托范围"), max_length=300, blank=True)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    scope = Scope(path=("provider_id", "firm_id"))

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("委托评估")

    def __str__(self) -> str:
        return f"{self.firm} → {self.provider}"

    @property
    def active(self) -> bool:
        return self.ended_on is None


class Invitation(models.Model):
    """An admin's invitation to join an organisation; the token is stored only as a hash."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("电子邮箱"))
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = Scope(path="organisation_id")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"
