"""The catalog engine: loading, lookups, applicability, search, back-references and checks.

Most tests run on the small fixture catalogs in `fixtures/catalogs/` (with their sources in
`fixtures/sources/`), so they pin behaviour independently of the real catalogs' content. The tests
at the end run over the shipped catalogs and skip while one of them is absent.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from anping.law import catalog as engine
from anping.law.catalog import (
    ArticleRef,
    CatalogError,
    CatalogRef,
    Catalogs,
    ItemRef,
    PointRef,
    UnknownRef,
)
from anping.law.catalog_schema import Catalog

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CATALOGS = FIXTURES / "catalogs"

#: Articles per shipped catalog (app-pi-2019: categories).
REAL_ARTICLE_COUNTS = {
    "sa-2018": 17,
    "mps-insp-2018d": 31,
    "pa-2017": 18,
    "pa-2020d": 22,
    "app-pi-2019": 6,
}


@pytest.fixture(scope="module")
def fx() -> Catalogs:
    return engine.load([FIXTURE_CATALOGS])


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A writable copy of the fixture catalogs and sources; returns its catalogs directory."""
    shutil.copytree(FIXTURES / "catalogs", tmp_path / "catalogs")
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    return tmp_path / "catalogs"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- loading ------------------------------------------------------------------------------------


def test_load_reads_every_fixture_in_name_order(fx: Catalogs) -> None:
    assert fx.ids == ["fx-2010", "fx-2018", "fx-2020d", "fxc-2019"]
    assert len(fx) == 4
    assert "fx-2018" in fx
    assert isinstance(fx["fx-2018"], Catalog)
    assert fx.path("fx-2018") == FIXTURE_CATALOGS / "fx-2018.yaml"
    assert fx.source_path("fx-2018") == FIXTURES / "sources" / "fx-2018.zh.txt"
    assert fx.source_path("fx-2020d") is None


def test_unknown_catalog_by_index_names_the_known_ones(fx: Catalogs) -> None:
    with pytest.raises(UnknownRef, match=r"unknown catalog 'nope'; known: fx-2010, fx-2018"):
        fx["nope"]


def test_load_all_is_cached_and_can_be_cleared() -> None:
    first = engine.load_all(FIXTURE_CATALOGS)
    assert engine.load_all(FIXTURE_CATALOGS) is first
    engine.clear_cache()
    assert engine.load_all(FIXTURE_CATALOGS) is not first


def test_load_all_adds_the_extra_dir_to_the_shipped_catalogs() -> None:
    catalogs = engine.load_all(FIXTURE_CATALOGS)
    assert {"fx-2018", "fxc-2019"} <= set(catalogs.ids)
    shipped = sorted(p.stem for p in engine.CATALOG_DIR.glob("*.yaml"))
    assert set(shipped) <= set(catalogs.ids)


def test_counts(fx: Catalogs) -> None:
    assert engine.counts(fx["fx-2018"]) == {"articles": 3, "items": 3, "points": 3, "annexes": 1}


# --- get ----------------------------------------------------------------------------------------


def test_get_point_by_urn_carries_urn_and_status(fx: Catalogs) -> None:
    ref = fx.get("urn:anping:fx-2018:art2.complaints")
    assert isinstance(ref, PointRef)
    assert ref.kind == "point"
    assert ref.urn == "urn:anping:fx-2018:art2.complaints"
    assert ref.cite == "fx-2018:art2.complaints"
    assert (ref.status, ref.effective, ref.superseded_on) == (
        "in-force",
        dt.date(2018, 11, 30),
        None,
    )
    assert ref.point.title.en == "Complaints channel"
    assert ref.article.n == 2


def test_get_article_and_catalog(fx: Catalogs) -> None:
    article = fx.get("urn:anping:fx-2018:art2")
    assert isinstance(article, ArticleRef)
    assert article.label.zh == "第二条"
    assert article.label.en == "Art. 2"
    whole = fx.get("urn:anping:fx-2018")
    assert isinstance(whole, CatalogRef)
    assert whole.local_id == ""
    assert whole.cite == "fx-2018"
    assert fx.get("fx-2018") == whole


def test_get_accepts_the_short_cite_form(fx: Catalogs) -> None:
    assert fx.get("fx-2018:art2.2") == fx.get("urn:anping:fx-2018:art2.2")


def test_get_accepts_bare_numbers_for_the_catalogs_unit(fx: Catalogs) -> None:
    assert fx.get("fx-2018:2").urn == "urn:anping:fx-2018:art2"
    assert fx.get("fxc-2019:1").urn == "urn:anping:fxc-2019:cat1"
    assert fx.get("fxc-2019:1.2", prefer="item").urn == "urn:anping:fxc-2019:cat1.2"


