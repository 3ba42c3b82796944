"""OSCAL export: valid against NIST's schema, semantically sound, reproducible and lossless."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from anping.law import catalog as engine
from anping.law import oscal
from anping.law.catalog import Catalogs
from anping.law.catalog_schema import Catalog
from anping.law.oscal_checks import semantic_problems

HERE = Path(__file__).parent
SCHEMA_PATH = HERE / "oscal" / "oscal_complete_schema.json"
FIXTURE_CATALOGS = HERE / "fixtures" / "catalogs"
REAL_IDS = ("sa-2018", "mps-insp-2018d", "pa-2017", "pa-2020d", "app-pi-2019")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def complete_validator(schema: dict[str, Any]) -> Any:
    """NIST's complete schema as published: any OSCAL model (a `oneOf` over the roots)."""
    return jsonschema_rs.validator_for(schema, validate_formats=True)


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Any:
    """The same schema's catalog branch on its own, for error messages that name the field
    (through the `oneOf`, every error is just "not valid under any of the schemas")."""
    (branch,) = [b for b in schema["oneOf"] if "catalog" in b["required"]]
    catalog_only = {key: value for key, value in schema.items() if key != "oneOf"} | branch
    return jsonschema_rs.validator_for(catalog_only, validate_formats=True)


@pytest.fixture(scope="module")
def fx() -> Catalogs:
    return engine.load([FIXTURE_CATALOGS])


def _schema_errors(validator: Any, document: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.instance_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def _by_id(document: dict[str, Any], wanted: str) -> dict[str, Any]:
    return next(obj for obj in _walk(document) if obj.get("id") == wanted)


# --- the vendored schema ------------------------------------------------------------------------


def test_vendored_schema_is_oscal_1_2_and_matches_our_version(schema: dict[str, Any]) -> None:
    assert (
        schema["$id"]
        == f"http://csrc.nist.gov/ns/oscal/1.0/{oscal.OSCAL_VERSION}/oscal-complete-schema.json"
    )
    assert oscal.OSCAL_VERSION.startswith("1.2.")


def test_validator_rejects_broken_documents(
    validator: Any, complete_validator: Any, fx: Catalogs
) -> None:
    document = oscal.to_oscal(fx["fx-2018"], fx)
    assert _schema_errors(validator, document) == []
    broken = copy.deepcopy(document)
    broken["catalog"]["groups"][0]["controls"][0]["id"] = "art 1"
    broken["catalog"]["metadata"]["last-modified"] = "2026-01-01"
    errors = _schema_errors(validator, broken)
    assert any(e.startswith("catalog/groups/0") for e in errors)  # the id, through anyOf
    assert any(e.startswith("catalog/metadata/last-modified:") for e in errors)
    assert complete_validator.is_valid(document)
    assert not complete_validator.is_valid(broken)


# --- fixtures: validity, determinism, mapping ---------------------------------------------------


@pytest.mark.parametrize("catalog_id", ["fx-2010", "fx-2018", "fx-2020d", "fxc-2019"])
def test_fixture_export_is_valid_sound_and_lossless(
    validator: Any, complete_validator: Any, fx: Catalogs, catalog_id: str
) -> None:
    catalog = fx[catalog_id]
    document = oscal.to_oscal(catalog, fx)
    assert _schema_errors(validator, document) == []
    assert complete_validator.is_valid(document)
    assert semantic_problems(document, catalog_id) == []
    assert oscal.from_oscal(json.loads(oscal.dumps(document))) == catalog
    assert oscal.from_oscal(oscal.to_oscal(catalog)) == catalog  # without the other catalogs


def test_export_is_deterministic(fx: Catalogs) -> None:
    first = oscal.dumps(oscal.to_oscal(fx["fx-2018"], fx))
    assert oscal.dumps(oscal.to_oscal(fx["fx-2018"], fx)) == first
    document = json.loads(first)
    expected = uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, oscal.ANPING_NS), "catalog/fx-2018")
    assert document["catalog"]["uuid"] == str(expected)


def test_metadata(fx: Catalogs) -> None:
    meta = oscal.to_oscal(fx["fx-2018"])["catalog"]["metadata"]
    assert meta["title"] == "测试评估规定"
    assert meta["oscal-version"] == oscal.OSCAL_VERSION
    assert meta["last-modified"] == oscal.CATALOG_EDITION.isoformat()
    assert meta["version"]
    props = {(p["name"], p["value"]) for p in meta["props"]}
    assert {("catalog-id", "fx-2018"), ("title-en", "Test Assessment Provisions")} <= props
    assert {("status", "in-force"), ("effective", "2018-11-30"), ("issuer", "CAC")} <= props
    assert all(p["ns"] == oscal.ANPING_NS for p in meta["props"])
    when = dt.datetime(2027, 5, 1, 9, 30, tzinfo=dt.UTC)
    assert oscal.to_oscal(fx["fx-2018"], last_modified=when)["catalog"]["metadata"][
        "last-modified"
    ] == ("2027-05-01T09:30:00+00:00")
    with pytest.raises(ValueError, match="timezone"):
        oscal.to_oscal(fx["fx-2018"], last_modified=dt.datetime(2027, 5, 1))


