"""`anping due PROFILE.yaml`: what is required, why and by when; exit 2 for a bad profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anping.cli import app
from anping.law import triggers

runner = CliRunner()
EXAMPLE = str(Path(triggers.__file__).parent / "examples" / "forum-profile.yaml")


@pytest.fixture(autouse=True)
def _clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANPING_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(triggers.GROWTH_RULE_ENV, raising=False)


def test_due_example_profile_prints_table_overdue_first() -> None:
    result = runner.invoke(app, ["due", EXAMPLE, "--today", "2026-02-10"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "江城社区论坛" in out
    assert out.index("逾期 OVERDUE") < out.index("待办 pending")
    assert "sa-2018:art3.5" in out
    assert "2026-03-09" in out  # the city police notice of 20 January, 30 working days


def test_due_example_profile_json() -> None:
    result = runner.invoke(app, ["due", EXAMPLE, "--today", "2026-02-10", "--json"])
    payload = json.loads(result.stdout)
    assert payload["applies"] is True
    assert payload["growth_rule"]["absolute"] == 1_000_000
    first = payload["required"][0]
    assert (first["situation"], first["overdue"], first["due"]) == (3, True, "2025-08-11")
    assert first["articles"] == ["sa-2018:art3.3", "sa-2018:art7"]
    assert set(first["reason"]) == {"zh", "en"}


def test_due_growth_rule_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(triggers.GROWTH_RULE_ENV, '{"absolute": 5000000}')
    payload = json.loads(
        runner.invoke(app, ["due", EXAMPLE, "--today", "2026-02-10", "--json"]).stdout
    )
    assert 3 not in {item["situation"] for item in payload["required"]}


def test_due_bad_growth_rule_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(triggers.GROWTH_RULE_ENV, "not json")
    result = runner.invoke(app, ["due", EXAMPLE])
    assert result.exit_code == 2
    assert "invalid growth rule" in result.stderr


def test_due_not_applicable_service_exits_0_with_reason(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: 天气查询\nkinds: [other]\nevents: {went_online: 2025-03-01}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["due", str(profile), "--today", "2025-06-01"])
    assert result.exit_code == 0
    assert result.stdout.startswith("不属于第二条")


def test_due_unknown_kind_exits_2(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: x\nkinds: [bbs]\n", encoding="utf-8")
    result = runner.invoke(app, ["due", str(profile)])
    assert result.exit_code == 2
    assert "unknown service kind 'bbs'" in result.stderr
    assert "Traceback" not in result.output


def test_due_malformed_yaml_exits_2(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: [x\n", encoding="utf-8")
    result = runner.invoke(app, ["due", str(profile)])
    assert result.exit_code == 2
    assert result.stderr.startswith("档案无效 / invalid profile")


def test_due_missing_file_exits_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["due", str(tmp_path / "none.yaml")]).exit_code == 2


def test_due_bad_today_exits_2() -> None:
    result = runner.invoke(app, ["due", EXAMPLE, "--today", "2026-13-01"])
    assert result.exit_code == 2
    assert "日期无效" in result.stderr