def test_a_point_wins_over_an_item_with_the_same_id(fx: Catalogs) -> None:
    point = fx.get("fx-2018:art2.1")
    assert isinstance(point, PointRef)
    item = fx.get("fx-2018:art2.1", prefer="item")
    assert isinstance(item, ItemRef)
    assert item.urn == point.urn
    assert item.item.summary_en.startswith("Real-name verification")
    assert item.label.zh == "第二条第（一）项"
    assert item.label.en == "Art. 2(1)"


def test_an_item_without_a_point_resolves_as_item(fx: Catalogs) -> None:
    ref = fx.get("fx-2018:art2.3")
    assert isinstance(ref, ItemRef)
    assert ref.item.n == 3
    assert fx.get("fx-2018:art2.complaints", prefer="item").kind == "point"


def test_category_labels(fx: Catalogs) -> None:
    assert fx.get("fxc-2019:cat1").label.zh == "第一类"
    assert fx.get("fxc-2019:cat1.2").label.en == "Category 1 item 2"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("nope:art1", r"'nope:art1': unknown catalog 'nope'; known: fx-2010"),
        ("fx-2018:art9", r"no article, item or point 'art9' in fx-2018"),
        ("fx-2018:art2.9", r"'art2.9'"),
        ("urn:anping:fx-2018:cat1", r"'cat1' in fx-2018"),
    ],
)
def test_get_unknown_says_what_is_missing(fx: Catalogs, ref: str, message: str) -> None:
    with pytest.raises(UnknownRef, match=message):
        fx.get(ref)
    assert fx.resolve(ref) is None


def test_to_dict_is_json_ready(fx: Catalogs) -> None:
    data = fx.get("fx-2018:art2.2").to_dict()
    assert data["kind"] == "point"
    assert data["urn"] == "urn:anping:fx-2018:art2.2"
    assert data["effective"] == "2018-11-30"
    assert data["point"]["applies_to"] == ["forum", "comments"]
    assert data["label"] == {"zh": "发布记录留存", "en": "Retention of published content"}
    assert fx.catalog_ref("fx-2018").to_dict()["counts"]["points"] == 3
    assert fx.get("fx-2018:art3").to_dict()["article"]["liabilities"][0]["law_article"] == 59
    assert fx.get("fx-2018:art2.3").to_dict()["item"]["n"] == 3


def test_listing_helpers(fx: Catalogs) -> None:
    assert [a.local_id for a in fx.articles("fx-2018")] == ["art1", "art2", "art3"]
    assert [i.local_id for i in fx.items("fxc-2019")] == ["cat1.1", "cat1.2"]
    assert [p.local_id for p in fx.points("fx-2018")] == ["art2.1", "art2.2", "art2.complaints"]
    assert len(fx.points()) == 6


# --- points_for ---------------------------------------------------------------------------------


def _cites(refs: list[PointRef]) -> list[str]:
    return [ref.cite for ref in refs]


def test_points_for_matches_all_kinds_and_features(fx: Catalogs) -> None:
    found = fx.points_for(["forum"], ["comments"], dt.date(2020, 1, 1))
    # fx-2018 is in force: art2.1 (all), art2.2 (forum); not art2.complaints (live streaming).
    # fx-2010 was superseded on 2019-01-01; fxc-2019's point needs the app feature.
    assert _cites(found) == ["fx-2018:art2.1", "fx-2018:art2.2"]


def test_points_for_any_entry_matches(fx: Catalogs) -> None:
    assert "fx-2018:art2.complaints" in _cites(
        fx.points_for([], ["messaging"], dt.date(2020, 1, 1))
    )
    assert "fxc-2019:cat1.1" in _cites(fx.points_for(["blog"], ["app"], dt.date(2020, 1, 1)))


def test_points_for_before_the_effective_date_excludes_the_regulation(fx: Catalogs) -> None:
    found = fx.points_for(["forum"], [], dt.date(2018, 11, 29))
    assert _cites(found) == ["fx-2010:art1.old"]
    assert "fx-2018:art2.1" in _cites(fx.points_for(["forum"], [], dt.date(2018, 11, 30)))


