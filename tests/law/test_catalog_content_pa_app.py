"""Content checks for the public-account catalogs (pa-2017, pa-2020d) and app-pi-2019.

Every catalog must validate against the schema, have the expected number of articles, categories and
items, and quote the official Chinese text exactly: each `text_zh` must occur in the catalog's source
document (`anping/law/sources/`) once whitespace is ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from anping.law.catalog_schema import SERVICE_FEATURES, SERVICE_KINDS, Catalog

LAW_DIR = Path(__file__).resolve().parents[2] / "src" / "anping" / "law"
CATALOG_DIR = LAW_DIR / "catalogs"
SOURCE_DIR = LAW_DIR / "sources"

CATALOG_IDS = ("pa-2017", "pa-2020d", "app-pi-2019")

#: Automated checks these catalogs may name.
KNOWN_CHECKS = frozenset(
    {
        "accounts.real_name_share",
        "accounts.quota",
        "accounts.inactive",
        "accounts.follower_jumps",
        "names.protected_names",
        "names.closed_accounts",
        "complaints.handling_time",
        "logs.required_fields",
        "logs.retention_span",
        "privacy_policy.items",
    }
)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _load(catalog_id: str) -> Catalog:
    path = CATALOG_DIR / f"{catalog_id}.yaml"
    return Catalog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    return {catalog_id: _load(catalog_id) for catalog_id in CATALOG_IDS}


def _targets(catalog: Catalog) -> set[str]:
    """What a cite may name in this catalog: its articles and its point ids."""
    targets = {f"{catalog.prefix}{article.n}" for article in catalog.articles}
    targets |= {point.id for article in catalog.articles for point in article.points}
    return targets


@pytest.mark.parametrize("catalog_id", CATALOG_IDS)
def test_catalog_validates_and_names_its_file(catalog_id: str) -> None:
    catalog = _load(catalog_id)
    assert catalog.id == catalog_id
    assert catalog.source == f"{catalog_id}.zh.txt"
    assert (SOURCE_DIR / catalog.source).is_file()


def test_pa_2017_shape(catalogs: dict[str, Catalog]) -> None:
    catalog = catalogs["pa-2017"]
    assert len(catalog.articles) == 18
    assert catalog.status == "in-force"
    assert str(catalog.effective) == "2017-10-08"
    assert catalog.unit == "article"
    assert all(article.chapter is None for article in catalog.articles)


def test_pa_2020d_shape(catalogs: dict[str, Catalog]) -> None:
    catalog = catalogs["pa-2020d"]
    assert len(catalog.articles) == 22
    assert catalog.status == "draft"
    assert catalog.effective is None
    assert all(article.chapter is not None for article in catalog.articles)
    assert len({article.chapter.zh for article in catalog.articles}) == 4
    assert [len(article.items) for article in catalog.articles if article.items] == [10]


def test_app_pi_2019_shape(catalogs: dict[str, Catalog]) -> None:
    catalog = catalogs["app-pi-2019"]
    assert catalog.unit == "category"
    assert catalog.status == "in-force"
    assert str(catalog.effective) == "2019-11-28"
    assert set(catalog.issuer) == {"CAC", "MIIT", "MPS", "SAMR"}
    assert len(catalog.articles) == 6
    assert [len(article.items) for article in catalog.articles] == [4, 4, 9, 6, 3, 5]
    assert sum(len(article.items) for article in catalog.articles) == 31
    for article in catalog.articles:
        # every numbered item is also an assessment point catN.M, in order
        expected = [f"cat{article.n}.{item.n}" for item in article.items]
        assert [point.id for point in article.points] == expected
        assert all(point.applies_to == ("app",) for point in article.points)


@pytest.mark.parametrize("catalog_id", CATALOG_IDS)
def test_chinese_text_is_verbatim(catalog_id: str) -> None:
    catalog = _load(catalog_id)
    source = _squeeze((SOURCE_DIR / f"{catalog_id}.zh.txt").read_text(encoding="utf-8"))
    quoted = []
    for article in catalog.articles:
        assert article.text_zh, f"{catalog_id} {catalog.prefix}{article.n} has no Chinese text"
        quoted.append((f"{catalog.prefix}{article.n}", article.text_zh))
        quoted += [
            (f"{catalog.prefix}{article.n}({item.n})", item.text_zh) for item in article.items
        ]
    quoted += [(f"annex {annex.id}", annex.text_zh) for annex in catalog.annexes if annex.text_zh]
    for where, text in quoted:
        assert text, f"{catalog_id} {where} has no Chinese text"
        assert _squeeze(text) in source, (
            f"{catalog_id} {where}: text_zh is not in the source document"
        )


@pytest.mark.parametrize("catalog_id", CATALOG_IDS)
def test_every_item_has_text_and_points_are_complete(catalog_id: str) -> None:
    catalog = _load(catalog_id)
    for article in catalog.articles:
        assert [item.n for item in article.items] == list(range(1, len(article.items) + 1))
        for point in article.points:
            assert "是否" in point.question.zh, point.id
            assert point.question.zh.endswith("？"), point.id
            assert set(point.checks) <= KNOWN_CHECKS, point.id
            assert set(point.applies_to) <= {"all", *SERVICE_KINDS, *SERVICE_FEATURES}


def test_cites_resolve(catalogs: dict[str, Catalog]) -> None:
    targets = {catalog_id: _targets(catalog) for catalog_id, catalog in catalogs.items()}
    # The 2018 security assessment provisions, whose focus points (Art. 5 (1)-(8)) we cite most.
    sa_2018 = _load("sa-2018")
    assert {f"art5.{i}" for i in range(1, 9)} <= _targets(sa_2018)
    targets["sa-2018"] = _targets(sa_2018)
    for catalog_id, catalog in catalogs.items():
        for article in catalog.articles:
            for point in article.points:
                assert len(set(point.cites)) == len(point.cites), point.id
                for cite in point.cites:
                    target_catalog, _, target = cite.partition(":")
                    assert target in targets[target_catalog], (
                        f"{catalog_id} {point.id}: bad cite {cite}"
                    )
                    assert cite != f"{catalog_id}:{point.id}", (
                        f"{catalog_id} {point.id} cites itself"
                    )


def test_same_duty_is_linked_across_versions(catalogs: dict[str, Catalog]) -> None:
    """A pa-2017 point citing a pa-2020d point is cited back, and vice versa."""
    cites = {
        f"{catalog_id}:{point.id}": set(point.cites)
        for catalog_id, catalog in catalogs.items()
        for article in catalog.articles
        for point in article.points
    }
    for source, targets in cites.items():
        if not source.startswith("pa-"):
            continue
        for target in targets:
            if target.startswith("pa-") and target.split(":")[0] != source.split(":")[0]:
                assert source in cites[target], f"{target} does not cite back {source}"


def test_key_duties_have_points(catalogs: dict[str, Catalog]) -> None:
    def checks(catalog_id: str) -> set[str]:
        catalog = catalogs[catalog_id]
        return {c for article in catalog.articles for point in article.points for c in point.checks}

    assert {
        "accounts.real_name_share",
        "accounts.quota",
        "names.protected_names",
        "names.closed_accounts",
        "complaints.handling_time",
        "logs.required_fields",
        "logs.retention_span",
    } <= checks("pa-2017")
    assert {
        "accounts.real_name_share",
        "accounts.quota",
        "accounts.inactive",
        "accounts.follower_jumps",
        "names.protected_names",
        "names.closed_accounts",
        "complaints.handling_time",
    } <= checks("pa-2020d")
    assert "privacy_policy.items" in checks("app-pi-2019")
