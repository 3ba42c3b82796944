"""Response bodies built from models: assessments, points, findings, evidence, details, reports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from anping.assessments.api.schemas import (
    ApprovalOut,
    AssessmentOut,
    DetailsOut,
    EvidenceOut,
    FindingOut,
    PointOut,
    PolicyOut,
    RectificationOut,
    ReportFileOut,
    ReportOut,
    RevisionOut,
)
from anping.assessments.models import (
    Assessment,
    Evidence,
    Finding,
    PointResult,
    Rectification,
    Report,
)


def _assessment_out(a: Assessment) -> AssessmentOut:
    results = dict(
        a.points.values_list("result").annotate(n=Count("pk")).values_list("result", "n")
    )
    return AssessmentOut(
        id=a.pk,
        service_id=a.service_id,
        service=a.service.name,
        status=a.status,
        title=a.title,
        provider_id=a.service.provider_id,
        assessor_id=a.assessor_id,
        assessor=a.assessor.name,
        situation=a.situation,
        event=a.event,
        event_date=a.event_date,
        due_date=a.due_date,
        catalog_date=a.catalog_date,
        kinds=a.kinds,
        features=a.features,
        results={(k or "pending"): v for k, v in results.items()},
        open_findings=a.findings.filter(status=Finding.Status.OPEN).count(),
        created_at=a.created_at,
        parent_id=a.parent_id,
        clone_reason=a.clone_reason,
    )


def _point_out(p: PointResult) -> PointOut:
    finding = next((f for f in p.findings.all() if f.status == Finding.Status.OPEN), None)
    return PointOut(
        id=p.pk,
        urn=p.urn,
        cite=p.cite,
        area=p.area,
        article_n=p.article_n,
        title_zh=p.title_zh,
        title_en=p.title_en,
        result=p.result,
        na_reason=p.na_reason,
        statement=p.statement,
        comments=p.comments,
        assignee_id=p.assignee_id,
        updated_at=p.updated_at,
        open_finding_id=finding.pk if finding else None,
        to_reconfirm=p.to_reconfirm,
    )


def _rect_out(r: Rectification) -> RectificationOut:
    return RectificationOut(
        id=r.pk,
        action=r.action,
        owner_id=r.owner_id,
        due_date=r.due_date,
        status=r.status,
        done_by_id=r.done_by_id,
        done_at=r.done_at,
        done_note=r.done_note,
        verified_by_id=r.verified_by_id,
        verified_at=r.verified_at,
        verification_note=r.verification_note,
        evidence_ids=[e.pk for e in r.evidence.all()],
    )


def _finding_out(f: Finding) -> FindingOut:
    rect = Rectification.objects.filter(finding=f).first()
    return FindingOut(
        id=f.pk,
        point_id=f.point_id,
        cite=f.point.cite,
        severity=f.severity,
        description=f.description,
        status=f.status,
        withdrawn_reason=f.withdrawn_reason,
        rectification=_rect_out(rect) if rect else None,
    )


def _evidence_out(e: Evidence, today: dt.date) -> EvidenceOut:
    return EvidenceOut(
        id=e.pk,
        title=e.title,
        kind=e.kind,
        point_id=e.point_id,
        rectification_id=e.rectification_id,
        check_run_id=e.check_run_id,
        effective_from=e.effective_from,
        effective_until=e.effective_until,
        expired=e.expired(today),
        revisions=[
            RevisionOut(
                id=r.pk,
                number=r.number,
                original_name=r.original_name,
                content_type=r.content_type,
                size=r.size,
                sha256=r.sha256,
                uploaded_at=r.uploaded_at,
                uploaded_by_id=r.uploaded_by_id,
            )
            for r in e.revisions.all()
        ],
    )


def _details_out(a: Assessment) -> DetailsOut:
    from anping.reports.snapshot import mask_phone

    return DetailsOut(
        contact_name=a.contact_name,
        contact_phone_masked=mask_phone(a.contact_phone) if a.contact_phone else "",
        registered_division=a.registered_division,
        operating_division=a.operating_division,
        situation=a.situation,
        conclusion=a.conclusion,
        other_matters=a.other_matters,
        parent_id=a.parent_id,
        clone_reason=a.clone_reason,
    )


def report_out(report: Report) -> ReportOut:
    from anping.assessments import signoff
    from anping.assessments.snapshot import current_hash

    digest = current_hash(report)
    approvals = list(report.approvals.select_related("user"))
    policy = signoff.policy_for(report.assessment.service.provider_id)
    state = signoff.quorum(policy, approvals, digest)
    valid = {a.pk for a in state.valid}
    return ReportOut(
        id=report.pk,
        assessment_id=report.assessment_id,
        number=report.number,
        content_hash=report.content_hash,
        current_hash=digest,
        current=digest == report.content_hash,
        frozen_at=report.frozen_at,
        signed_at=report.signed_at,
        files=[
            ReportFileOut(
                id=f.pk,
                format=f.fmt,
                lang=f.lang,
                name=f.name,
                final=f.final,
                size=f.size,
                sha256=f.sha256,
                url=f"/api/reports/{report.pk}/files/{f.pk}",
            )
            for f in report.files.all()
        ],
        approvals=[
            ApprovalOut(
                user_id=a.user_id,
                username=a.user.get_username(),
                member_role=a.member_role,
                signer_role=a.signer_role,
                snapshot_hash=a.snapshot_hash,
                approved_at=a.approved_at,
                valid=a.pk in valid,
            )
            for a in approvals
        ],
        quorum_complete=state.complete,
        more_needed=state.more_needed,
        missing_roles=state.missing_roles,
        missing_user_ids=state.missing_user_ids,
    )


def _policy_out(provider_id: int) -> PolicyOut:
    from anping.assessments import signoff

    policy = signoff.policy_for(provider_id)
    return PolicyOut(provider_id=provider_id, **policy.to_dict())
