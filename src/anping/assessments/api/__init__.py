"""API: assessments, their points, evidence, findings, rectifications, reports and sign-off.

Reads go through `anping.core.scoping` (`anping.assessments.lookups`); changes through
`anping.assessments.flows`. One `router`; its handlers live in `assessments` (and points),
`findings`, `evidence`, `reports` and `cycles`, registered on import in that order (the order
of the OpenAPI document), hence the `isort: split` markers.
"""

from anping.assessments.api.common import router
from anping.assessments.api.outputs import report_out
from anping.assessments.api.schemas import (
    ApprovalOut,
    ApproveIn,
    AssessmentListOut,
    AssessmentOut,
    CheckRunLinkIn,
    CloneIn,
    CloseRequestIn,
    CompletenessOut,
    DetailsIn,
    DetailsOut,
    DiffOut,
    DiffRowOut,
    EvidenceOut,
    EvidenceRequestIn,
    EvidenceRequestOut,
    FindingOut,
    ImportOut,
    NoteIn,
    PointIn,
    PointOut,
    PolicyIn,
    PolicyOut,
    ProblemOut,
    RectificationIn,
    RectificationOut,
    ReportFileOut,
    ReportOut,
    RevisionOut,
    StartIn,
    TransitionIn,
    VerifyIn,
    WithdrawIn,
)

# isort: split
from anping.assessments.api.assessments import (
    add_missing_points,
    completeness,
    get_assessment,
    list_assessments,
    list_points,
    start_assessment,
    transition,
    update_point,
)

# isort: split
from anping.assessments.api.findings import (
    list_findings,
    plan_rectification,
    rectification_done,
    verify_rectification,
    withdraw_finding,
)

# isort: split
from anping.assessments.api.evidence import (
    close_request,
    download_evidence,
    link_check_run,
    list_evidence,
    list_requests,
    request_evidence,
    upload_evidence,
)

# isort: split
from anping.assessments.api.reports import (
    approve_report,
    download_report_file,
    freeze_report,
    get_details,
    get_policy,
    get_report,
    list_reports,
    set_policy,
    update_details,
)

# isort: split
from anping.assessments.api.cycles import (
    clone_assessment,
    diff,
    export_points,
    import_points,
    xlsx_response,
)

__all__ = [
    "ApprovalOut",
    "ApproveIn",
    "AssessmentListOut",
    "AssessmentOut",
    "CheckRunLinkIn",
    "CloneIn",
    "CloseRequestIn",
    "CompletenessOut",
    "DetailsIn",
    "DetailsOut",
    "DiffOut",
    "DiffRowOut",
    "EvidenceOut",
    "EvidenceRequestIn",
    "EvidenceRequestOut",
    "FindingOut",
    "ImportOut",
    "NoteIn",
    "PointIn",
    "PointOut",
    "PolicyIn",
    "PolicyOut",
    "ProblemOut",
    "RectificationIn",
    "RectificationOut",
    "ReportFileOut",
    "ReportOut",
    "RevisionOut",
    "StartIn",
    "TransitionIn",
    "VerifyIn",
    "WithdrawIn",
    "add_missing_points",
    "approve_report",
    "clone_assessment",
    "close_request",
    "completeness",
    "diff",
    "download_evidence",
    "download_report_file",
    "export_points",
    "freeze_report",
    "get_assessment",
    "get_details",
    "get_policy",
    "get_report",
    "import_points",
    "link_check_run",
    "list_assessments",
    "list_evidence",
    "list_findings",
    "list_points",
    "list_reports",
    "list_requests",
    "plan_rectification",
    "rectification_done",
    "report_out",
    "request_evidence",
    "router",
    "set_policy",
    "start_assessment",
    "transition",
    "update_details",
    "update_point",
    "upload_evidence",
    "verify_rectification",
    "withdraw_finding",
    "xlsx_response",
]
