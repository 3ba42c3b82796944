"""The report page's approval-policy form (decision 0005) and labels instead of raw codes."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _signed_demo() -> Any:
    from anping.assessments.demo import SIGNED_TITLE
    from anping.assessments.models import Assessment

    return Assessment.objects.get(title=SIGNED_TITLE)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_provider_admin_sets_approval_policy_on_report_page(world: dict, api_client: Any) -> None:
    from anping.assessments.models import ApprovalPolicy

    users = world["users"]
    signed = _signed_demo()
    provider = signed.service.provider
    url = f"/assessments/{signed.pk}/report/"
    admin = api_client(users["provider_admin"])
    html = admin.get(url).content.decode()
    assert "审批规则" in html
    assert 'name="min_approvers"' in html
    assert 'name="required_roles" value="admin" checked' in html  # the default policy
    # refused: a required role that may not approve; the row is not written
    refused = admin.post(
        f"{url}policy/",
        {"min_approvers": "2", "approver_roles": ["assessor"], "required_roles": ["admin"]},
        follow=True,
    )
    assert "必需角色必须是可审批角色之一。" in _messages(refused)
    assert not ApprovalPolicy.objects.filter(provider=provider).exists()
    # refused: fewer approvers than named members
    named = users["provider_assessor"]
    refused = admin.post(
        f"{url}policy/",
        {
            "min_approvers": "1",
            "approver_roles": ["admin", "assessor"],
            "required_roles": ["admin"],
            "required_users": [str(named.pk), str(users["provider_admin"].pk)],
        },
        follow=True,
    )
    assert any("最少审批人数不能少于 2" in m for m in _messages(refused))
    # saved
    saved = admin.post(
        f"{url}policy/",
        {
            "min_approvers": "3",
            "approver_roles": ["admin", "assessor"],
            "required_roles": ["admin"],
            "required_users": [str(named.pk)],
        },
        follow=True,
    )
    assert "审批规则已保存。" in _messages(saved)
    policy = ApprovalPolicy.objects.get(provider=provider)
    assert policy.min_approvers == 3
    assert policy.approver_roles == ["admin", "assessor"]
    assert policy.required_roles == ["admin"]
    assert list(policy.required_users.all()) == [named]
    html = saved.content.decode()
    assert "至少 3 名不同的审批人" in html
    assert f'name="required_users" value="{named.pk}" checked' in html
    # an assessor of the provider sees no form and may not set the policy
    assessor = api_client(named)
    assert 'name="min_approvers"' not in assessor.get(url).content.decode()
    refused = assessor.post(
        f"{url}policy/",
        {"min_approvers": "1", "approver_roles": ["assessor"], "required_roles": []},
        follow=True,
    )
    assert "只有服务提供者的管理员才能设置审批规则。" in _messages(refused)
    assert ApprovalPolicy.objects.get(provider=provider).min_approvers == 3


def test_report_page_shows_role_labels_not_codes(world: dict, api_client: Any) -> None:
    signed = _signed_demo()
    html = api_client(world["users"]["provider_reader"]).get(f"/assessments/{signed.pk}/report/")
    html = html.content.decode()
    assert "<td>管理员 / 单位负责人</td>" in html
    assert "<td>admin / responsible_person</td>" not in html
    assert "必需角色：管理员" in html
    assert "已签署" in html


def test_diff_page_shows_result_labels_not_codes(world: dict, api_client: Any) -> None:
    from anping.assessments import flows
    from anping.assessments.models import Assessment

    signed = _signed_demo()
    user = world["users"]["provider_assessor"]
    client = api_client(user)
    assert (
        client.post(f"/assessments/{signed.pk}/clone/", {"reason": "new_year"}).status_code == 302
    )
    child = Assessment.objects.get(parent=signed)
    point = child.points.filter(result="met").order_by("order").first()
    flows.update_point(point, actor=user, result="not_met", statement="本年度发现新问题。")
    html = client.get(f"/assessments/{child.pk}/diff/").content.decode()
    assert "<del>符合</del> → <ins>不符合</ins>" in html
    assert "<ins>not_met</ins>" not in html
    assert "<del>met</del>" not in html
    everything = client.get(f"/assessments/{child.pk}/diff/?show=all").content.decode()
    assert "<td>符合</td>" in everything
    assert "<td>met</td>" not in everything
