"""When assessments are required and by when (anping.law.triggers; sa-2018 Art. 2, 3, 7, 16)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from anping.law import triggers
from anping.law.triggers import (
    GrowthRule,
    ProfileError,
    ServiceProfile,
    UnitIncident,
    UnitProfile,
    UnitService,
    UserScaleSample,
    app_pi_limit,
    applicability,
    assess,
    growth_events,
    inspection_priority,
    load_profile,
)
from anping.law.workdays import Calendar, NoHolidayNotice, packaged_notices

D = dt.date
CAL = Calendar(packaged_notices())
EXAMPLE = Path(triggers.__file__).parent / "examples" / "forum-profile.yaml"


@pytest.fixture(autouse=True)
def _no_env_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(triggers.GROWTH_RULE_ENV, raising=False)
    monkeypatch.setenv("ANPING_DATA_DIR", str(tmp_path))


def profile(**fields: Any) -> ServiceProfile:
    return ServiceProfile.model_validate({"name": "测试服务", "kinds": ["forum"], **fields})


def only(items: list[triggers.RequiredAssessment]) -> triggers.RequiredAssessment:
    assert len(items) == 1, items
    return items[0]


# --- Art. 2: applicability -----------------------------------------------------------------------


def test_art2_1_forum_is_covered() -> None:
    verdict = applicability(profile())
    assert verdict.applies
    assert verdict.articles == ("sa-2018:art2.1",)


def test_art2_1_attached_function_brings_in_another_service() -> None:
    service = profile(kinds=["other"], functions=[{"name": "评论区", "kind": "forum"}])
    assert applicability(service).applies


def test_art2_2_other_service_needs_public_opinion_or_mobilisation() -> None:
    assert applicability(profile(kinds=["other"], public_opinion_or_mobilisation=True)).applies
    verdict = applicability(profile(kinds=["other"]))
    assert not verdict.applies
    assert "无需安全评估" in verdict.reason.zh
    assert "no security assessment" in verdict.reason.en


def test_art2_not_covered_requires_nothing() -> None:
    service = profile(kinds=["other"], events={"went_online": "2025-03-01"})
    assert assess(service, D(2025, 6, 1), calendar=CAL) == []


# --- Art. 3(1)-(2): before launch ---------------------------------------------------------------


def test_art3_situation1_went_online_due_before_launch() -> None:
    item = only(assess(profile(events={"went_online": "2025-03-01"}), D(2025, 2, 1), calendar=CAL))
    assert (item.situation, item.event, item.due_kind) == (1, "went_online", "before_launch")
    assert item.due_before == D(2025, 3, 1)
    assert not item.overdue
    assert item.articles == ("sa-2018:art3.1", "sa-2018:art7")
    assert "上线" in item.reason.zh
    assert "online" in item.reason.en


def test_art3_situation1_overdue_on_launch_day_without_report() -> None:
    service = profile(events={"went_online": "2025-03-01"})
    assert only(assess(service, D(2025, 3, 1), calendar=CAL)).overdue


def test_art3_situation1_submitted_report_is_not_overdue() -> None:
    service = profile(
        events={"went_online": {"date": "2025-03-01", "report_submitted": "2025-02-20"}}
    )
    item = only(assess(service, D(2025, 6, 1), calendar=CAL))
    assert not item.overdue
    assert item.submitted == D(2025, 2, 20)


def test_art3_situation1_function_launched_after_going_online_is_an_addition() -> None:
    service = profile(
        events={"went_online": {"date": "2024-01-10", "report_submitted": "2024-01-02"}},
        functions=[
            {"name": "直播", "kind": "live_streaming", "launched": "2025-05-01"},
            {"name": "帖子", "kind": "forum", "launched": "2024-01-10"},
        ],
    )
    added = [i for i in assess(service, D(2025, 4, 1), calendar=CAL) if i.event == "function_added"]
    assert [(i.due_before, "直播" in i.reason.zh) for i in added] == [(D(2025, 5, 1), True)]


def test_art3_situation1_function_of_a_non_qualifying_kind_is_not_relevant() -> None:
    service = profile(
        events={"function_added": [{"date": "2025-05-01", "name": "x", "kind": "other"}]}
    )
    assert assess(service, D(2025, 4, 1), calendar=CAL) == []


def test_art3_situation2_needs_a_major_change() -> None:
    minor = {"date": "2025-05-01", "description": "换 CDN"}
    major = {"date": "2025-06-01", "description": "AI 推荐", "major_change": True}
    item = only(
        assess(profile(events={"new_technology": [minor, major]}), D(2025, 4, 1), calendar=CAL)
    )
    assert (item.situation, item.due_before) == (2, D(2025, 6, 1))


def test_art16_news_service_new_technology_goes_to_the_news_regime() -> None:
    tech = {"date": "2025-06-01", "description": "AI 播报"}
    item = only(
        assess(
            profile(news_service=True, events={"new_technology": [tech]}),
            D(2025, 7, 1),
            calendar=CAL,
        )
    )
    assert item.regime == "news-service"
    assert item.articles == ("sa-2018:art16",)
    assert item.due_kind == "other_regime"
    assert item.deadline_date is None
    assert not item.overdue
    assert "互联网新闻信息服务新技术新应用安全评估管理规定" in item.reason.zh


# --- Art. 3(3)-(5): 30 working days --------------------------------------------------------------


def test_art3_situation3_growth_due_30_working_days_across_spring_festival() -> None:
    samples = [
        {"date": "2024-10-01", "users": 1_000_000},
        {"date": "2025-01-24", "users": 2_500_000},
    ]
    item = only(assess(profile(events={"user_scale": samples}), D(2025, 3, 14), calendar=CAL))
    assert (item.situation, item.event_date, item.due) == (3, D(2025, 1, 24), D(2025, 3, 13))
    assert item.overdue
    assert item.articles == ("sa-2018:art3.3", "sa-2018:art7")
    assert [r.number for r in item.basis] == ["国办发明电〔2024〕12号"]


def test_art3_situation4_harmful_information_due_across_national_day() -> None:
    incident = {"date": "2025-09-29", "description": "谣言扩散"}
    item = only(
        assess(
            profile(events={"harmful_information_incident": [incident]}),
            D(2025, 11, 17),
            calendar=CAL,
        )
    )
    assert (item.situation, item.due) == (4, D(2025, 11, 17))
    assert not item.overdue  # the last day itself is still in time


def test_art3_situation4_needs_measures_shown_ineffective() -> None:
    incident = {"date": "2025-09-29", "description": "x", "shows_measures_ineffective": False}
    assert (
        assess(
            profile(events={"harmful_information_incident": [incident]}),
            D(2025, 10, 1),
            calendar=CAL,
        )
        == []
    )


def test_art3_situation5_written_notice_from_city_level_or_above() -> None:
    notices = [
        {
            "date": "2026-01-20",
            "issuer": "某市网信办",
            "issuer_kind": "cyberspace",
            "level": "city",
        },
        {
            "date": "2026-01-21",
            "issuer": "某县公安局",
            "issuer_kind": "public_security",
            "level": "county",
        },
    ]
    item = only(assess(profile(events={"written_notice": notices}), D(2026, 2, 1), calendar=CAL))
    assert (item.situation, item.due) == (5, D(2026, 3, 9))
    assert "地市级网信部门" in item.reason.zh


def test_art7_deadline_in_a_year_without_notice_is_provisional() -> None:
    incident = {"date": "2026-12-21", "description": "x"}
    item = only(
        assess(
            profile(events={"harmful_information_incident": [incident]}),
            D(2026, 12, 22),
            calendar=CAL,
        )
    )
    assert item.provisional
    assert item.due == D(2027, 2, 1)


def test_art17_events_before_2018_11_30_do_not_trigger() -> None:
    assert assess(profile(events={"went_online": "2015-06-01"}), D(2025, 1, 1), calendar=CAL) == []


def test_assess_lists_overdue_first_then_by_deadline() -> None:
    events = {
        "went_online": "2025-08-01",
        "harmful_information_incident": [{"date": "2025-03-03", "description": "x"}],
        "written_notice": [
            {
                "date": "2025-06-02",
                "issuer": "某市公安局",
                "issuer_kind": "public_security",
                "level": "city",
            }
        ],
    }
    items = assess(profile(events=events), D(2025, 6, 10), calendar=CAL)
    assert [(i.situation, i.overdue) for i in items] == [(4, True), (5, False), (1, False)]


# --- the growth rule -----------------------------------------------------------------------------


def samples(*pairs: tuple[str, int]) -> list[UserScaleSample]:
    return [UserScaleSample(date=D.fromisoformat(d), users=u) for d, u in pairs]


def test_growth_rule_default_needs_both_thresholds() -> None:
    rule = GrowthRule()
    assert (rule.relative, rule.absolute, rule.window_days, rule.mode) == (
        0.5,
        1_000_000,
        180,
        "all",
    )
    assert not rule.met(100, 10_000)  # +9900%, but only 9,900 users
    assert not rule.met(10_000_000, 11_500_000)  # +1.5M, but only 15%
    assert rule.met(1_000_000, 2_000_000)


def test_growth_rule_any_needs_either_threshold() -> None:
    assert GrowthRule(mode="any").met(100, 10_000)


def test_growth_event_is_the_first_sample_meeting_the_rule() -> None:
    found = growth_events(
        samples(
            ("2025-01-01", 1_000_000),
            ("2025-03-01", 1_800_000),
            ("2025-05-01", 2_200_000),
            ("2025-06-01", 2_600_000),
        ),
        GrowthRule(),
    )
    assert [(e.baseline.date, e.sample.date) for e in found] == [(D(2025, 1, 1), D(2025, 5, 1))]


def test_growth_outside_the_window_is_not_marked() -> None:
    found = growth_events(
        samples(("2024-01-01", 1_000_000), ("2025-01-01", 3_000_000)), GrowthRule()
    )
    assert found == []


def test_growth_baseline_restarts_after_an_event() -> None:
    found = growth_events(
        samples(
            ("2025-01-01", 1_000_000),
            ("2025-02-01", 2_100_000),
            ("2025-03-01", 2_300_000),
            ("2025-06-01", 4_000_000),
        ),
        GrowthRule(),
    )
    assert [e.sample.date for e in found] == [D(2025, 2, 1), D(2025, 6, 1)]


def test_growth_rule_from_env_overrides_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        triggers.GROWTH_RULE_ENV, '{"relative": 0.2, "absolute": 1000, "mode": "any"}'
    )
    service = profile(
        events={
            "user_scale": [
                {"date": "2025-03-03", "users": 100},
                {"date": "2025-03-10", "users": 130},
            ]
        }
    )
    assert only(assess(service, D(2025, 3, 11), calendar=CAL)).situation == 3
    assert assess(service, D(2025, 3, 11), growth_rule=GrowthRule(), calendar=CAL) == []


def test_growth_rule_from_env_rejects_bad_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(triggers.GROWTH_RULE_ENV, '{"relative": -1}')
    with pytest.raises(ValueError, match="ANPING_GROWTH_RULE"):
        triggers.growth_rule_from_env()


# --- profiles ------------------------------------------------------------------------------------


def test_example_profile_loads_and_assesses() -> None:
    items = assess(load_profile(EXAMPLE), D(2026, 2, 10), calendar=CAL)
    assert {i.situation for i in items} == {1, 2, 3, 4, 5}
    assert items[0].overdue


def test_profile_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown service kind 'bbs'"):
        profile(kinds=["bbs"])


def test_load_profile_reports_malformed_yaml(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("name: [x\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(bad)


# --- app-pi-2019 and mps-insp-2018d ------------------------------------------------------------


def test_app_pi_2019_cat6_limit_is_15_working_days() -> None:
    assert app_pi_limit(D(2025, 9, 26), calendar=CAL) == D(2025, 10, 23)
    with pytest.raises(NoHolidayNotice):
        app_pi_limit(D(2026, 12, 25), calendar=CAL)


def test_mps_art10_priority_scores_each_ground_once() -> None:
    unit = UnitProfile(
        name="某公司",
        services=[
            UnitService(type="data_centre", launched=D(2025, 6, 1)),
            UnitService(type="information_service", changed=D(2025, 12, 1)),
        ],
        connected=D(2024, 1, 1),
        incidents=[
            UnitIncident(date=D(2024, 5, 1), kind="administrative_penalty"),
            UnitIncident(date=D(2025, 1, 1), kind="security_incident"),
        ],
    )
    result = inspection_priority(unit, D(2026, 2, 1))
    assert [r.cite for r in result.reasons] == [
        "mps-insp-2018d:art10.1",
        "mps-insp-2018d:art10.2",
        "mps-insp-2018d:art10.4",
    ]
    assert result.score == 25 + 25 + 35
    assert "（2起）" in result.reasons[-1].text.zh


def test_mps_art10_priority_ignores_old_and_future_dates() -> None:
    unit = UnitProfile(
        name="某公司",
        services=[UnitService(type="access", launched=D(2024, 1, 31))],
        venue_established=D(2026, 3, 1),
        incidents=[UnitIncident(date=D(2024, 1, 31), kind="crime")],
    )
    assert inspection_priority(unit, D(2026, 2, 1)).score == 0


def test_mps_art10_priority_weights_add_up_to_100() -> None:
    assert sum(triggers.PRIORITY_WEIGHTS.values()) == 100
