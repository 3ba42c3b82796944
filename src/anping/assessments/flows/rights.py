"""Who may work on an assessment, and the guards every change shares.

Admins and assessors of the provider, and admins and assessors of the assessment firm that
carries it out while its engagement with the provider runs (sa-2018 Art. 4). Others who can see
it get 403, anyone else 404. `_record` writes a change's audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from anping.assessments.models import EDITABLE, Assessment, AssessmentStatus
from anping.core import audit
from anping.core.errors import Conflict, Invalid
from anping.core.models import AuditAction
from anping.core.scoping import has_role, restrict
from anping.orgs.models import Engagement, Membership, Role
from anping.services.models import InformationService

WORKER_ROLES = (Role.ADMIN, Role.ASSESSOR)


def active_engagement(provider_id: int, firm_id: int) -> Engagement | None:
    return Engagement.objects.filter(
        provider_id=provider_id, firm_id=firm_id, ended_on__isnull=True
    ).first()


def can_work_on_service(user: Any, service: InformationService, assessor_id: int) -> bool:
    """Admins/assessors of the provider; of the assessing firm while it is engaged (Art. 4)."""
    if has_role(user, service.provider_id, *WORKER_ROLES):
        return True
    return (
        assessor_id != service.provider_id
        and has_role(user, assessor_id, *WORKER_ROLES)
        and active_engagement(service.provider_id, assessor_id) is not None
    )


def can_work_for_provider(user: Any, service: InformationService) -> bool:
    """Whether the user may work on `service` as the provider or as any firm it engages now."""
    if can_work_on_service(user, service, service.provider_id):
        return True
    firms = Engagement.objects.filter(provider_id=service.provider_id, ended_on__isnull=True)
    return any(can_work_on_service(user, service, e.firm_id) for e in firms)


def can_work(user: Any, assessment: Assessment) -> bool:
    return can_work_on_service(user, assessment.service, assessment.assessor_id)


def _refuse(actor: Any, visible: bool) -> None:
    if visible:
        raise PermissionDenied
    raise Http404


def require_worker(actor: Any, assessment: Assessment) -> None:
    if actor is None or can_work(actor, assessment):
        return
    _refuse(actor, restrict(Assessment.objects.filter(pk=assessment.pk), actor).exists())


def _require_editable(assessment: Assessment) -> None:
    if assessment.status == AssessmentStatus.SIGNED:
        raise Conflict(
            _("评估已签署，内容不可更改；如需修改，请以本评估为基础开展复评。"),
            details={"status": assessment.status},
        )
    if assessment.status not in EDITABLE:
        raise Conflict(
            _("评估处于“%(status)s”状态，不能修改；请先退回评估中。")
            % {"status": assessment.get_status_display()},
            details={"status": assessment.status},
        )


def _locked(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock, so concurrent changes queue up."""
    fresh = Assessment.objects.select_for_update().select_related("service").get(pk=assessment.pk)
    assessment.status = fresh.status
    return fresh


def team(assessment: Assessment) -> Iterable[Any]:
    """Members of the provider and of the assessing organisation (assignees, owners)."""
    ids = {assessment.service.provider_id, assessment.assessor_id}
    return [
        m.user
        for m in Membership.objects.filter(organisation_id__in=ids)
        .select_related("user")
        .order_by("user__username")
        .distinct()
    ]


def _require_team_member(assessment: Assessment, user: Any) -> None:
    ids = {assessment.service.provider_id, assessment.assessor_id}
    if not Membership.objects.filter(user=user, organisation_id__in=ids).exists():
        raise Invalid(_("只能指定服务提供者或评估机构的成员。"))


def _record(action: str, actor: Any, assessment: Assessment, obj: Any, data: dict) -> None:
    audit.record(
        AuditAction(action),
        actor=actor,
        organisation=assessment.service.provider,
        obj=obj,
        data={"assessment": assessment.pk, **data},
    )