def test_points_for_superseded_regulation_only_before_it_was_superseded(fx: Catalogs) -> None:
    assert "fx-2010:art1.old" in _cites(fx.points_for(["forum"], [], dt.date(2018, 12, 31)))
    assert "fx-2010:art1.old" not in _cites(fx.points_for(["forum"], [], dt.date(2019, 1, 1)))
    assert "fx-2010:art1.old" not in _cites(fx.points_for(["forum"], [], dt.date(2009, 12, 31)))


def test_points_for_drafts_only_on_request(fx: Catalogs) -> None:
    day = dt.date(2025, 1, 1)
    assert "fx-2020d:art1.accounts" not in _cites(fx.points_for([], ["accounts"], day))
    with_drafts = fx.points_for([], ["accounts"], day, include_drafts=True)
    assert "fx-2020d:art1.accounts" in _cites(with_drafts)
    assert all(ref.status == "draft" for ref in with_drafts if ref.catalog_id == "fx-2020d")


def test_points_for_defaults_to_today(fx: Catalogs) -> None:
    assert fx.points_for(["forum"]) == fx.points_for(["forum"], [], dt.date.today())


def test_points_for_refuses_unknown_kinds_and_features(fx: Catalogs) -> None:
    with pytest.raises(ValueError, match=r"unknown kinds \['fourm'\]"):
        fx.points_for(["fourm"], [])
    with pytest.raises(ValueError, match=r"features \['comment'\]"):
        fx.points_for([], ["comment"])


def test_in_force_on() -> None:
    catalog = engine.load([FIXTURE_CATALOGS])["fx-2020d"]
    assert not engine.in_force_on(catalog, dt.date(2030, 1, 1))


# --- search -------------------------------------------------------------------------------------


def test_search_chinese_needs_no_spaces(fx: Catalogs) -> None:
    hits = fx.search("身份核验")
    assert hits
    assert hits[0].urn == "urn:anping:fx-2018:art2.1"
    assert hits[0].field == "title.zh"


def test_search_words_are_anded(fx: Catalogs) -> None:
    both = {h.ref.cite for h in fx.search("投诉 举报")}
    assert "fx-2018:art2.complaints" in both
    assert fx.search("投诉 隐私政策") == []


def test_search_titles_rank_above_bodies(fx: Catalogs) -> None:
    hits = fx.search("留存")
    kinds = [(h.ref.cite, h.ref.kind, h.field) for h in hits]
    assert kinds[0] == ("fx-2018:art2.2", "point", "title.zh")
    assert {h.field for h in hits[1:]} <= {"question.zh", "text_zh", "typical_evidence.zh"}
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_search_english_is_case_blind_and_snippets_keep_the_original(fx: Catalogs) -> None:
    hits = fx.search("PRIVACY policy")
    assert hits[0].ref.cite == "fxc-2019:cat1.1"
    assert hits[0].snippet == "A privacy policy"


def test_search_folds_full_width_and_keeps_original_punctuation(fx: Catalogs) -> None:
    hits = fx.search("(一)")  # half-width query, full-width （一） in the text
    assert any(h.ref.cite == "fx-2018:art2" for h in hits)
    snippet = next(h.snippet for h in hits if h.ref.cite == "fx-2018:art2")
    assert "（一）" in snippet


def test_search_matches_chinese_across_line_breaks(tmp_path: Path, workdir: Path) -> None:
    _edit(
        workdir / "fx-2018.yaml",
        "summary_en: States the purpose",
        "summary_en: |-\n      States the\n      purpose",
    )
    catalogs = engine.load([workdir])
    assert any(h.ref.cite == "fx-2018:art1" for h in catalogs.search("the purpose"))
    assert any(h.ref.cite == "fx-2018:art2" for h in catalogs.search("内容：（一）用户"))


def test_search_hits_carry_urn_status_effective(fx: Catalogs) -> None:
    hit = fx.search("账号核验")[0]
    assert (hit.urn, hit.status, hit.effective) == (
        "urn:anping:fx-2020d:art1.accounts",
        "draft",
        None,
    )
    data = hit.to_dict()
    assert data["snippet"] == "账号核验"
    assert data["score"] == hit.score


def test_search_of_nothing(fx: Catalogs) -> None:
    assert fx.search("") == []
    assert fx.search([]) == []
    assert fx.search("不存在的词") == []


def test_search_limit(fx: Catalogs) -> None:
    assert len(fx.search("留存", limit=1)) == 1


def test_search_finds_catalog_titles(fx: Catalogs) -> None:
    assert fx.search("测试评估规定")[0].ref.kind == "catalog"


# --- cited_by -----------------------------------------------------------------------------------


