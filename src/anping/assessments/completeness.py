"""What an authority's written review would reject (sa-2018 Art. 8 ¶2), checked before *ready*.

Art. 8 ¶2 has the authority review the report in writing and ask for more when it is incomplete;
Art. 6 ¶2 lists what the report must contain and Art. 6 ¶1 requires hazards to be rectified.
Each problem has a stable code, a message in both languages and a link to where it is fixed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from anping.assessments.models import Assessment, Evidence, Finding, Result


@dataclass(frozen=True)
class Problem:
    code: str
    zh: str
    en: str
    #: Where to fix it (a URL path).
    target: str

    @property
    def message(self) -> str:
        return self.en if (get_language() or "").startswith("en") else self.zh

    def to_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "message": self.message,
            "message_zh": self.zh,
            "message_en": self.en,
            "target": self.target,
        }


def _point_url(assessment: Assessment, point_id: int) -> str:
    return reverse("assessments:point", args=[assessment.pk, point_id])


def _service_problems(assessment: Assessment) -> list[Problem]:
    """Art. 6 ¶2(1): functions, service scope, facilities, deployment location, licences."""
    from anping.law import divisions

    service = assessment.service
    edit = reverse("services:edit", args=[service.pk])
    detail = reverse("services:detail", args=[service.pk])
    found = []
    if not service.functions.exists():
        found.append(
            Problem(
                "service_functions",
                "服务基本情况缺少服务功能（第六条第二款第一项）。",
                "The service's functions are missing (Art. 6 ¶2(1)).",
                detail,
            )
        )
    if not (service.website_url or service.app_identifiers):
        found.append(
            Problem(
                "service_scope",
                "服务基本情况缺少服务范围（网站地址或应用标识）（第六条第二款第一项）。",
                "The service scope (website or app identifiers) is missing (Art. 6 ¶2(1)).",
                edit,
            )
        )
    if not (service.hardware_facilities.strip() and service.software_facilities.strip()):
        found.append(
            Problem(
                "service_facilities",
                "服务基本情况缺少软硬件设施（第六条第二款第一项）。",
                "The hardware or software facilities are missing (Art. 6 ¶2(1)).",
                edit,
            )
        )
    try:
        known = bool(service.division_code) and bool(divisions.get(service.division_code))
    except divisions.UnknownDivision:
        known = False
    if not known:
        found.append(
            Problem(
                "service_location",
                "服务基本情况缺少有效的部署位置（第六条第二款第一项）。",
                "A valid deployment location is missing (Art. 6 ¶2(1)).",
                edit,
            )
        )
    if not service.icp_number.strip():
        found.append(
            Problem(
                "service_licences",
                "服务基本情况缺少相关证照（ICP 许可证或备案号）（第六条第二款第一项）。",
                "The licences obtained (ICP licence or filing number) are missing (Art. 6 ¶2(1)).",
                edit,
            )
        )
    return found


def _valid_division(code: str) -> bool:
    from anping.law import divisions

    try:
        return bool(code) and bool(divisions.get(code))
    except divisions.UnknownDivision:
        return False


def _report_problems(assessment: Assessment) -> list[Problem]:
    """The platform form's subject information and the report's own parts (Art. 6 ¶2 (3))."""
    details = reverse("assessments:detail", args=[assessment.pk]) + "#report-details"
    found = []
    if not (assessment.contact_name.strip() and assessment.contact_phone.strip()):
        found.append(
            Problem(
                "subject_contact",
                "主体信息缺少联系人或联系电话。",
                "The subject information lacks a contact name or phone number.",
                details,
            )
        )
    provider_code = assessment.service.provider.division_code
    for code, field_zh, field_en, key in (
        (assessment.registered_division or provider_code, "注册地", "registered", "registered"),
        (
            assessment.operating_division or provider_code,
            "运营团队所在地",
            "operating-team",
            "operating",
        ),
    ):
        if not _valid_division(code):
            found.append(
                Problem(
                    f"subject_{key}_location",
                    f"主体信息缺少有效的{field_zh}。",
                    f"A valid {field_en} location is missing from the subject information.",
                    details,
                )
            )
    if not assessment.situation:
        found.append(
            Problem(
                "situation_missing",
                "未说明属于第三条规定的哪一种情形。",
                "Which Art. 3 situation the assessment answers is not stated.",
                details,
            )
        )
    if not assessment.conclusion.strip():
        found.append(
            Problem(
                "conclusion_missing",
                "缺少安全评估结论（第六条第二款第三项）。",
                "The conclusion of the assessment is missing (Art. 6 ¶2(3)).",
                details,
            )
        )
    return found


def problems(assessment: Assessment, today: dt.date | None = None) -> list[Problem]:
    """Every reason the assessment would not pass a written review; empty when complete."""
    from anping.assessments.flows import applicable_points

    day = today or timezone.localdate()
    page = reverse("assessments:detail", args=[assessment.pk])
    points = list(assessment.points.all())
    found: list[Problem] = []

    have = {p.urn for p in points}
    for ref in applicable_points(assessment.service, assessment.catalog_date):
        if ref.urn not in have:
            found.append(
                Problem(
                    "point_missing",
                    f"缺少适用的评估要点 {ref.cite}（{ref.point.title.zh}）。",
                    f"The applicable point {ref.cite} ({ref.point.title.en}) is missing.",
                    page + "#points",
                )
            )
    for p in points:
        url = _point_url(assessment, p.pk)
        if p.to_reconfirm:
            found.append(
                Problem(
                    "point_to_reconfirm",
                    f"评估要点 {p.cite}（{p.title_zh}）沿用上一次评估的结论，尚待重新确认。",
                    f"Point {p.cite} ({p.title_en}) was carried over and must be re-confirmed.",
                    url,
                )
            )
        if p.result == Result.PENDING:
            found.append(
                Problem(
                    "point_unanswered",
                    f"评估要点 {p.cite}（{p.title_zh}）尚未评估。",
                    f"Point {p.cite} ({p.title_en}) has not been assessed.",
                    url,
                )
            )
        elif p.result == Result.NOT_APPLICABLE:
            if not p.na_reason.strip():
                found.append(
                    Problem(
                        "na_without_reason",
                        f"评估要点 {p.cite} 评为不适用，但未说明理由。",
                        f"Point {p.cite} is marked not applicable without a reason.",
                        url,
                    )
                )
        elif not p.statement.strip():
            found.append(
                Problem(
                    "statement_missing",
                    f"评估要点 {p.cite}（{p.title_zh}）缺少实际情况说明。",
                    f"Point {p.cite} ({p.title_en}) has no statement of the actual situation.",
                    url,
                )
            )
    found += _service_problems(assessment)
    found += _report_problems(assessment)
    for f in assessment.findings.filter(status=Finding.Status.OPEN).select_related("point"):
        found.append(
            Problem(
                "finding_open",
                f"要点 {f.point.cite} 的安全隐患尚未整改关闭（第六条第一款）。",
                f"The finding at {f.point.cite} is not rectified and closed (Art. 6 ¶1).",
                page + f"#finding-{f.pk}",
            )
        )
    for e in Evidence.objects.filter(assessment=assessment, effective_until__lt=day):
        found.append(
            Problem(
                "evidence_expired",
                f"证据“{e.title}”已超过有效期（{e.effective_until:%Y-%m-%d}）。",
                f"Evidence “{e.title}” is past its effective date ({e.effective_until}).",
                page + f"#evidence-{e.pk}",
            )
        )
    return found