def test_source_note_is_the_remarks(fx: Catalogs) -> None:
    assert (
        oscal.to_oscal(fx["fx-2020d"])["catalog"]["metadata"]["remarks"]
        == "Only an English seed is held."
    )


def test_chapters_become_groups_and_flat_catalogs_have_controls(fx: Catalogs) -> None:
    body = oscal.to_oscal(fx["fx-2018"])["catalog"]
    chapters = [g for g in body["groups"] if g["class"] == "chapter"]
    assert [(g["id"], g["title"]) for g in chapters] == [
        ("ch1", "第一章 总则"),
        ("ch2", "第二章 附则"),
    ]
    assert [c["id"] for c in chapters[0]["controls"]] == ["art1", "art2"]
    assert chapters[0]["parts"][0]["prose"] == "Chapter I: General"
    assert "controls" not in body
    flat = oscal.to_oscal(fx["fx-2020d"])["catalog"]
    assert [c["id"] for c in flat["controls"]] == ["art1"]
    assert "groups" not in flat


def test_unchaptered_articles_in_a_chaptered_catalog(fx: Catalogs) -> None:
    catalog = fx["fx-2018"]
    first = catalog.articles[0].model_copy(update={"chapter": None})
    changed = catalog.model_copy(update={"articles": (first, *catalog.articles[1:])})
    document = oscal.to_oscal(changed)
    assert [g["class"] for g in document["catalog"]["groups"]] == [
        "unchaptered",
        "chapter",
        "chapter",
        "annexes",
    ]
    assert oscal.from_oscal(document) == changed


def test_article_control_keeps_chinese_in_the_statement(fx: Catalogs) -> None:
    document = oscal.to_oscal(fx["fx-2018"])
    control = _by_id(document, "art2")
    assert control["title"] == "第二条"
    assert control["class"] == "article"
    assert {"name": "label", "value": "第二条"} in control["props"]
    statement = control["parts"][0]
    assert (statement["id"], statement["name"]) == ("art2_smt", "statement")
    assert "ns" not in statement
    assert statement["prose"] == fx["fx-2018"].articles[1].text_zh
    item = statement["parts"][2]
    assert (item["id"], item["name"], item["prose"]) == (
        "art2_smt-3",
        "item",
        "建立投诉、举报制度。",
    )
    assert item["props"] == [{"name": "label", "value": "（三）"}]
    assert item["parts"][0]["name"] == "summary-en"
    assert item["parts"][0]["ns"] == oscal.ANPING_NS
    summary = _by_id(document, "art2_summary-en")
    assert summary["prose"].endswith("Second line of the summary, kept verbatim.")


def test_points_are_assessment_objectives_with_ascii_ids(fx: Catalogs) -> None:
    document = oscal.to_oscal(fx["fx-2018"])
    point = _by_id(document, "art2-complaints")
    assert point["name"] == "assessment-objective"
    assert point["title"] == "投诉举报渠道"
    assert point["prose"] == "是否公布投诉、举报方式并及时处理？"
    props = [(p["name"], p["value"]) for p in point["props"]]
    assert props == [
        ("point-id", "art2.complaints"),
        ("applies-to", "live_streaming"),
        ("applies-to", "messaging"),
        ("checklist-kind", "service_type"),
        ("checklist-service-type", "information_service"),
        ("checklist-service-type", "access"),
    ]
    names = [p["name"] for p in point["parts"]]
    assert names == ["title-en", "question-en", "evidence", "evidence-en"]
    assert _by_id(document, "art2-1")["name"] == "assessment-objective"
    assert _by_id(document, "art2_smt-1")["name"] == "item"


def test_category_controls(fx: Catalogs) -> None:
    control = _by_id(oscal.to_oscal(fx["fxc-2019"]), "cat1")
    assert (control["class"], control["title"]) == ("category", "第一类")
    assert control["parts"][0]["parts"][1]["props"] == [{"name": "label", "value": "2."}]


def test_same_catalog_cites_are_internal_related_links(fx: Catalogs) -> None:
    document = oscal.to_oscal(fx["fx-2018"], fx)
    links = _by_id(document, "art2-2")["links"]
    assert links[0] == {"href": "#art2-1", "rel": "related"}  # the point, not item (一)
    assert links[1] == {"href": "#art2_smt-3", "rel": "related"}  # an item with no point


