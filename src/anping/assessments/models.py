"""Security assessments of a registered service (sa-2018 Art. 4-6).

An `Assessment` is carried out by the provider itself or by an assessment firm it engaged (Art. 4).
It holds one `PointResult` per applicable assessment point of the regulation catalogs (Art. 5 and
the catalogs that apply to the service), evidence for the points, and a `Finding` for every point
not (fully) met, each of which must be rectified and the rectification verified by a second person
before the assessment is ready (Art. 6 ¶1). States are data: `TRANSITIONS` lists the allowed moves,
`anping.assessments.flows.transition` is the only function that makes one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anping.core.scope import Scope
from anping.orgs.models import Engagement, Organisation
from anping.services.models import InformationService

ASSESSMENT_SCOPE = Scope(path="assessment__service__provider_id", firms=True, authorities=False)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment", "草稿")
    IN_PROGRESS = "in_progress", pgettext_lazy("assessment", "评估中")
    RECTIFYING = "rectifying", pgettext_lazy("assessment", "整改中")
    READY = "ready", pgettext_lazy("assessment", "待签署")
    #: The approval quorum signed the frozen report: immutable from here on.
    SIGNED = "signed", pgettext_lazy("assessment", "已签署")
    # Later: FILED ("filed", Art. 7); add it here and to TRANSITIONS.


#: The allowed moves; `ready` is guarded (no open finding, completeness passes).
TRANSITIONS: dict[str, frozenset[str]] = {
    AssessmentStatus.DRAFT: frozenset({AssessmentStatus.IN_PROGRESS}),
    AssessmentStatus.IN_PROGRESS: frozenset({AssessmentStatus.RECTIFYING, AssessmentStatus.READY}),
    AssessmentStatus.RECTIFYING: frozenset({AssessmentStatus.IN_PROGRESS, AssessmentStatus.READY}),
    #: ready → signed happens only through the approval quorum (`flows.approve_report`).
    AssessmentStatus.READY: frozenset({AssessmentStatus.IN_PROGRESS, AssessmentStatus.SIGNED}),
    AssessmentStatus.SIGNED: frozenset(),
}

#: States in which points, evidence and findings may still change.
EDITABLE = frozenset(
    {AssessmentStatus.DRAFT, AssessmentStatus.IN_PROGRESS, AssessmentStatus.RECTIFYING}
)


class CloneReason(models.TextChoices):
    """Why an assessment was started from an earlier one."""

    REASSESSMENT_ORDER = "reassessment_order", _("责令重新评估")
    NEW_TRIGGER = "new_trigger", _("出现新的评估情形")
    NEW_YEAR = "new_year", _("年度评估")


class Assessment(models.Model):
    """One security assessment of one service (sa-2018 Art. 4-6)."""

    service = models.ForeignKey(
        InformationService,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("信息服务"),
    )
    #: Who carries it out: the provider itself or an engaged firm (Art. 4).
    assessor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("评估实施方")
    )
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200)
    #: The Art. 3 situation (1-5) it answers; null when started by hand.
    situation = models.PositiveSmallIntegerField(_("评估情形"), null=True, blank=True)
    event = models.CharField(_("触发事件"), max_length=40, blank=True)
    event_date = models.DateField(_("事件日期"), null=True, blank=True)
    due_date = models.DateField(_("报告期限"), null=True, blank=True)
    #: The day whose catalogs (in force then) decided the applicable points.
    catalog_date = models.DateField(_("适用法规日期"))
    #: Kinds and features of the service when it was started (what chose the points).
    kinds = models.JSONField(default=list)
    features = models.JSONField(default=list)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    #: The platform form's subject information (sa-2018 Art. 7): contact person and phone
    #: (personal data: never logged, masked in reports by default), registered location and
    #: location of the operating team (GB/T 2260 codes).
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    registered_division = models.CharField(_("注册地行政区划代码"), max_length=6, blank=True)
    operating_division = models.CharField(_("运营团队所在地行政区划代码"), max_length=6, blank=True)
    #: Art. 6 ¶2 (3) and (4).
    conclusion = models.TextField(_("安全评估结论"), blank=True)
    other_matters = models.TextField(_("其他事项"), blank=True)
    #: The earlier assessment this one was started from (re-assessment, new trigger, new year).
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上一次评估"),
    )
    clone_reason = models.CharField(
        _("复评原因"), max_length=24, choices=CloneReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(path="service__provider_id", firms=True, authorities=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("安全评估")

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class Result(models.TextChoices):
    PENDING = "", _("未评估")
    MET = "met", _("符合")
    PARTLY_MET = "partly_met", _("部分符合")
    NOT_MET = "not_met", _("不符合")
    NOT_APPLICABLE = "not_applicable", _("不适用")


#: Results that yield a finding (Art. 6 ¶1: a security hazard to rectify).
FAILING = frozenset({Result.PARTLY_MET, Result.NOT_MET})


class PointResult(models.Model):
    """The answer to one assessment point: result, actual situation, comments, assignee."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="points")
    urn = models.CharField(max_length=120)
    cite = models.CharField(max_length=100)
    catalog_id = models.CharField(max_length=40)
    article_n = models.PositiveSmallIntegerField()
    #: The focus area shown in the progress chart: `sa-2018:art5.1` … or a catalog id.
    area = models.CharField(max_length=60)
    order = models.PositiveIntegerField(default=0)
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    result = models.CharField(
        _("评估结果"), max_length=16, choices=Result.choices, default=Result.PENDING, blank=True
    )
    na_reason = models.TextField(_("不适用理由"), blank=True)
    statement = models.TextField(_("实际情况"), blank=True)
    comments = models.TextField(_("评估意见"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("负责人"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    #: Carried over from the parent assessment: must be confirmed or revised before *ready*.
    to_reconfirm = models.BooleanField(_("待重新确认"), default=False)

    scope = ASSESSMENT_SCOPE

    class Meta:
        ordering = ["assessment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "urn"], name="one_result_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.cite} {self.title_zh}"


class CheckRun(models.Model):
    """A run of an automated check (`anping.checks`); its summary is `CheckResult.model_dump()`.

    Only stored and linked as evidence for now; running checks from the web comes later.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        FINISHED = "finished", _("已完成")
        FAILED = "failed", _("失败")

    service = models.ForeignKey(
        InformationService, on_delete=models.CASCADE, related_name="check_runs"
    )
    check_id = models.CharField(_("检查项"), max_length=80)
    parameters = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    #: The overall outcome (met / not_met / cannot_decide / manual) once finished.
    outcome = models.CharField(max_length=16, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = Scope(path="service__provider_id", firms=True, authorities=False)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.check_id} {self.status}"


class Finding(models.Model):
    """A security hazard found at a point not (fully) met; must be rectified (Art. 6 ¶1)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("finding", "未关闭")
        CLOSED = "closed", pgettext_lazy("finding", "已关闭")
        WITHDRAWN = "withdrawn", pgettext_lazy("finding", "已撤销")

    class Severity(models.TextChoices):
        HIGH = "high", pgettext_lazy("severity", "高")
        MEDIUM = "medium", pgettext_lazy("severity", "中")
        LOW = "low", pgettext_lazy("severity", "低")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    point = models.ForeignKey(PointResult, on_delete=models.CASCADE, related_name="findings")
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices)
    description = models.TextField(_("问题描述"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    withdrawn_reason = models.TextField(_("撤销理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    scope = ASSESSMENT_SCOPE

    class Meta:
        ordering = ["assessment", "pk"]

    def __str__(self) -> str:
        return f"{self.point.cite}: {self.description[:40]}"


class Rectification(models.Model):
    """What is done about a finding: planned, done (with evidence), verified by someone else."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("rectification", "整改中")
        DONE = "done", pgettext_lazy("rectification", "已完成待验证")
        VERIFIED = "verified", pgettext_lazy("rectification", "已验证")

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="rectification")
    action = models.TextField(_("整改措施"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("整改负责人"),
    )
    due_date = models.DateField(_("整改期限"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    done_note = models.TextField(_("完成情况"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("验证意见"), blank=True)

    scope = Scope(path="finding__assessment__service__provider_id", firms=True)

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.action[:40]}"


class Evidence(models.Model):
    """A piece of evidence: uploaded files (with revisions) or an automated check run."""

    class Kind(models.TextChoices):
        FILE = "file", _("文件")
        CHECK_RUN = "check_run", _("自动检查结果")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    point = models.ForeignKey(
        PointResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    rectification = models.ForeignKey(
        Rectification, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FILE)
    title = models.CharField(_("证据名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    check_run = models.ForeignKey(
        CheckRun, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    #: The day the evidence speaks for (e.g. the date of a policy); separate from the upload.
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    #: After this day the evidence no longer shows the current state (flagged, Art. 8 ¶2).
    effective_until = models.DateField(_("有效期至"), null=True, blank=True)
    #: Carried over from the parent assessment's evidence.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope = ASSESSMENT_SCOPE

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("证据")

    def __str__(self) -> str:
        return self.title

    def expired(self, today: dt.date) -> bool:
        return self.effective_until is not None and self.effective_until < today

    @property
    def current(self) -> EvidenceRevision | None:
        revisions = list(self.revisions.all())
        return revisions[-1] if revisions else None


class EvidenceRevision(models.Model):
    """One uploaded version of an evidence file; earlier versions are kept."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    #: Path under MEDIA_ROOT, generated (never the uploader's file name).
    stored_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope = Scope(path="evidence__assessment__service__provider_id", firms=True)

    class Meta:
        ordering = ["evidence", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="one_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.evidence_id} r{self.number}"


class EvidenceRequest(models.Model):
    """A request to a colleague to provide evidence by a date."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("request", "待提供")
        FULFILLED = "fulfilled", pgettext_lazy("request", "已提供")
        CANCELLED = "cancelled", pgettext_lazy("request", "已取消")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence_requests"
    )
    point = models.ForeignKey(
        PointResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提供人"),
    )
    description = models.TextField(_("所需证据"))
    due_date = models.DateField(_("提供期限"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    scope = ASSESSMENT_SCOPE

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:40]


# --- reports and sign-off (sa-2018 Art. 6 ¶2) ----------------------------------------------------

REPORT_SCOPE = Scope(path="report__assessment__service__provider_id", firms=True)


class Report(models.Model):
    """A frozen report: the `anping.reports.ReportSnapshot` JSON and its content hash."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reports")
    number = models.PositiveIntegerField()
    #: `ReportSnapshot.model_dump(mode="json")`, personal data in full (masked when rendered).
    snapshot = models.JSONField()
    #: `ReportSnapshot.content_hash()`: what every approval signs.
    content_hash = models.CharField(max_length=64)
    frozen_at = models.DateTimeField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    scope = ASSESSMENT_SCOPE

    class Meta:
        ordering = ["assessment", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="one_report_number")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} #{self.number}"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class ReportFile(models.Model):
    """One rendered file of a report (format × language), stored under MEDIA_ROOT."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    fmt = models.CharField(max_length=8)
    lang = models.CharField(max_length=8)
    #: Rendered at signing, with the signatures: the file that is filed (Art. 7).
    final = models.BooleanField(default=False)
    name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=200, unique=True)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    scope = REPORT_SCOPE

    class Meta:
        ordering = ["report", "-final", "fmt", "lang"]
        constraints = [
            models.UniqueConstraint(fields=["report", "fmt", "lang", "final"], name="one_file_kind")
        ]

    def __str__(self) -> str:
        return self.name


class ApprovalPolicy(models.Model):
    """Who must approve a provider's reports before they are signed (decision 0005).

    Without a row the default applies: 2 distinct approvers among the provider's admins and
    assessors, at least one of them an admin.
    """

    provider = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="approval_policy"
    )
    min_approvers = models.PositiveSmallIntegerField(_("最少审批人数"), default=2)
    #: Membership roles (in the provider) whose holders may approve.
    approver_roles = models.JSONField(_("可审批角色"), default=list)
    #: Membership roles of which at least one approver must hold each.
    required_roles = models.JSONField(_("必需角色"), default=list)
    #: Named members who must each approve (e.g. the security lead and the legal counsel).
    required_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("必需审批人")
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(path="provider_id", firms=False)

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.min_approvers}"


class Approval(models.Model):
    """One approver's sign-off of a frozen report, over its content hash."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The approver's role in the provider when approving (what the quorum counts).
    member_role = models.CharField(max_length=16)
    #: How the report's signature table names the approver (`reports.snapshot.SIGNER_ROLES`).
    signer_role = models.CharField(max_length=24)
    snapshot_hash = models.CharField(max_length=64)
    approved_at = models.DateTimeField()

    scope = REPORT_SCOPE

    class Meta:
        ordering = ["report", "approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_approval_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.user_id}"
