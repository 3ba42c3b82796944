"""An assessment's records by id, as a user may see them (404 otherwise): for the API and pages."""

from __future__ import annotations

from typing import Any

from anping.assessments.models import Assessment, EvidenceRequest, Finding, Rectification, Report
from anping.core.scoping import get_for


def assessment_for(user: Any, assessment_id: int | None) -> Assessment:
    return get_for(
        Assessment.objects.select_related("service", "service__provider", "assessor"),
        user,
        assessment_id,
    )


def finding_for(user: Any, finding_id: int) -> Finding:
    return get_for(
        Finding.objects.select_related("assessment__service__provider", "point"),
        user,
        finding_id,
    )


def rectification_for(user: Any, rectification_id: int) -> Rectification:
    return get_for(
        Rectification.objects.select_related("finding__assessment__service__provider"),
        user,
        rectification_id,
    )


def evidence_request_for(user: Any, request_id: int) -> EvidenceRequest:
    return get_for(
        EvidenceRequest.objects.select_related("assessment__service__provider"),
        user,
        request_id,
    )


def report_for(user: Any, report_id: int) -> Report:
    return get_for(
        Report.objects.select_related("assessment__service__provider", "assessment__assessor"),
        user,
        report_id,
    )
