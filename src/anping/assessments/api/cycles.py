"""API: re-assessment (clone), diff against an earlier assessment, Excel export and import."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Status
from ninja.files import UploadedFile

from anping.assessments import evidence as files
from anping.assessments import flows
from anping.assessments.api.common import router
from anping.assessments.api.outputs import _assessment_out, _point_out
from anping.assessments.api.schemas import AssessmentOut, CloneIn, DiffOut, DiffRowOut, ImportOut
from anping.assessments.lookups import assessment_for
from anping.assessments.models import Assessment, PointResult
from anping.core.errors import Invalid


@router.post("/assessments/{assessment_id}/clone", response={201: AssessmentOut})
def clone_assessment(
    request: HttpRequest, assessment_id: int, payload: CloneIn
) -> Status[AssessmentOut]:
    """A new assessment from this one: answers carried over and marked to re-confirm."""
    made = flows.clone_assessment(
        assessment_for(request.user, assessment_id),
        actor=request.user,
        reason=payload.reason,
        title=payload.title,
        situation=payload.situation,
    )
    return Status(201, _assessment_out(made))


@router.get("/assessments/{assessment_id}/diff", response=DiffOut)
def diff(request: HttpRequest, assessment_id: int, against: int | None = None) -> DiffOut:
    """Per point, result and statement of `against` (default: the parent) → this assessment."""
    from anping.assessments.diff import diff as compare

    after = assessment_for(request.user, assessment_id)
    before_id = against or after.parent_id
    if before_id is None:
        raise Invalid(_("该评估没有上一次评估，请指定要比较的评估。"))
    before = assessment_for(request.user, before_id)
    if before.service_id != after.service_id:
        raise Invalid(_("只能比较同一信息服务的评估。"))
    rows = [DiffRowOut(**r.to_dict()) for r in compare(before, after)]
    return DiffOut(before_id=before.pk, after_id=after.pk, rows=rows)


@router.get("/assessments/{assessment_id}/points.xlsx", response={200: None})
def export_points(request: HttpRequest, assessment_id: int) -> HttpResponse:
    from anping.assessments import excel

    assessment = assessment_for(request.user, assessment_id)
    return xlsx_response(excel.export(assessment), assessment)


@router.post("/assessments/{assessment_id}/points.xlsx", response=ImportOut)
def import_points(request: HttpRequest, assessment_id: int, file: File[UploadedFile]) -> ImportOut:
    """Import an edited export; 400 listing the bad rows (nothing written) if any row is bad."""
    assessment = assessment_for(request.user, assessment_id)
    content = files.read_upload(file)
    updated = flows.import_points(assessment, content, actor=request.user)
    ids = [p.pk for p in updated]
    return ImportOut(
        updated=[
            _point_out(p)
            for p in PointResult.objects.filter(pk__in=ids).prefetch_related("findings")
        ]
    )


def xlsx_response(content: bytes, assessment: Assessment) -> HttpResponse:
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{assessment.pk}-points.xlsx"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
