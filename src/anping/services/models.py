"""The service register: a provider's internet information services and what happened to them.

These records are the facts from which `anping.law.triggers` derives the assessments sa-2018
Art. 3 requires and the Art. 7 deadlines (`anping.services.due`). Marked user growth (Art. 3(3))
is computed from the user-scale samples and never stored.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anping.core.scope import Scope
from anping.orgs.models import Level, Organisation


class ServiceKind(models.TextChoices):
    """sa-2018 Art. 2(1) kinds (mirrors `anping.law.catalog_schema.SERVICE_KINDS`)."""

    FORUM = "forum", _("论坛")
    BLOG = "blog", _("博客")
    MICROBLOG = "microblog", _("微博客")
    CHAT_ROOM = "chat_room", _("聊天室")
    GROUP = "group", _("通讯群组")
    PUBLIC_ACCOUNT = "public_account", _("公众账号")
    SHORT_VIDEO = "short_video", _("短视频")
    LIVE_STREAMING = "live_streaming", _("网络直播")
    INFO_SHARING = "info_sharing", _("信息分享")
    MINI_APP = "mini_app", _("小程序")
    OTHER = "other", _("其他")


class EventKind(models.TextChoices):
    """Stored events of sa-2018 Art. 3; user growth (Art. 3(3)) is computed from samples."""

    WENT_ONLINE = "went_online", _("服务上线")
    FUNCTION_ADDED = "function_added", _("增设功能")
    NEW_TECHNOLOGY = "new_technology", _("使用新技术新应用")
    HARMFUL_INFORMATION_INCIDENT = "harmful_information_incident", _("违法有害信息传播扩散")
    WRITTEN_NOTICE = "written_notice", _("书面通知")


class IssuerKind(models.TextChoices):
    CYBERSPACE_OFFICE = "cyberspace_office", _("网信部门")
    PUBLIC_SECURITY = "public_security", _("公安机关")


class InformationService(models.Model):
    """One internet information service of a provider (sa-2018 Art. 2)."""

    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("服务提供者"),
    )
    name = models.CharField(_("服务名称"), max_length=200)
    #: A subset of SERVICE_KINDS, as a JSON list (portable across SQLite and PostgreSQL).
    kinds = models.JSONField(_("服务类型"), default=list)
    website_url = models.CharField(_("网站地址"), max_length=500, blank=True)
    #: App identifiers (package names, bundle ids, mini-app ids), as a JSON list of strings.
    app_identifiers = models.JSONField(_("应用标识"), default=list, blank=True)
    division_code = models.CharField(_("部署所在地行政区划代码"), max_length=6)
    hardware_facilities = models.TextField(_("硬件设施"), blank=True)
    software_facilities = models.TextField(_("软件设施"), blank=True)
    icp_number = models.CharField(_("ICP 许可证或备案号"), max_length=100, blank=True)
    news_licence_number = models.CharField(
        _("互联网新闻信息服务许可证编号"), max_length=100, blank=True
    )
    psb_filing_number = models.CharField(_("公安机关备案号"), max_length=100, blank=True)
    news_service = models.BooleanField(_("互联网新闻信息服务"), default=False)
    public_opinion_or_mobilisation = models.BooleanField(
        _("具有舆论属性或社会动员能力（第二条第二项）"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(path="provider_id", firms=True, authorities=True)

    class Meta:
        ordering = ["provider_id", "name"]
        verbose_name = _("信息服务")
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="service_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def kind_labels(self) -> list[str]:
        labels = dict(ServiceKind.choices)
        return [str(labels.get(k, k)) for k in self.kinds]


class ServiceFunction(models.Model):
    """A function of a service (e.g. comments); `kind` says which Art. 2(1) kind it is."""

    service = models.ForeignKey(
        InformationService, on_delete=models.CASCADE, related_name="functions"
    )
    name = models.CharField(_("功能名称"), max_length=200)
    kind = models.CharField(_("功能类型"), max_length=32, choices=ServiceKind.choices, blank=True)
    launched = models.DateField(_("上线日期"), null=True, blank=True)
    description = models.TextField(_("功能说明"), blank=True)

    scope = Scope(path="service__provider_id", firms=True, authorities=True)

    class Meta:
        ordering = ["launched", "name"]
        verbose_name = _("服务功能")

    def __str__(self) -> str:
        return self.name


class ServiceEvent(models.Model):
    """A dated event of sa-2018 Art. 3, with the date its assessment report was submitted."""

    service = models.ForeignKey(InformationService, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件类型"), max_length=40, choices=EventKind.choices)
    date = models.DateField(_("日期"))
    report_submitted = models.DateField(_("评估报告提交日期"), null=True, blank=True)
    #: function_added: the function's name and kind.
    function_name = models.CharField(_("功能名称"), max_length=200, blank=True)
    function_kind = models.CharField(
        _("功能类型"), max_length=32, choices=ServiceKind.choices, blank=True
    )
    #: new_technology, harmful_information_incident: what happened.
    description = models.TextField(_("说明"), blank=True)
    #: new_technology: the provider judges it a major change (Art. 3(2)).
    major_change = models.BooleanField(_("导致舆论属性或社会动员能力发生重大变化"), default=False)
    #: harmful_information_incident: the spread shows the measures are ineffective (Art. 3(4)).
    shows_measures_ineffective = models.BooleanField(
        _("表明已有安全措施难以有效防控"), default=True
    )
    #: written_notice: who issued it (Art. 3(5)).
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    issuer_kind = models.CharField(
        _("发文机关类型"), max_length=32, choices=IssuerKind.choices, blank=True
    )
    level = models.CharField(
        pgettext_lazy("issuer", "级别"), max_length=16, choices=Level.choices, blank=True
    )
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(path="service__provider_id", firms=True, authorities=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("服务事件")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    def summary(self) -> str:
        """One line describing the event's particulars."""
        if self.kind == EventKind.FUNCTION_ADDED:
            return self.function_name
        if self.kind == EventKind.WRITTEN_NOTICE:
            parts = [self.issuer, self.get_issuer_kind_display(), self.get_level_display()]
            return " · ".join(p for p in [*parts, self.document_number] if p)
        return self.description


class UserScaleSample(models.Model):
    """The number of users on a date (sa-2018 Art. 3(3)); growth is computed, never stored.

    `report_submitted` records the report for a marked growth detected at this sample.
    """

    service = models.ForeignKey(
        InformationService, on_delete=models.CASCADE, related_name="samples"
    )
    date = models.DateField(_("日期"))
    users = models.PositiveBigIntegerField(_("用户数"))
    report_submitted = models.DateField(_("评估报告提交日期"), null=True, blank=True)

    scope = Scope(path="service__provider_id", firms=True, authorities=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("用户规模")
        constraints = [
            models.UniqueConstraint(fields=["service", "date"], name="one_sample_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.users}"