def test_cited_by_a_point(fx: Catalogs) -> None:
    assert _cites(fx.cited_by("fx-2018:art2.1")) == ["fx-2018:art2.2", "fx-2020d:art1.accounts"]
    assert _cites(fx.cited_by(fx.get("fx-2020d:art1.accounts"))) == ["fx-2018:art2.1"]


def test_cited_by_an_article_and_within(fx: Catalogs) -> None:
    assert _cites(fx.cited_by("fx-2018:art2")) == ["fx-2020d:art1.accounts"]
    within = _cites(fx.cited_by("fx-2018:art2", within=True))
    assert within == ["fx-2018:art2.2", "fx-2020d:art1.accounts"]
    assert _cites(fx.cited_by("fx-2018", within=True)) == within


def test_cited_by_nothing(fx: Catalogs) -> None:
    assert fx.cited_by("fx-2010:art1.old") == []


# --- check and load failures --------------------------------------------------------------------


def test_fixtures_are_clean() -> None:
    assert engine.check_dirs([FIXTURE_CATALOGS]) == []


def test_dangling_cite_is_an_error_naming_file_and_point(workdir: Path) -> None:
    _edit(workdir / "fx-2018.yaml", "fx-2020d:art1]", "fx-2020d:art7]")
    with pytest.raises(CatalogError) as raised:
        engine.load([workdir])
    (problem,) = raised.value.problems
    assert problem.file.endswith("fx-2018.yaml")
    assert problem.where == "art2.2"
    assert "fx-2020d:art7" in problem.message
    assert "fx-2018.yaml [art2.2]: cites unknown target 'fx-2020d:art7'" in str(raised.value)
    assert [p.code for p in engine.check_dirs([workdir])] == ["cite"]


def test_cite_into_a_missing_catalog(workdir: Path) -> None:
    (workdir / "fxc-2019.yaml").unlink()
    problems = engine.check_dirs([workdir])
    assert [(p.where, p.code) for p in problems] == [("art1.accounts", "cite")]


def test_schema_error_is_reported_with_its_place(workdir: Path) -> None:
    _edit(workdir / "fx-2010.yaml", "status: superseded", "status: repealed")
    with pytest.raises(CatalogError, match="status"):
        engine.load([workdir])
    problems = engine.check_dirs([workdir])
    assert [(p.file.endswith("fx-2010.yaml"), p.where, p.code) for p in problems] == [
        (True, "status", "schema")
    ]


def test_not_yaml(workdir: Path) -> None:
    (workdir / "fx-2010.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert [p.code for p in engine.check_dirs([workdir])] == ["schema"]


def test_file_name_must_match_id(workdir: Path) -> None:
    shutil.copy(workdir / "fx-2010.yaml", workdir / "fx-2011.yaml")
    problems = engine.check_dirs([workdir])
    assert [(p.where, p.code) for p in problems] == [("id", "schema"), ("id", "duplicate")]


def test_verbatim_mismatch(workdir: Path) -> None:
    _edit(workdir / "fx-2018.yaml", "text_zh: 建立投诉、举报制度。", "text_zh: 建立投诉制度。")
    problems = engine.check_dirs([workdir])
    assert [(p.where, p.code) for p in problems] == [("art2.3", "verbatim")]
    assert "fx-2018.zh.txt" in problems[0].message


def test_verbatim_ignores_whitespace(workdir: Path) -> None:
    _edit(
        workdir / "fx-2018.yaml",
        "为规范测试服务的安全评估，",
        "为规范测试服务的\n      安全评估， ",
    )
    assert engine.check_dirs([workdir]) == []


def test_missing_source_file(workdir: Path) -> None:
    (workdir.parent / "sources" / "fxc-2019.zh.txt").unlink()
    problems = engine.check_dirs([workdir])
    assert [(p.where, p.code) for p in problems] == [("source", "source")]


def test_chinese_text_without_a_source(workdir: Path) -> None:
    _edit(workdir / "fx-2020d.yaml", "  - n: 1\n", "  - n: 1\n    text_zh: 账号应当核验。\n")
    problems = engine.check_dirs([workdir])
    assert [(p.where, p.code) for p in problems] == [("art1", "source")]


def test_annex_text_is_checked_too(workdir: Path) -> None:
    _edit(workdir / "fxc-2019.yaml", "      测试认定方法\n", "      另一个方法\n")
    assert [p.where for p in engine.check_dirs([workdir])] == ["annex notice"]


def test_point_needs_both_languages(workdir: Path) -> None:
    _edit(
        workdir / "fx-2010.yaml",
        "title: {zh: 旧义务, en: Old duty}",
        "title: {zh: Old duty, en: 旧义务}",
    )
    problems = engine.check_dirs([workdir])
    assert [(p.where, p.code) for p in problems] == [("art1.old.title", "language")]
    assert "no Chinese" in problems[0].message


def test_problem_str() -> None:
    problem = engine.Problem("a.yaml", "art1", "broken", "cite")
    assert str(problem) == "a.yaml [art1]: broken (cite)"
    assert str(engine.Problem("a.yaml", "", "broken", "schema")) == "a.yaml: broken (schema)"


def test_missing_directory_is_empty() -> None:
    assert len(engine.load([FIXTURES / "no-such-dir"])) == 0


# --- small pure functions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "zh"),
    [(1, "一"), (10, "十"), (11, "十一"), (17, "十七"), (20, "二十"), (31, "三十一"), (100, "100")],
)
def test_zh_numeral(n: int, zh: str) -> None:
    assert engine.zh_numeral(n) == zh


