"""Web pages of assessments: dashboard, assessment page, point form, evidence, findings, reports.

Thin: read through `anping.core.scoping` (`anping.assessments.lookups`), change state only
through `anping.assessments.flows`. The modules: `dashboard`, `pages` (the assessment page and a
point), `evidence`, `findings`, `reports`, `cycles` (clone, diff, Excel); `common` is shared.
"""

from anping.assessments.views.cycles import clone, diff, export_xlsx, import_xlsx
from anping.assessments.views.dashboard import dashboard, start
from anping.assessments.views.evidence import close_request, download, request_evidence, upload
from anping.assessments.views.findings import (
    plan_rectification,
    rectification_done,
    verify_rectification,
    withdraw_finding,
)
from anping.assessments.views.pages import (
    BAR_WIDTH,
    detail,
    point,
    progress,
    sync_points,
    transition,
)
from anping.assessments.views.reports import (
    SIGNER_ROLE_LABELS,
    approval_policy,
    approve,
    details,
    freeze,
    report,
    report_file,
)

__all__ = [
    "BAR_WIDTH",
    "SIGNER_ROLE_LABELS",
    "approval_policy",
    "approve",
    "clone",
    "close_request",
    "dashboard",
    "detail",
    "details",
    "diff",
    "download",
    "export_xlsx",
    "freeze",
    "import_xlsx",
    "plan_rectification",
    "point",
    "progress",
    "rectification_done",
    "report",
    "report_file",
    "request_evidence",
    "start",
    "sync_points",
    "transition",
    "upload",
    "verify_rectification",
    "withdraw_finding",
]
