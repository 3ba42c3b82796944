"""Request and response bodies of the assessments API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class AssessmentListOut(Schema):
    id: int
    service_id: int
    service: str
    status: str
    title: str


class AssessmentOut(AssessmentListOut):
    provider_id: int
    assessor_id: int
    assessor: str
    situation: int | None
    event: str
    event_date: dt.date | None
    due_date: dt.date | None
    catalog_date: dt.date
    kinds: list[str]
    features: list[str]
    results: dict[str, int]
    open_findings: int
    created_at: dt.datetime
    parent_id: int | None = None
    clone_reason: str = ""


class StartIn(Schema):
    service_id: int
    assessor_id: int | None = None
    #: An Art. 3 situation (1-5) among the service's required assessments; omit to start by hand.
    situation: int | None = None
    event_date: dt.date | None = None
    title: str = ""
    due_date: dt.date | None = None


class TransitionIn(Schema):
    to: str


class PointOut(Schema):
    id: int
    urn: str
    cite: str
    area: str
    article_n: int
    title_zh: str
    title_en: str
    result: str
    na_reason: str
    statement: str
    comments: str
    assignee_id: int | None
    updated_at: dt.datetime | None
    open_finding_id: int | None
    to_reconfirm: bool


class PointIn(Schema):
    result: str | None = None
    statement: str | None = None
    comments: str | None = None
    na_reason: str | None = None
    assignee_id: int | None = None
    severity: str | None = None
    finding_description: str | None = None
    #: Confirm a carried-over answer as it is (clears "to re-confirm").
    confirm: bool = False


class RectificationOut(Schema):
    id: int
    action: str
    owner_id: int
    due_date: dt.date
    status: str
    done_by_id: int | None
    done_at: dt.datetime | None
    done_note: str
    verified_by_id: int | None
    verified_at: dt.datetime | None
    verification_note: str
    evidence_ids: list[int]


class FindingOut(Schema):
    id: int
    point_id: int
    cite: str
    severity: str
    description: str
    status: str
    withdrawn_reason: str
    rectification: RectificationOut | None


class RectificationIn(Schema):
    action: str
    owner_id: int
    due_date: dt.date


class NoteIn(Schema):
    note: str = ""


class VerifyIn(Schema):
    accept: bool = True
    note: str = ""


class WithdrawIn(Schema):
    reason: str


class RevisionOut(Schema):
    id: int
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by_id: int | None


class EvidenceOut(Schema):
    id: int
    title: str
    kind: str
    point_id: int | None
    rectification_id: int | None
    check_run_id: int | None
    effective_from: dt.date | None
    effective_until: dt.date | None
    expired: bool
    revisions: list[RevisionOut]


class CheckRunLinkIn(Schema):
    check_run_id: int
    point_id: int | None = None
    title: str = ""


class EvidenceRequestIn(Schema):
    requested_from_id: int
    description: str
    due_date: dt.date
    point_id: int | None = None


class EvidenceRequestOut(Schema):
    id: int
    point_id: int | None
    requested_from_id: int
    description: str
    due_date: dt.date
    status: str
    evidence_id: int | None


class CloseRequestIn(Schema):
    evidence_id: int | None = None
    cancel: bool = False


class ProblemOut(Schema):
    code: str
    message: str
    message_zh: str
    message_en: str
    target: str


class CompletenessOut(Schema):
    complete: bool
    problems: list[ProblemOut]


class DetailsIn(Schema):
    contact_name: str | None = None
    contact_phone: str | None = None
    registered_division: str | None = None
    operating_division: str | None = None
    situation: int | None = None
    conclusion: str | None = None
    other_matters: str | None = None


class DetailsOut(Schema):
    contact_name: str
    #: masked: the full number is personal data (shown in full only in the form of the web page)
    contact_phone_masked: str
    registered_division: str
    operating_division: str
    situation: int | None
    conclusion: str
    other_matters: str
    parent_id: int | None
    clone_reason: str


class ReportFileOut(Schema):
    id: int
    format: str
    lang: str
    name: str
    final: bool
    size: int
    sha256: str
    url: str


class ApprovalOut(Schema):
    user_id: int
    username: str
    member_role: str
    signer_role: str
    snapshot_hash: str
    approved_at: dt.datetime
    valid: bool


class ReportOut(Schema):
    id: int
    assessment_id: int
    number: int
    content_hash: str
    current_hash: str
    current: bool
    frozen_at: dt.datetime
    signed_at: dt.datetime | None
    files: list[ReportFileOut]
    approvals: list[ApprovalOut]
    quorum_complete: bool
    more_needed: int
    missing_roles: list[str]
    missing_user_ids: list[int]


class ApproveIn(Schema):
    signer_role: str | None = None


class PolicyIn(Schema):
    min_approvers: int = 2
    approver_roles: list[str] = ["admin", "assessor"]
    required_roles: list[str] = ["admin"]
    required_user_ids: list[int] = []


class PolicyOut(Schema):
    provider_id: int
    min_approvers: int
    approver_roles: list[str]
    required_roles: list[str]
    required_user_ids: list[int]
    default: bool


class CloneIn(Schema):
    reason: str
    title: str = ""
    situation: int | None = None


class DiffRowOut(Schema):
    cite: str
    title_zh: str
    title_en: str
    status: str
    before_result: str
    after_result: str
    before_statement: str
    after_statement: str
    to_reconfirm: bool


class DiffOut(Schema):
    before_id: int
    after_id: int
    rows: list[DiffRowOut]


class ImportOut(Schema):
    updated: list[PointOut]
