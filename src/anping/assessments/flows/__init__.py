"""Every change to assessments: one function each (docs/architecture.md rule 3).

Who may work on an assessment: admins and assessors of the provider, and admins and assessors of
the assessment firm that carries it out while its engagement with the provider runs (sa-2018
Art. 4). Others who can see it get 403, anyone else 404. Each function changes state in one
transaction and writes its audit event in that transaction. `actor=None` is the system (demo).

The modules, by concept: `rights` (who may work, shared guards), `applicable` (which points
apply), `lifecycle` (start, transitions, points sync), `answers` (point results, assignment),
`findings` (rectification, verification), `evidence` (uploads, check runs, requests), `reports`
(details, freeze, approve, quorum), `cycles` (clone, Excel import).
"""

from anping.assessments.flows.answers import POINT_FIELDS, SEVERITY_OF, assign_point, update_point
from anping.assessments.flows.applicable import (
    FEATURE_WORDS,
    POSTING_KINDS,
    applicable_points,
    area_of,
    features_for,
    kinds_for,
)
from anping.assessments.flows.cycles import clone_assessment, import_points
from anping.assessments.flows.evidence import (
    close_evidence_request,
    link_check_run,
    record_check_run,
    request_evidence,
    upload_evidence,
)
from anping.assessments.flows.findings import (
    mark_rectification_done,
    plan_rectification,
    verify_rectification,
    withdraw_finding,
)
from anping.assessments.flows.lifecycle import (
    add_missing_points,
    required_items,
    start_assessment,
    transition,
)
from anping.assessments.flows.reports import (
    DETAIL_FIELDS,
    NotApprover,
    approve_report,
    current_report,
    freeze_report,
    set_approval_policy,
    update_details,
)
from anping.assessments.flows.rights import (
    WORKER_ROLES,
    active_engagement,
    can_work,
    can_work_for_provider,
    can_work_on_service,
    require_worker,
    team,
)

__all__ = [
    "DETAIL_FIELDS",
    "FEATURE_WORDS",
    "POINT_FIELDS",
    "POSTING_KINDS",
    "SEVERITY_OF",
    "WORKER_ROLES",
    "NotApprover",
    "active_engagement",
    "add_missing_points",
    "applicable_points",
    "approve_report",
    "area_of",
    "assign_point",
    "can_work",
    "can_work_for_provider",
    "can_work_on_service",
    "clone_assessment",
    "close_evidence_request",
    "current_report",
    "features_for",
    "freeze_report",
    "import_points",
    "kinds_for",
    "link_check_run",
    "mark_rectification_done",
    "plan_rectification",
    "record_check_run",
    "request_evidence",
    "require_worker",
    "required_items",
    "set_approval_policy",
    "start_assessment",
    "team",
    "transition",
    "update_details",
    "update_point",
    "upload_evidence",
    "verify_rectification",
    "withdraw_finding",
]