def test_normalise_and_squash() -> None:
    assert engine.normalise("  Ａｐｐ\n  Privacy ") == "app privacy"
    assert engine.squash("第一条 为\n  规范") == "第一条为规范"


@given(
    catalog_id=st.from_regex(r"[a-z]{1,5}(-[a-z0-9]{1,5}){1,2}", fullmatch=True),
    local=st.from_regex(r"(art|cat)[0-9]{1,2}(\.[a-z0-9-]{1,8}){0,2}", fullmatch=True),
)
def test_urn_and_parse_ref_round_trip(catalog_id: str, local: str) -> None:
    assert engine.parse_ref(engine.urn(catalog_id, local)) == (catalog_id, local)
    assert engine.parse_ref(f"{catalog_id}:{local}") == (catalog_id, local)
    assert engine.parse_ref(engine.urn(catalog_id)) == (catalog_id, "")


# --- the shipped catalogs -----------------------------------------------------------------------


def _require_real(catalog_id: str | None = None) -> None:
    wanted = [catalog_id] if catalog_id else list(REAL_ARTICLE_COUNTS)
    missing = [c for c in wanted if not (engine.CATALOG_DIR / f"{c}.yaml").is_file()]
    if missing:
        pytest.skip(f"real catalogs not written yet: {', '.join(missing)}")


@pytest.mark.parametrize("catalog_id", REAL_ARTICLE_COUNTS)
def test_real_catalog_validates_against_the_schema(catalog_id: str) -> None:
    _require_real(catalog_id)
    path = engine.CATALOG_DIR / f"{catalog_id}.yaml"
    catalog = Catalog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert catalog.id == catalog_id


@pytest.mark.parametrize(("catalog_id", "count"), REAL_ARTICLE_COUNTS.items())
def test_real_catalog_article_counts(catalog_id: str, count: int) -> None:
    _require_real()
    catalog = engine.load_all()[catalog_id]
    assert [a.n for a in catalog.articles] == list(range(1, count + 1))


def test_real_app_pi_has_six_categories_and_31_items() -> None:
    _require_real()
    catalog = engine.load_all()["app-pi-2019"]
    assert catalog.unit == "category"
    assert [len(a.items) for a in catalog.articles] == [4, 4, 9, 6, 3, 5]
    assert sum(len(a.items) for a in catalog.articles) == 31


def test_real_cites_all_resolve() -> None:
    _require_real()
    catalogs = engine.load_all()  # raises CatalogError on a dangling cite
    assert catalogs.cite_problems() == []
    for ref in catalogs.points():
        for target in ref.point.cites:
            assert catalogs.resolve(target) is not None, f"{ref.cite} cites {target}"


def test_real_points_have_both_languages() -> None:
    _require_real()
    assert engine.load_all().language_problems() == []


def test_real_chinese_is_verbatim_in_the_sources() -> None:
    _require_real()
    assert engine.load_all().verbatim_problems() == []


def test_real_check_is_clean() -> None:
    _require_real()
    assert engine.check() == []


def test_real_module_level_api() -> None:
    _require_real()
    assert isinstance(engine.get("urn:anping:sa-2018:art5.3"), PointRef)
    assert isinstance(engine.get("sa-2018:art5.3", prefer="item"), ItemRef)
    assert engine.get("urn:anping:sa-2018:art5").kind == "article"
    found = engine.points_for(["forum"], ["comments"], dt.date(2026, 1, 1))
    assert found
    assert all(ref.status == "in-force" for ref in found)
    assert engine.search("日志 留存")
    assert engine.cited_by("sa-2018:art5.3")
