"""Content checks for the sa-2018 and mps-insp-2018d catalogs.

Only the schema is used here (the general loader lives in `anping.law.catalog`): each file must
validate, hold every article, quote the official Chinese text verbatim, and cite only targets that
exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import anping.law
from anping.law.catalog_schema import Catalog

LAW_DIR = Path(anping.law.__file__).parent
CATALOG_DIR = LAW_DIR / "catalogs"
SOURCE_DIR = LAW_DIR / "sources"

#: Articles per catalog, and for catalogs owned elsewhere, the units a cite may name.
ARTICLE_COUNTS = {"sa-2018": 17, "mps-insp-2018d": 31}
OTHER_CATALOG_UNITS = {
    "pa-2017": {f"art{n}" for n in range(1, 19)},
    "pa-2020d": {f"art{n}" for n in range(1, 23)},
    # App rules 2019: six categories; items per category in the Chinese text: 4, 4, 9, 6, 3, 5.
    "app-pi-2019": {f"cat{c}" for c in range(1, 7)}
    | {f"cat{c}.{i}" for c, k in enumerate((4, 4, 9, 6, 3, 5), start=1) for i in range(1, k + 1)},
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _raw(catalog_id: str) -> str:
    return (CATALOG_DIR / f"{catalog_id}.yaml").read_text(encoding="utf-8")


def _load(catalog_id: str) -> Catalog:
    return Catalog.model_validate(yaml.safe_load(_raw(catalog_id)))


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    return {cid: _load(cid) for cid in ARTICLE_COUNTS}


@pytest.mark.parametrize(("catalog_id", "count"), ARTICLE_COUNTS.items())
def test_validates_with_every_article(catalog_id: str, count: int) -> None:
    catalog = _load(catalog_id)
    assert catalog.id == catalog_id
    assert [a.n for a in catalog.articles] == list(range(1, count + 1))
    assert all(a.summary_en.strip() for a in catalog.articles)


@pytest.mark.parametrize("catalog_id", ARTICLE_COUNTS)
def test_yaml_style(catalog_id: str) -> None:
    raw = _raw(catalog_id)
    assert "\t" not in raw
    assert not re.search(r"[&*]id\d+", raw), "no YAML anchors/aliases"


def test_sa_2018_quotes_the_official_text_verbatim(catalogs: dict[str, Catalog]) -> None:
    catalog = catalogs["sa-2018"]
    assert catalog.source == "sa-2018.zh.txt"
    source = _squash((SOURCE_DIR / catalog.source).read_text(encoding="utf-8"))
    for article in catalog.articles:
        assert article.text_zh, f"art{article.n} lacks text_zh"
        assert _squash(article.text_zh) in source, f"art{article.n} is not verbatim"
        for item in article.items:
            assert item.text_zh, f"art{article.n}.{item.n} lacks text_zh"
            assert _squash(item.text_zh) in _squash(article.text_zh)
    # The whole body, article by article, reproduces the source (nothing dropped or reordered).
    numerals = "一二三四五六七八九十"
    rebuilt = [
        "第"
        + (numerals[n - 1] if n <= 10 else "十" + numerals[n - 11])
        + "条"
        + _squash(a.text_zh or "")
        for n, a in enumerate(catalog.articles, start=1)
    ]
    assert source.endswith("".join(rebuilt))


def test_sa_2018_items_and_points(catalogs: dict[str, Catalog]) -> None:
    articles = {a.n: a for a in catalogs["sa-2018"].articles}
    assert {n: len(a.items) for n, a in articles.items() if a.items} == {2: 2, 3: 5, 5: 8, 6: 4}
    points = {p.id for a in articles.values() for p in a.points}
    required = {
        "art5.legality",
        *(f"art5.{i}" for i in range(1, 9)),
        "art5.efficacy-measures",
        "art5.efficacy-risk",
        "art6.rectification",
        *(f"art6.{i}" for i in range(1, 5)),
        "art7.filing",
    }
    assert required <= points
    art53 = next(p for p in articles[5].points if p.id == "art5.3")
    assert set(art53.checks) == {
        "logs.required_fields",
        "logs.retention_span",
        "logs.published_records_retention",
    }


def test_mps_has_no_invented_chinese(catalogs: dict[str, Catalog]) -> None:
    catalog = catalogs["mps-insp-2018d"]
    assert catalog.source is None
    assert catalog.source_note
    assert catalog.status == "draft"
    assert catalog.effective is None
    for article in catalog.articles:
        assert article.text_zh is None
        assert article.chapter is not None
        assert all(item.text_zh is None for item in article.items)
    assert [a.id for a in catalog.annexes] == ["notice-model"]
    assert catalog.annexes[0].text_zh is None


def test_mps_checklists(catalogs: dict[str, Catalog]) -> None:
    articles = {a.n: a for a in catalogs["mps-insp-2018d"].articles}
    expected = {11: ("general", 8), 12: ("special", 5), 13: ("service_type", 6)}
    for n, (kind, count) in expected.items():
        assert [p.id for p in articles[n].points] == [f"art{n}.{i}" for i in range(1, count + 1)]
        assert len(articles[n].items) == count
        assert all(p.checklist and p.checklist.kind == kind for p in articles[n].points)
    types = [p.checklist.service_types for p in articles[13].points if p.checklist]
    assert types == [
        ("access",),
        ("data_centre",),
        ("domain_name",),
        ("information_service",),
        ("content_delivery",),
        ("all",),
    ]


def test_mps_liabilities(catalogs: dict[str, Catalog]) -> None:
    articles = {a.n: a for a in catalogs["mps-insp-2018d"].articles}
    got = {
        n: [(li.law, li.law_article) for li in a.liabilities]
        for n, a in articles.items()
        if a.liabilities
    }
    assert got == {
        24: [("csl-2016", 59)] * 3
        + [("csl-2016", 61), ("csl-2016", 68), ("csl-2016", 69), ("ctl-2015", 84)],
        25: [("csl-2016", 64)],
        26: [("csl-2016", 60)],
        27: [("csl-2016", 69)],
        28: [("csl-2016", 63), ("csl-2016", 64)],
    }


def test_cites_resolve(catalogs: dict[str, Catalog]) -> None:
    own: dict[str, set[str]] = {}
    for cid, catalog in catalogs.items():
        units = {f"{catalog.prefix}{a.n}" for a in catalog.articles}
        units |= {f"{catalog.prefix}{a.n}.{i.n}" for a in catalog.articles for i in a.items}
        units |= {p.id for a in catalog.articles for p in a.points}
        own[cid] = units
    known = {**own, **OTHER_CATALOG_UNITS}
    for cid, catalog in catalogs.items():
        for article in catalog.articles:
            for point in article.points:
                for cite in point.cites:
                    target_catalog, target = cite.split(":", 1)
                    assert target_catalog != cid, f"{cid}:{point.id} cites its own catalog"
                    assert target in known.get(target_catalog, set()), (
                        f"{cid}:{point.id} cites unknown {cite}"
                    )


def test_cites_between_sa_and_mps_are_mutual(catalogs: dict[str, Catalog]) -> None:
    edges = {
        (cid, p.id, cite)
        for cid, catalog in catalogs.items()
        for a in catalog.articles
        for p in a.points
        for cite in p.cites
    }
    for cid, pid, cite in edges:
        other, target = cite.split(":", 1)
        if other in catalogs:
            assert (other, target, f"{cid}:{pid}") in edges, (
                f"{cite} does not cite back {cid}:{pid}"
            )
