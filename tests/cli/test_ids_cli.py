"""`anping id check …`: exit codes, bilingual reasons, and masking of personal data."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from anping.cli import app

runner = CliRunner()

ID_NUMBER = "11010519491231002X"


def test_id_check_valid_exits_0_and_masks_value() -> None:
    result = runner.invoke(app, ["id", "check", ID_NUMBER.lower()])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["resident_id 1101**********002X", "有效", "valid"]
    assert ID_NUMBER not in result.stdout


def test_id_check_show_prints_normalised_value() -> None:
    result = runner.invoke(app, ["id", "check", ID_NUMBER.lower(), "--show"])
    assert ID_NUMBER in result.stdout


def test_id_check_invalid_exits_1_with_chinese_then_english_reason() -> None:
    result = runner.invoke(app, ["id", "check", "110105194912310021"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == ["resident_id", "校验码不符，应为“X”", "check character mismatch: expected X"]
    assert "110105194912310021" not in result.stdout


def test_id_check_kind_option_forces_kind() -> None:
    result = runner.invoke(app, ["id", "check", "13800138000", "--kind", "credit_code"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "credit_code"


def test_id_check_unknown_kind_option_is_usage_error() -> None:
    result = runner.invoke(app, ["id", "check", "13800138000", "--kind", "passport"])
    assert result.exit_code == 2


def test_id_check_mobile_masked() -> None:
    result = runner.invoke(app, ["id", "check", "+86 138 0013 8000"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "mobile +86138****8000"


@pytest.mark.parametrize(
    ("show", "normalised"), [(False, "9111**********341L"), (True, "91110000600037341L")]
)
def test_id_check_json(show: bool, normalised: str) -> None:
    args = ["id", "check", "91110000600037341l", "--json", *(["--show"] if show else [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload == {
        "kind": "credit_code",
        "valid": True,
        "reason": {"code": "ok", "zh": "有效", "en": "valid"},
        "normalised": normalised,
        "masked": not show,
    }


def test_id_check_json_invalid_has_no_value() -> None:
    result = runner.invoke(app, ["id", "check", "hello", "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["kind"] is None
    assert payload["normalised"] is None
    assert payload["reason"]["code"] == "unknown_kind"
