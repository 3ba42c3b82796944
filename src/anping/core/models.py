"""Cross-cutting records: the audit chain, API tokens and login failures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anping.core.scope import Scope


class AuditAction(models.TextChoices):
    """Every kind of change the platform records. Typed, never free text (STYLE.md §4)."""

    ORG_CREATED = "org.created", _("创建组织")
    MEMBER_ADDED = "member.added", _("添加成员")
    MEMBER_INVITED = "member.invited", _("邀请成员")
    MEMBER_JOINED = "member.joined", _("成员加入")
    MEMBER_REMOVED = "member.removed", _("移除成员")
    ENGAGEMENT_STARTED = "engagement.started", _("开始委托评估")
    ENGAGEMENT_ENDED = "engagement.ended", _("结束委托评估")
    TOKEN_CREATED = "token.created", _("创建 API 令牌")
    TOKEN_REVOKED = "token.revoked", _("撤销 API 令牌")
    AUDIT_PURGED = "audit.purged", _("清理过期审计记录")
    SERVICE_CREATED = "service.created", _("登记信息服务")
    SERVICE_UPDATED = "service.updated", _("修改信息服务")
    SERVICE_FUNCTION_ADDED = "service.function_added", _("添加服务功能")
    SERVICE_EVENT_ADDED = "service.event_added", _("记录服务事件")
    SERVICE_SAMPLE_ADDED = "service.sample_added", _("记录用户规模")
    SERVICE_REPORT_RECORDED = "service.report_recorded", _("记录评估报告提交")
    SERVICES_IMPORTED = "service.imported", _("导入信息服务")
    ASSESSMENT_STARTED = "assessment.started", _("开始安全评估")
    ASSESSMENT_TRANSITIONED = "assessment.transitioned", _("变更评估状态")
    ASSESSMENT_POINTS_ADDED = "assessment.points_added", _("补充评估要点")
    POINT_UPDATED = "assessment.point_updated", _("更新评估要点结果")
    POINT_ASSIGNED = "assessment.point_assigned", _("分配评估要点")
    EVIDENCE_UPLOADED = "assessment.evidence_uploaded", _("上传证据")
    EVIDENCE_LINKED = "assessment.evidence_linked", _("关联自动检查结果")
    EVIDENCE_REQUESTED = "assessment.evidence_requested", _("请求提供证据")
    EVIDENCE_REQUEST_CLOSED = "assessment.evidence_request_closed", _("关闭证据请求")
    CHECK_RUN_RECORDED = "assessment.check_run_recorded", _("记录自动检查运行")
    FINDING_CREATED = "assessment.finding_created", _("发现安全隐患")
    FINDING_WITHDRAWN = "assessment.finding_withdrawn", _("撤销安全隐患")
    RECTIFICATION_PLANNED = "assessment.rectification_planned", _("制定整改措施")
    RECTIFICATION_DONE = "assessment.rectification_done", _("整改完成")
    RECTIFICATION_VERIFIED = "assessment.rectification_verified", _("验证整改")
    JOB_ENQUEUED = "job.enqueued", _("提交后台任务")
    JOB_FAILED = "job.failed", _("后台任务失败")
    ASSESSMENT_DETAILS_UPDATED = "assessment.details_updated", _("修改评估报告信息")
    REPORT_FROZEN = "assessment.report_frozen", _("生成评估报告")
    REPORT_APPROVED = "assessment.report_approved", _("审批评估报告")
    ASSESSMENT_SIGNED = "assessment.signed", _("签署评估报告")
    APPROVAL_POLICY_SET = "assessment.approval_policy_set", _("设置报告审批规则")
    ASSESSMENT_CLONED = "assessment.cloned", _("复制评估开展复评")
    POINTS_IMPORTED = "assessment.points_imported", _("导入评估要点")


class AuditEvent(models.Model):
    """One link of the append-only, hash-chained audit trail.

    `hash` = SHA-256(prev_hash + canonical JSON of every other column), so editing, deleting,
    inserting or reordering an event breaks the chain (`anping audit verify`). Written only by
    `anping.core.audit.record`, inside the same transaction as the change it records.
    """

    seq = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    request_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    scope = Scope(path="organisation_id", authorities=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["organisation", "-seq"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's single head row: locked while appending, so writers queue up in order.

    It also pins the newest hash, so deleting the last events is detected too.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """Where a purge of expired events left the chain: the first kept event links to `prev_hash`."""

    created_at = models.DateTimeField()
    first_seq = models.BigIntegerField()
    prev_hash = models.CharField(max_length=64)
    purged_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-first_seq"]

    def __str__(self) -> str:
        return f"checkpoint before #{self.first_seq}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A failed login, counted to lock an account out for a while (kept in the database so that
    several web processes share the count)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class Job(models.Model):
    """A unit of background work (`anping.core.jobs`): queued, claimed by a worker, done or failed.

    No broker: the table is the queue, so the embedded SQLite default and a PostgreSQL deployment
    with several `anping worker` processes behave alike. A worker that stops answering leaves its
    job `running` with an old `heartbeat_at`; `jobs.requeue_stale` puts it back in the queue.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(max_length=60)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.BigIntegerField(default=0)
    #: None while the handler cannot tell how much work there is.
    progress_total = models.BigIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    #: The worker that holds the job while it runs ("host:pid:thread").
    locked_by = models.CharField(max_length=100, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope = Scope(path="organisation_id", firms=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return max(0, min(100, round(100 * self.progress_done / self.progress_total)))
