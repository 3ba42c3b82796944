"""Check runs through the API: upload, queue, a real worker run, evidence on every point served."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anping.core import jobs

pytestmark = pytest.mark.django_db


def _request(client: Any, assessment: dict, point: Any, content: bytes, **fields: Any) -> Any:
    data = {
        "assessment_id": assessment["id"],
        "point_id": point.pk,
        "check_id": "logs.required_fields",
        "params": json.dumps({"assessment_date": "2025-07-01"}),
        "inputs": SimpleUploadedFile("../../etc/access.ndjson", content),
        **fields,
    }
    return client.post("/api/checkruns", data)


def _work() -> Any:
    """What `anping worker` does for one job: claim it, run it."""
    job = jobs.claim_next("test-worker")
    assert job is not None
    return jobs.run_one(job)


def test_art5_3_log_check_runs_as_a_job_and_is_linked_as_evidence(
    world: dict, assessment: dict, art5_3: Any, good_log: bytes, api_client: Any, settings: Any
) -> None:
    client = api_client(world["users"]["provider_assessor"])
    response = _request(client, assessment, art5_3, good_log)
    assert response.status_code == 202, response.json()
    queued = response.json()
    assert queued["status"] == "queued"
    assert queued["check_id"] == "logs.required_fields"
    assert queued["files"] == [{"slot": "inputs", "name": "access.ndjson", "size": len(good_log)}]

    from anping.core.models import Job

    stored = Job.objects.get(pk=queued["id"]).payload["inputs"][0]["stored_name"]
    assert "access" not in stored
    assert ".." not in stored
    assert stored.endswith(".ndjson")
    assert (Path(settings.MEDIA_ROOT) / stored).read_bytes() == good_log

    done = _work()
    assert done.pk == queued["id"]
    assert done.status == Job.Status.DONE, done.error

    job = client.get(f"/api/jobs/{queued['id']}").json()
    assert job["status"] == "done"
    assert job["percent"] == 100
    assert job["result"]["outcome"] == "met"
    assert job["result"]["points"] == ["sa-2018:art5.3"]
    assert not (Path(settings.MEDIA_ROOT) / stored).exists()  # inputs are not kept

    run = client.get(f"/api/checkruns/{job['result']['check_run_id']}").json()
    assert run["outcome"] == "met"
    assert run["status"] == "finished"
    assert [(e["cite"], e["point_id"]) for e in run["evidence"]] == [("sa-2018:art5.3", art5_3.pk)]
    summary = run["summary"]
    assert summary["rows_read"] == len(good_log.splitlines())
    assert summary["inputs"] == [
        {
            "name": "access.ndjson",
            "size": len(good_log),
            "sha256": hashlib.sha256(good_log).hexdigest(),
        }
    ]
    assert summary["parameters"]["inputs"] == ["access.ndjson"]
    assert str(settings.MEDIA_ROOT) not in json.dumps(summary)

    evidence = client.get(f"/api/assessments/{assessment['id']}/evidence").json()
    assert [(e["kind"], e["point_id"], e["check_run_id"]) for e in evidence] == [
        ("check_run", art5_3.pk, run["id"])
    ]


def test_unreadable_input_cannot_decide_never_met(
    world: dict, assessment: dict, art5_3: Any, api_client: Any
) -> None:
    client = api_client(world["users"]["provider_assessor"])
    garbage = b'{"user_id": "a", "ts":\nthis is not json\n\x00\x01\x02\n'
    response = _request(client, assessment, art5_3, garbage)
    assert response.status_code == 202, response.json()
    _work()
    job = client.get(f"/api/jobs/{response.json()['id']}").json()
    assert job["status"] == "done"
    assert job["result"]["outcome"] == "cannot_decide"
    run = client.get(f"/api/checkruns/{job['result']['check_run_id']}").json()
    assert run["outcome"] == "cannot_decide"
    statuses = {c["status"] for c in run["summary"]["criteria"]}
    assert "met" not in statuses or "cannot_decide" in statuses
    readable = next(c for c in run["summary"]["criteria"] if c["id"] == "input.readable")
    assert readable["status"] == "cannot_decide"
    assert "access.ndjson" in readable["detail"]["en"]


def test_other_provider_gets_404_and_the_engaged_firm_sees_the_job(
    world: dict,
    assessment: dict,
    art5_3: Any,
    good_log: bytes,
    api_client: Any,
    make_provider: Any,
) -> None:
    client = api_client(world["users"]["provider_assessor"])
    job_id = _request(client, assessment, art5_3, good_log).json()["id"]
    _work()
    run_id = client.get(f"/api/jobs/{job_id}").json()["result"]["check_run_id"]

    make_provider("北京别家公司", "110105", "other_admin")
    from anping.orgs.models import User

    other = api_client(User.objects.get(username="other_admin"))
    assert other.get(f"/api/jobs/{job_id}").status_code == 404
    assert other.get(f"/api/checkruns/{run_id}").status_code == 404
    assert other.get("/api/jobs").json() == []
    refused = _request(other, assessment, art5_3, good_log)
    assert refused.status_code == 404
    assert other.get(f"/jobs/{job_id}/").status_code == 404
    assert other.get(f"/jobs/{job_id}/status/").status_code == 404
    assert other.get(f"/check-runs/{run_id}/").status_code == 404

    firm = api_client(world["users"]["firm_assessor"])
    assert firm.get(f"/api/jobs/{job_id}").json()["status"] == "done"
    assert firm.get(f"/api/checkruns/{run_id}").status_code == 200
    reader = api_client(world["users"]["provider_reader"])
    assert reader.get(f"/api/jobs/{job_id}").status_code == 200
    assert _request(reader, assessment, art5_3, good_log).status_code == 403
    authority = api_client(world["users"]["cac_reviewer"])
    assert authority.get(f"/api/jobs/{job_id}").status_code == 404


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"params": json.dumps({"inputs": ["/etc/passwd"]})}, 400, "invalid"),
        ({"params": json.dumps({"memory_limit": "500GB"})}, 400, "invalid"),
        ({"params": json.dumps({"min_field_share": 7})}, 400, "invalid"),
        ({"params": "[1, 2]"}, 400, "invalid"),
        ({"check_id": "accounts.quota"}, 400, "invalid"),  # art5.3 does not name it
        ({"check_id": "no.such.check"}, 400, "invalid"),
        ({"url": "duckdb:///var/anping/anping.sqlite3", "inputs": ""}, 400, "invalid"),
    ],
)
def test_refused_requests_store_nothing(
    world: dict,
    assessment: dict,
    art5_3: Any,
    good_log: bytes,
    api_client: Any,
    settings: Any,
    fields: dict,
    status: int,
    code: str,
) -> None:
    client = api_client(world["users"]["provider_assessor"])
    response = _request(client, assessment, art5_3, good_log, **fields)
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
    from anping.core.models import Job

    assert not Job.objects.exists()
    inputs = Path(settings.MEDIA_ROOT) / "checkruns"
    assert not inputs.exists() or not any(p.is_file() for p in inputs.rglob("*"))


def test_oversized_input_refused(
    world: dict, assessment: dict, art5_3: Any, good_log: bytes, api_client: Any, settings: Any
) -> None:
    settings.CHECKRUN_MAX_BYTES = 1000
    client = api_client(world["users"]["provider_assessor"])
    response = _request(client, assessment, art5_3, good_log)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_data_source_url_is_shown_without_its_password(
    world: dict, assessment: dict, art5_3: Any, api_client: Any
) -> None:
    client = api_client(world["users"]["provider_assessor"])
    response = client.post(
        "/api/checkruns",
        {
            "assessment_id": assessment["id"],
            "point_id": art5_3.pk,
            "check_id": "logs.retention_span",
            "params": json.dumps({"assessment_date": "2025-07-01"}),
            "url": "postgres://reader:s3cret@127.0.0.1:1/logs?sslmode=disable&password=x2",
            "table": "access_log",
        },
    )
    assert response.status_code == 202, response.json()
    assert response.json()["source"] == (
        "postgres://reader:***@127.0.0.1:1/logs?sslmode=disable&password=***"
    )
    assert "s3cret" not in client.get(f"/jobs/{response.json()['id']}/").content.decode()
    _work()
    job = client.get(f"/api/jobs/{response.json()['id']}").json()
    assert job["status"] == "done", job["error"]
    assert job["result"]["outcome"] == "cannot_decide"  # nothing listens on port 1
    from anping.assessments.models import CheckRun
    from anping.core.models import AuditEvent, Job

    stored = json.dumps(CheckRun.objects.get().summary) + json.dumps(Job.objects.get().payload)
    stored += json.dumps(list(AuditEvent.objects.values_list("data", flat=True)))
    assert "s3cret" not in stored
    assert "x2" not in stored, stored[max(0, stored.find("x2") - 200) : stored.find("x2") + 40]