def test_cross_catalog_cites_are_back_matter_resources(fx: Catalogs) -> None:
    document = oscal.to_oscal(fx["fx-2018"], fx)
    link = _by_id(document, "art2-2")["links"][2]
    assert link["rel"] == "reference"
    resources = document["catalog"]["back-matter"]["resources"]
    resource = next(r for r in resources if f"#{r['uuid']}" == link["href"])
    assert resource["props"] == [{"name": "cite", "ns": oscal.ANPING_NS, "value": "fx-2020d:art1"}]
    assert resource["rlinks"] == [
        {"href": "urn:anping:fx-2020d:art1"},
        {"href": "fx-2020d.oscal.json#art1", "media-type": oscal.MEDIA_TYPE},
    ]
    assert resource["title"] == "fx-2020d:art1 第一条"
    point_target = next(r for r in resources if r["props"][0]["value"] == "fx-2020d:art1.accounts")
    assert point_target["rlinks"][1]["href"] == "fx-2020d.oscal.json#art1-accounts"


def test_cross_catalog_resource_without_the_other_catalogs(fx: Catalogs) -> None:
    resources = oscal.to_oscal(fx["fx-2018"])["catalog"]["back-matter"]["resources"]
    assert all(len(r["rlinks"]) == 1 for r in resources)


def test_liabilities_and_annexes(fx: Catalogs) -> None:
    document = oscal.to_oscal(fx["fx-2018"])
    liability = _by_id(document, "art3_liability-1")
    assert liability["ns"] == oscal.ANPING_NS
    assert [(p["name"], p["value"]) for p in liability["props"]] == [
        ("law", "csl-2016"),
        ("law-article", "59"),
    ]
    annexes = document["catalog"]["groups"][-1]
    assert (annexes["id"], annexes["class"]) == ("annexes", "annexes")
    annex = annexes["parts"][0]
    assert (annex["id"], annex["title"]) == ("annex-1", "评估报告样式")
    assert annex["props"][0]["value"] == "model-report"


# --- refusals -----------------------------------------------------------------------------------


def _catalog_with_points(*ids: str) -> Catalog:
    point = {
        "title": {"zh": "标题", "en": "Title"},
        "question": {"zh": "问题？", "en": "Question?"},
        "typical_evidence": {"zh": "证据", "en": "Evidence"},
    }
    return Catalog.model_validate(
        {
            "id": "zz-2000",
            "title": {"zh": "测试", "en": "Test"},
            "issuer": ["CAC"],
            "status": "draft",
            "source_note": "none",
            "articles": [
                {"n": 1, "summary_en": "One.", "points": [{"id": i, **point} for i in ids]}
            ],
        }
    )


def test_colliding_point_ids_are_refused() -> None:
    with pytest.raises(ValueError, match=r"art1.a-b and art1.a.b map to one OSCAL id"):
        oscal.to_oscal(_catalog_with_points("art1.a-b", "art1.a.b"))


def test_a_value_that_cannot_be_a_prop_is_refused() -> None:
    catalog = _catalog_with_points("art1.x")
    changed = catalog.model_copy(
        update={"title": catalog.title.model_copy(update={"en": "Two\nlines"})}
    )
    with pytest.raises(ValueError, match="cannot be an OSCAL prop value"):
        oscal.to_oscal(changed)


def test_from_oscal_refuses_a_dangling_link(fx: Catalogs) -> None:
    document = oscal.to_oscal(fx["fx-2018"])
    _by_id(document, "art2-2")["links"][0]["href"] = "#nowhere"
    with pytest.raises(ValueError, match="resolves to nothing"):
        oscal.from_oscal(document)


def test_from_oscal_accepts_the_inner_catalog_object(fx: Catalogs) -> None:
    assert oscal.from_oscal(oscal.to_oscal(fx["fxc-2019"])["catalog"]) == fx["fxc-2019"]


# --- semantic checks ----------------------------------------------------------------------------


def _problems_after(fx: Catalogs, change: Any) -> list[str]:
    document = oscal.to_oscal(fx["fx-2018"], fx)
    change(document)
    return [p.message for p in semantic_problems(document, "fx")]


def test_semantic_duplicate_id(fx: Catalogs) -> None:
    def change(d: dict[str, Any]) -> None:
        _by_id(d, "art2-2")["id"] = "art2-1"

    messages = _problems_after(fx, change)
    assert any("id 'art2-1' also at" in m for m in messages)


