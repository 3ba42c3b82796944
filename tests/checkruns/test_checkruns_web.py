"""The run-check form of a point, the job page polled with htmx, the result in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anping.core import jobs

pytestmark = pytest.mark.django_db


def test_point_form_runs_the_check_and_shows_progress_then_result(
    world: dict, assessment: dict, art5_3: Any, good_log: bytes, api_client: Any
) -> None:
    client = api_client(world["users"]["provider_assessor"])
    url = f"/assessments/{assessment['id']}/points/{art5_3.pk}/checks/"
    page = client.get(url + "?check=logs.retention_span").content.decode()
    assert 'name="file:inputs"' in page
    assert "multiple" in page
    assert 'name="param:assessment_date"' in page
    assert 'name="param:memory_limit"' not in page  # kept by the server
    assert 'name="advanced"' in page  # mapping as JSON
    assert 'name="url"' in page
    for check_id in ("logs.required_fields", "logs.retention_span"):
        assert check_id in page
    assert "<script" not in page.split("</head>")[1]

    response = client.post(
        url,
        {
            "check": "logs.retention_span",
            "file:inputs": SimpleUploadedFile("access.ndjson", good_log),
            "param:assessment_date": "2025-07-01",
            "param:min_daily_coverage": "",
            "advanced": '{"mapping": {}}',
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job_url = response["Location"]
    page = client.get(job_url).content.decode()
    assert 'hx-get="' in page
    assert 'hx-trigger="every 2s"' in page
    assert "排队中" in page
    assert "access.ndjson" in page

    jobs.run_one(jobs.claim_next("web-test-worker"))
    fragment = client.get(job_url + "status/").content.decode()
    assert "hx-trigger" not in fragment  # finished: polling stops
    assert "已完成" in fragment
    assert "符合" in fragment
    assert "SHA-256" in fragment
    assert "sa-2018:art5.3" in fragment

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(job_url).content.decode()
    assert "Rows read" in english
    assert "Met" in english


def test_failed_job_shows_could_not_decide(
    world: dict, assessment: dict, art5_3: Any, api_client: Any
) -> None:
    from anping.checkruns.flows import CHECK_RUN
    from anping.core.models import Job

    provider = art5_3.assessment.service.provider
    actor = world["users"]["provider_assessor"]
    payload = {"assessment_id": assessment["id"], "params": {}, "inputs": []}
    no_input = jobs.enqueue(
        CHECK_RUN,
        {**payload, "check_id": "logs.required_fields"},
        organisation=provider,
        actor=actor,
    )
    removed = jobs.enqueue(  # a check removed after the job was queued: the handler raises
        CHECK_RUN, {**payload, "check_id": "logs.removed_since"}, organisation=provider, actor=actor
    )
    assert jobs.work(once=True, heartbeat_every=None) == 2
    no_input.refresh_from_db()
    removed.refresh_from_db()
    assert no_input.status == Job.Status.DONE
    assert no_input.result["outcome"] == "cannot_decide"
    assert removed.status == Job.Status.FAILED
    assert "logs.removed_since" in removed.error

    client = api_client(actor)
    for job in (no_input, removed):
        page = client.get(f"/jobs/{job.pk}/").content.decode()
        assert "无法判断" in page
        assert "符合" not in page.replace("不符合", "")


def test_reader_sees_no_form_and_closed_assessment_refuses(
    world: dict, assessment: dict, art5_3: Any, api_client: Any
) -> None:
    reader = api_client(world["users"]["provider_reader"])
    page = reader.get(f"/assessments/{assessment['id']}/points/{art5_3.pk}/checks/")
    assert page.status_code == 200
    assert 'name="file:inputs"' not in page.content.decode()
    assert dt.date.today()  # the page renders for readers without a form


def test_point_page_links_to_its_checks(world: dict) -> None:
    """sa-2018 Art. 5(3): the log-retention point offers the log checks it names."""
    from django.test import Client

    from anping.assessments.models import PointResult

    point = PointResult.objects.filter(
        cite="sa-2018:art5.3", assessment__status="in_progress"
    ).first()
    assert point is not None
    client = Client()
    client.force_login(world["users"]["provider_admin"])
    page = client.get(f"/assessments/{point.assessment_id}/points/{point.pk}/").content.decode()
    assert f"/assessments/{point.assessment_id}/points/{point.pk}/checks/" in page
