"""`anping divisions …`: routing from the command line, without Django."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from anping.cli import app
from anping.law.divisions import TABLE_VERSION

runner = CliRunner()


def test_divisions_route_prints_filing_unit_and_path() -> None:
    result = runner.invoke(app, ["divisions", "route", "440305"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "440300 深圳市"
    assert "广东省 深圳市 南山区" in lines[1]


def test_divisions_route_municipality_district() -> None:
    result = runner.invoke(app, ["divisions", "route", "500157"])
    assert result.stdout.splitlines()[0] == "500000 重庆市"


def test_divisions_route_json() -> None:
    result = runner.invoke(app, ["divisions", "route", "419001", "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["filing_unit"]["code"] == "419001"
    assert payload["filing_unit"]["province_administered"] is True
    assert [item["name"] for item in payload["path"]] == ["河南省", "济源市"]
    assert payload["table_version"] == TABLE_VERSION


@pytest.mark.parametrize("command", ["route", "show"])
def test_divisions_unknown_code_exits_1_with_message(command: str) -> None:
    result = runner.invoke(app, ["divisions", command, "500112"])
    assert result.exit_code == 1
    assert "500112" in result.stderr
    assert TABLE_VERSION in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["route", "show"])
@pytest.mark.parametrize("code", ["44030", "abcdef", "4403051"])
def test_divisions_malformed_code_exits_2(command: str, code: str) -> None:
    result = runner.invoke(app, ["divisions", command, code])
    assert result.exit_code == 2
    assert "six digits" in result.stderr


def test_divisions_search_lists_matches_with_paths() -> None:
    result = runner.invoke(app, ["divisions", "search", "南山"])
    assert result.exit_code == 0
    assert "440305 南山区\t广东省 深圳市 南山区" in result.stdout.splitlines()


def test_divisions_search_json() -> None:
    result = runner.invoke(app, ["divisions", "search", "南山", "--json"])
    payload = json.loads(result.stdout)
    assert {"code": "440305", "path": "广东省 深圳市 南山区"}.items() <= payload[1].items()


def test_divisions_search_without_match_exits_1() -> None:
    result = runner.invoke(app, ["divisions", "search", "不存在的地名"])
    assert result.exit_code == 1
    assert "no match" in result.stderr


def test_divisions_show_prints_level_filing_unit_and_superiors() -> None:
    result = runner.invoke(app, ["divisions", "show", "110105"])
    assert result.exit_code == 0
    assert "110105 朝阳区" in result.stdout
    assert "filing unit (sa-2018 Art. 7): 110000 北京市" in result.stdout
    assert "110000 北京市, 000000 中华人民共和国" in result.stdout


def test_divisions_show_json() -> None:
    result = runner.invoke(app, ["divisions", "show", "440305", "--json"])
    payload = json.loads(result.stdout)
    assert payload["level"] == "county"
    assert payload["filing_unit"]["code"] == "440300"
    assert [item["code"] for item in payload["superiors"]] == ["440000", "000000"]
