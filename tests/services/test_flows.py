"""The register's flows: rights, validation, and one audit event per change in its transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from anping.core import audit
from anping.core.errors import Conflict, Invalid
from anping.core.models import AuditAction, AuditEvent
from anping.law.catalog_schema import SERVICE_KINDS
from anping.services import due, flows
from anping.services.demo import FORUM, load_services_demo
from anping.services.models import EventKind, InformationService, ServiceEvent, ServiceKind

from .conftest import registered, service_fields

pytestmark = pytest.mark.django_db


def test_kind_choices_mirror_the_law_engine() -> None:
    assert tuple(ServiceKind.values) == SERVICE_KINDS


def test_create_service_writes_audit_event(world: dict, provider, make_service) -> None:
    service = make_service()
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_CREATED, object_id=str(service.pk))
    assert event.organisation_id == provider.pk
    assert event.actor.username == "provider_admin"
    assert event.data == {"name": "测试论坛", "kinds": ["forum"], "division_code": "440305"}
    assert audit.verify().ok


def test_update_service_audits_changed_fields_only(world: dict, make_service) -> None:
    service = make_service()
    admin = world["users"]["provider_admin"]
    flows.update_service(service, actor=admin, name="测试论坛", icp_number="粤ICP备1号")
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_UPDATED)
    assert event.data == {"changed": ["icp_number"]}
    flows.update_service(service, actor=admin, icp_number="粤ICP备1号")
    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_UPDATED).count() == 1


def test_assessor_may_register_but_reader_gets_403(world: dict, provider) -> None:
    flows.create_service(provider, actor=world["users"]["provider_assessor"], **service_fields())
    with pytest.raises(PermissionDenied):
        flows.create_service(
            provider, actor=world["users"]["provider_reader"], **service_fields(name="另一个")
        )


def test_firm_and_authority_see_but_cannot_change(world: dict, make_service) -> None:
    service = make_service()
    for username in ("firm_admin", "cac_reviewer"):
        with pytest.raises(PermissionDenied):
            flows.update_service(service, actor=world["users"][username], name="改名")


def test_other_provider_gets_404(world: dict, make_provider, make_service) -> None:
    other = make_provider("北京公司", "110105", "bj_admin")
    service = make_service()
    with pytest.raises(Http404):
        flows.add_sample(
            service, actor=other.memberships.get().user, date=dt.date(2026, 1, 1), users=1
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kinds": []}, "kinds"),
        ({"kinds": ["forum", "newspaper"]}, "kinds"),
        ({"division_code": "44030"}, "division_code"),
        ({"division_code": "512081"}, "division_code"),  # 简阳市 moved to 成都: old code refused
        ({"website_url": "ftp://x"}, "website_url"),
        ({"website_url": ""}, "website_url"),  # neither website nor app identifiers
        ({"name": "  "}, "name"),
    ],
)
def test_invalid_fields_refused_with_field(world: dict, provider, overrides, field) -> None:
    with pytest.raises(Invalid) as info:
        flows.create_service(
            provider, actor=world["users"]["provider_admin"], **service_fields(**overrides)
        )
    assert info.value.details["field"] == field
    assert not registered().exists()


def test_app_identifiers_alone_are_enough(world: dict, make_service) -> None:
    service = make_service(
        website_url="", app_identifiers=["cn.example.bbs", " ", "cn.example.bbs"]
    )
    assert service.app_identifiers == ["cn.example.bbs"]


def test_duplicate_name_conflicts(world: dict, make_service) -> None:
    make_service()
    with pytest.raises(Conflict):
        make_service()


def test_only_providers_register_services(world: dict) -> None:
    firm = world["orgs"]["Example Cybersecurity Assessment Co., Ltd."]
    with pytest.raises(Invalid):
        flows.create_service(firm, actor=world["users"]["firm_admin"], **service_fields())


def test_went_online_recorded_once(world: dict, make_service) -> None:
    service = make_service()
    admin = world["users"]["provider_admin"]
    flows.add_event(service, actor=admin, kind=EventKind.WENT_ONLINE, date=dt.date(2024, 3, 1))
    with pytest.raises(Conflict):
        flows.add_event(service, actor=admin, kind=EventKind.WENT_ONLINE, date=dt.date(2024, 4, 1))


def test_event_particulars_required_and_irrelevant_ones_dropped(world: dict, make_service) -> None:
    service = make_service()
    admin = world["users"]["provider_admin"]
    with pytest.raises(Invalid) as info:
        flows.add_event(service, actor=admin, kind="written_notice", date=dt.date(2026, 1, 5))
    assert info.value.details["field"] == "issuer"
    event = flows.add_event(
        service,
        actor=admin,
        kind="harmful_information_incident",
        date=dt.date(2026, 1, 5),
        description="谣言扩散",
        issuer="不相关",
    )
    assert event.issuer == ""
    assert event.shows_measures_ineffective is True


def test_function_added_after_launch_becomes_an_event(world: dict, make_service) -> None:
    service = make_service()
    admin = world["users"]["provider_admin"]
    flows.add_event(service, actor=admin, kind="went_online", date=dt.date(2024, 3, 1))
    flows.add_function(
        service, actor=admin, name="评论", kind="forum", launched=dt.date(2024, 3, 1)
    )
    flows.add_function(
        service, actor=admin, name="直播", kind="live_streaming", launched=dt.date(2026, 5, 6)
    )
    added = ServiceEvent.objects.get(service=service, kind="function_added")
    assert (added.function_name, added.date) == ("直播", dt.date(2026, 5, 6))
    items = due.required_assessments(service, dt.date(2026, 5, 1))
    function_items = [i for i in items if i.event == "function_added"]
    assert len(function_items) == 1  # the engine does not count it twice
    assert function_items[0].due_before == dt.date(2026, 5, 6)
    added_events = AuditEvent.objects.filter(action=AuditAction.SERVICE_FUNCTION_ADDED)
    assert added_events.filter(data__service=service.pk).count() == 2


def test_samples_unique_per_day_and_not_in_future(world: dict, make_service) -> None:
    service = make_service()
    admin = world["users"]["provider_admin"]
    flows.add_sample(service, actor=admin, date=dt.date(2026, 1, 1), users=10)
    with pytest.raises(Conflict):
        flows.add_sample(service, actor=admin, date=dt.date(2026, 1, 1), users=20)
    with pytest.raises(Invalid):
        flows.add_sample(service, actor=admin, date=dt.date.today() + dt.timedelta(days=2), users=1)
    sample_events = AuditEvent.objects.filter(action=AuditAction.SERVICE_SAMPLE_ADDED)
    assert sample_events.filter(data__service=service.pk).count() == 1


def test_record_report_clears_the_deadline(world: dict, make_service) -> None:
    service = make_service()
    admin = world["users"]["provider_admin"]
    event = flows.add_event(
        service,
        actor=admin,
        kind="new_technology",
        date=dt.date(2026, 3, 1),
        description="AI 推荐",
        major_change=True,
    )
    assert due.required_assessments(service, dt.date(2026, 4, 1))[0].overdue
    flows.record_report(event, dt.date(2026, 2, 20), actor=admin)
    item = due.required_assessments(service, dt.date(2026, 4, 1))[0]
    assert (item.overdue, item.submitted) == (False, dt.date(2026, 2, 20))
    recorded = AuditEvent.objects.get(action=AuditAction.SERVICE_REPORT_RECORDED)
    assert recorded.data["submitted"] == "2026-02-20"
    assert audit.verify().ok


def test_written_notice_maps_issuer_kind_for_the_engine(world: dict, make_service) -> None:
    service = make_service()
    flows.add_event(
        service,
        actor=world["users"]["provider_admin"],
        kind="written_notice",
        date=dt.date(2026, 1, 20),
        issuer="深圳市互联网信息办公室",
        issuer_kind="cyberspace_office",
        level="city",
        document_number="深网信〔2026〕1号",
    )
    profile = due.profile_for(service)
    notice = profile.events.written_notice[0]
    assert (notice.issuer_kind, notice.reference) == ("cyberspace", "深网信〔2026〕1号")
    item = due.required_assessments(service, dt.date(2026, 1, 21))[0]
    assert item.situation == 5


def test_demo_is_idempotent_and_owes_reports(world: dict, provider) -> None:
    first = load_services_demo(provider)
    before = AuditEvent.objects.count()
    second = load_services_demo(provider)
    assert first.pk == second.pk
    assert AuditEvent.objects.count() == before
    assert InformationService.objects.filter(name=FORUM).count() == 1
    assert set(first.functions.values_list("name", flat=True)) >= {"发帖", "评论"}
    items = due.required_assessments(first, dt.date(2026, 11, 23))
    situations = {(i.situation, i.event) for i in items}
    assert (3, "user_scale") in situations
    assert (1, "function_added") in situations
    online = next(i for i in items if i.event == "went_online")
    assert online.submitted == dt.date(2024, 2, 20)
    assert not online.overdue