def test_semantic_duplicate_uuid(fx: Catalogs) -> None:
    def change(d: dict[str, Any]) -> None:
        resources = d["catalog"]["back-matter"]["resources"]
        resources[1]["uuid"] = resources[0]["uuid"]

    assert any("uuid" in m and "also at" in m for m in _problems_after(fx, change))


def test_semantic_broken_internal_link(fx: Catalogs) -> None:
    def change(d: dict[str, Any]) -> None:
        _by_id(d, "art2-2")["links"][0]["href"] = "#art9-9"

    assert _problems_after(fx, change) == ["link '#art9-9' resolves to nothing"]


def test_semantic_custom_prop_or_part_without_namespace(fx: Catalogs) -> None:
    def change(d: dict[str, Any]) -> None:
        del _by_id(d, "art2-2")["props"][0]["ns"]
        del _by_id(d, "art2_summary-en")["ns"]

    messages = _problems_after(fx, change)
    assert f"custom prop 'point-id' lacks ns {oscal.ANPING_NS!r}" in messages
    assert f"custom part 'summary-en' lacks ns {oscal.ANPING_NS!r}" in messages


def test_semantic_foreign_namespace_and_non_ascii_id(fx: Catalogs) -> None:
    def change(d: dict[str, Any]) -> None:
        _by_id(d, "art2-2")["props"][0]["ns"] = "https://example.org/ns"
        _by_id(d, "art1")["id"] = "第一条"

    messages = _problems_after(fx, change)
    assert "foreign namespace 'https://example.org/ns'" in messages
    assert "id '第一条' is not an ASCII token" in messages


def test_semantic_problem_carries_the_json_path(fx: Catalogs) -> None:
    document = oscal.to_oscal(fx["fx-2020d"])
    document["catalog"]["controls"][0]["parts"][0]["ns"] = "https://example.org/ns"
    (problem,) = semantic_problems(document, "fx-2020d.oscal.json")
    assert problem.where == "/catalog/controls/0/parts/0"
    assert problem.file == "fx-2020d.oscal.json"
    assert problem.code == "oscal"


# --- export to files ----------------------------------------------------------------------------


def test_export_one_file_per_regulation(tmp_path: Path, fx: Catalogs, validator: Any) -> None:
    written = oscal.export(fx, tmp_path / "out", one_file_per_regulation=True)
    assert [p.name for p in written] == [f"{c}.oscal.json" for c in fx.ids]
    for path in written:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert _schema_errors(validator, document) == []
        assert oscal.from_oscal(document) == fx[path.name.removesuffix(".oscal.json")]
    # reproducible bytes
    again = oscal.export(fx, tmp_path / "again", one_file_per_regulation=True)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]


def test_export_a_single_file(tmp_path: Path, fx: Catalogs) -> None:
    out = tmp_path / "deep" / "one.json"
    assert oscal.export(fx, out, one_file_per_regulation=False, only=["fxc-2019"]) == [out]
    assert oscal.from_oscal(json.loads(out.read_text(encoding="utf-8"))) == fx["fxc-2019"]
    assert "认定方法" in out.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_export_a_single_file_needs_exactly_one_catalog(tmp_path: Path, fx: Catalogs) -> None:
    with pytest.raises(ValueError, match="one file holds one OSCAL catalog; 4 selected"):
        oscal.export(fx, tmp_path / "all.json", one_file_per_regulation=False)


# --- the shipped catalogs -----------------------------------------------------------------------


def _require_real() -> Catalogs:
    missing = [c for c in REAL_IDS if not (engine.CATALOG_DIR / f"{c}.yaml").is_file()]
    if missing:
        pytest.skip(f"real catalogs not written yet: {', '.join(missing)}")
    return engine.load_all()


@pytest.mark.parametrize("catalog_id", REAL_IDS)
def test_real_export_validates_and_round_trips(
    validator: Any, complete_validator: Any, catalog_id: str
) -> None:
    catalogs = _require_real()
    catalog = catalogs[catalog_id]
    document = oscal.to_oscal(catalog, catalogs)
    assert _schema_errors(validator, document) == []
    assert complete_validator.is_valid(document)
    assert semantic_problems(document, catalog_id) == []
    assert oscal.from_oscal(json.loads(oscal.dumps(document))) == catalog


def test_real_cross_links_point_into_sibling_files(tmp_path: Path) -> None:
    catalogs = _require_real()
    written = oscal.export(catalogs, tmp_path, one_file_per_regulation=True)
    documents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in written}
    ids = {name: {o["id"] for o in _walk(doc) if "id" in o} for name, doc in documents.items()}
    for document in documents.values():
        for resource in document["catalog"].get("back-matter", {}).get("resources", []):
            file_link = resource["rlinks"][1]["href"]
            name, _, fragment = file_link.partition("#")
            assert fragment in ids[name], file_link
