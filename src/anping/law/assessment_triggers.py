"""When a security assessment is required, and by when (sa-2018 Art. 2, 3, 7, 16).

sa-2018 Art. 3 lists five situations in which a provider must assess its own service; Art. 7 ¶2
sets the deadline for the report: before launch for situations (1) and (2), within 30 working
days of the situation arising for (3) to (5). Art. 2 decides whether a service is covered at all,
and Art. 16 sends new technologies of an internet news information service to their own regime.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from anping.law.catalog_schema import SERVICE_KINDS
from anping.law.growth_rule import GrowthRule, growth_events, growth_rule_from_env
from anping.law.service_profile import Bilingual, FunctionAdded, ServiceProfile
from anping.law.workdays import Calendar, NoticeRef, default_calendar

#: sa-2018 Art. 17: in force from 30 November 2018; nothing before that triggers it.
SA_2018_IN_FORCE = dt.date(2018, 11, 30)
#: sa-2018 Art. 7 ¶2: reports for situations (3)-(5) are due within 30 working days.
REPORT_WORKING_DAYS = 30

#: Art. 2(1) kinds: everything in SERVICE_KINDS except "other", which needs Art. 2(2).
QUALIFYING_KINDS: frozenset[str] = frozenset(SERVICE_KINDS) - {"other"}

Situation = Literal[1, 2, 3, 4, 5]
EventName = Literal[
    "went_online",
    "function_added",
    "new_technology",
    "user_scale",
    "harmful_information_incident",
    "written_notice",
]


# ---------------------------------------------------------------------------------------------
# Art. 2: is the service covered at all?
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicability:
    """Whether sa-2018 applies to a service (Art. 2), and why."""

    applies: bool
    reason: Bilingual
    articles: tuple[str, ...]


def applicability(profile: ServiceProfile) -> Applicability:
    """sa-2018 Art. 2: a kind of Art. 2(1), a function of such a kind, or Art. 2(2).

    Art. 2(1) covers running a forum, blog, ... mini-app "or attaching a corresponding function"
    (或者附设相应功能), so a function of a qualifying kind brings in any service.
    """
    kinds = sorted(QUALIFYING_KINDS & set(profile.kinds))
    declared = [f.kind for f in profile.functions] + [f.kind for f in profile.events.function_added]
    function_kinds = sorted({k for k in declared if k is not None} & QUALIFYING_KINDS)
    if kinds or function_kinds:
        named = ", ".join(kinds + [f"{k} (function)" for k in function_kinds if k not in kinds])
        return Applicability(
            True,
            Bilingual(
                zh=f"属于第二条第一项所列信息服务或附设相应功能：{named}",
                en=f"Art. 2(1) service or attached function: {named}",
            ),
            ("sa-2018:art2.1",),
        )
    if "other" in profile.kinds and profile.public_opinion_or_mobilisation:
        return Applicability(
            True,
            Bilingual(
                zh="提供公众舆论表达渠道或者具有发动社会公众从事特定活动能力（第二条第二项）",
                en="a channel for public opinion or a capability to mobilise the public"
                " (Art. 2(2))",
            ),
            ("sa-2018:art2.2",),
        )
    return Applicability(
        False,
        Bilingual(
            zh="不属于第二条所列具有舆论属性或社会动员能力的互联网信息服务，无需安全评估",
            en="not a service with public-opinion attributes or mobilisation capability under"
            " Art. 2; no security assessment is required",
        ),
        ("sa-2018:art2",),
    )


# ---------------------------------------------------------------------------------------------
# Art. 3 and 7: the required assessments
# ---------------------------------------------------------------------------------------------

DueKind = Literal["before_launch", "working_days", "other_regime"]


@dataclass(frozen=True)
class RequiredAssessment:
    """One assessment a provider must carry out, with its deadline (sa-2018 Art. 3, 7).

    For situations 1-2 `due_kind` is "before_launch" and `due_before` is the launch date: the
    report must be submitted before that day. For 3-5 it is "working_days" and `due` is the last
    day of the 30 working days counted from the day after the event. `regime="news-service"`
    marks an Art. 16 referral, assessed under another regulation and with no due date here.
    """

    situation: Situation
    event: EventName
    event_date: dt.date
    reason: Bilingual
    articles: tuple[str, ...]
    due_kind: DueKind
    due_before: dt.date | None = None
    due: dt.date | None = None
    overdue: bool = False
    submitted: dt.date | None = None
    provisional: bool = False
    basis: tuple[NoticeRef, ...] = ()
    regime: Literal["sa-2018", "news-service"] = "sa-2018"

    @property
    def deadline_date(self) -> dt.date | None:
        """The date the report is due by, whichever kind of deadline it is."""
        return self.due_before if self.due_kind == "before_launch" else self.due


@dataclass(frozen=True)
class Trigger:
    """An Art. 3 situation found in a profile, before its deadline is computed."""

    situation: Situation
    event: EventName
    date: dt.date
    reason: Bilingual
    submitted: dt.date | None
    regime: Literal["sa-2018", "news-service"] = "sa-2018"


def assess(
    profile: ServiceProfile,
    today: dt.date,
    *,
    growth_rule: GrowthRule | None = None,
    calendar: Calendar | None = None,
) -> list[RequiredAssessment]:
    """The assessments sa-2018 requires of `profile`, overdue first, then by deadline.

    Nothing is required when Art. 2 does not apply (see `applicability`). Events before the
    provisions took effect (Art. 17, 2018-11-30) are ignored. The growth rule is the argument,
    else `$ANPING_GROWTH_RULE`, else the documented default. Deadlines in a year without a
    holiday notice are computed provisionally and flagged.
    """
    if not applicability(profile).applies:
        return []
    rule = growth_rule or growth_rule_from_env()
    cal = calendar or default_calendar()
    required = [_required(t, today, cal) for t in triggers(profile, rule)]
    return sorted(required, key=_urgency)


def _urgency(item: RequiredAssessment) -> tuple[bool, bool, bool, dt.date, int]:
    """Overdue first, then open items by deadline, then submitted ones and Art. 16 referrals."""
    deadline = item.deadline_date or dt.date.max
    done = item.submitted is not None
    return (not item.overdue, done, item.regime != "sa-2018", deadline, item.situation)


def triggers(profile: ServiceProfile, rule: GrowthRule) -> list[Trigger]:
    """Every Art. 3 situation in the profile's events on or after 2018-11-30 (Art. 17)."""
    found = [
        *_launch_triggers(profile),
        *_technology_triggers(profile),
        *_growth_triggers(profile, rule),
        *_incident_triggers(profile),
        *_notice_triggers(profile),
    ]
    return [t for t in found if t.date >= SA_2018_IN_FORCE]


def _launch_triggers(profile: ServiceProfile) -> Iterator[Trigger]:
    """Art. 3(1): the service goes online, or a relevant function is added."""
    online = profile.events.went_online
    if online is not None:
        yield Trigger(
            1,
            "went_online",
            online.date,
            Bilingual(
                zh=f"信息服务“{profile.name}”上线（第三条第一项），应在上线前提交评估报告",
                en=f"service “{profile.name}” goes online (Art. 3(1)); report due before launch",
            ),
            online.report_submitted,
        )
    for added in _function_additions(profile):
        yield Trigger(
            1,
            "function_added",
            added.date,
            Bilingual(
                zh=f"增设功能“{added.name}”（第三条第一项），应在功能增设前提交评估报告",
                en=f"function “{added.name}” added (Art. 3(1)); report due before it goes live",
            ),
            added.report_submitted,
        )


def _function_additions(profile: ServiceProfile) -> list[FunctionAdded]:
    """Recorded additions, plus functions launched after the service went online.

    Only a function with public-opinion attributes is a "relevant function" (相关功能): one of an
    Art. 2(1) kind, or of unstated kind (assumed relevant, so nothing is missed).
    """
    recorded = list(profile.events.function_added)
    online = profile.events.went_online
    known = {(f.name, f.date) for f in recorded}
    for function in profile.functions:
        launched = function.launched
        if launched is None or (online is not None and launched <= online.date):
            continue  # launched with the service: the went_online assessment covers it
        if (function.name, launched) not in known:
            recorded.append(FunctionAdded(date=launched, name=function.name, kind=function.kind))
    return [f for f in recorded if f.kind is None or f.kind in QUALIFYING_KINDS]


def _technology_triggers(profile: ServiceProfile) -> Iterator[Trigger]:
    """Art. 3(2), or an Art. 16 referral for an internet news information service."""
    for tech in profile.events.new_technology:
        if profile.news_service:
            yield Trigger(
                2,
                "new_technology",
                tech.date,
                Bilingual(
                    zh=f"互联网新闻信息服务使用新技术新应用“{tech.description}”：依照第十六条，"
                    "按《互联网新闻信息服务新技术新应用安全评估管理规定》另行评估",
                    en=f"news information service uses new technology “{tech.description}”:"
                    " under Art. 16 it is assessed under the Provisions on Security Assessment"
                    " of New Technologies and Applications of Internet News Information Services",
                ),
                tech.report_submitted,
                regime="news-service",
            )
        elif tech.major_change:
            yield Trigger(
                2,
                "new_technology",
                tech.date,
                Bilingual(
                    zh=f"使用新技术新应用“{tech.description}”致舆论属性或社会动员能力发生重大变化"
                    "（第三条第二项），应在上线前提交评估报告",
                    en=f"new technology “{tech.description}” significantly changes public-opinion"
                    " attributes or mobilisation capability (Art. 3(2)); report due before launch",
                ),
                tech.report_submitted,
            )


def _growth_triggers(profile: ServiceProfile, rule: GrowthRule) -> Iterator[Trigger]:
    """Art. 3(3): the user base grows markedly, per the configurable GrowthRule."""
    rule_text = rule.describe()
    for event in growth_events(profile.events.user_scale, rule):
        sample, base = event.sample, event.baseline
        yield Trigger(
            3,
            "user_scale",
            sample.date,
            Bilingual(
                zh=f"用户规模显著增加：{base.date} {base.users:,} → {sample.date} {sample.users:,}"
                f"（规则：{rule_text.zh}；第三条第三项）",
                en=f"marked user growth: {base.users:,} on {base.date} → {sample.users:,} on"
                f" {sample.date} (rule: {rule_text.en}; Art. 3(3))",
            ),
            sample.report_submitted,
        )


def _incident_triggers(profile: ServiceProfile) -> Iterator[Trigger]:
    """Art. 3(4): harmful information spread showing the measures are not effective."""
    for incident in profile.events.harmful_information_incident:
        if incident.shows_measures_ineffective:
            yield Trigger(
                4,
                "harmful_information_incident",
                incident.date,
                Bilingual(
                    zh=f"发生违法有害信息传播扩散“{incident.description}”，表明已有安全措施"
                    "难以有效防控网络安全风险（第三条第四项）",
                    en=f"illegal or harmful information spread (“{incident.description}”),"
                    " showing existing measures cannot control the risk (Art. 3(4))",
                ),
                incident.report_submitted,
            )


_LEVEL_ZH = {"national": "国家", "provincial": "省级", "city": "地市级", "county": "县级"}
_ISSUER_ZH = {"cyberspace": "网信部门", "public_security": "公安机关"}


def _notice_triggers(profile: ServiceProfile) -> Iterator[Trigger]:
    """Art. 3(5): a written notice from a city-level-or-above cyberspace office or police."""
    for notice in profile.events.written_notice:
        if notice.level == "county":
            continue  # below 地市级: Art. 3(5) does not apply
        issuer_zh = f"{_LEVEL_ZH[notice.level]}{_ISSUER_ZH[notice.issuer_kind]}"
        ref = f" {notice.reference}" if notice.reference else ""
        yield Trigger(
            5,
            "written_notice",
            notice.date,
            Bilingual(
                zh=f"{notice.issuer}（{issuer_zh}）书面通知开展安全评估{ref}（第三条第五项）",
                en=f"written notice from {notice.issuer} ({notice.level} {notice.issuer_kind}"
                f" authority){ref} requiring an assessment (Art. 3(5))",
            ),
            notice.report_submitted,
        )


def _required(trigger: Trigger, today: dt.date, cal: Calendar) -> RequiredAssessment:
    """Attach the Art. 7 ¶2 deadline to a trigger."""
    common: dict[str, Any] = {
        "situation": trigger.situation,
        "event": trigger.event,
        "event_date": trigger.date,
        "reason": trigger.reason,
        "submitted": trigger.submitted,
    }
    if trigger.regime == "news-service":
        return RequiredAssessment(
            **common, articles=("sa-2018:art16",), due_kind="other_regime", regime="news-service"
        )
    articles = (f"sa-2018:art3.{trigger.situation}", "sa-2018:art7")
    if trigger.situation in (1, 2):
        overdue = trigger.submitted is None and today >= trigger.date
        return RequiredAssessment(
            **common,
            articles=articles,
            due_kind="before_launch",
            due_before=trigger.date,
            overdue=overdue,
        )
    limit = cal.deadline(trigger.date, REPORT_WORKING_DAYS, allow_provisional=True)
    return RequiredAssessment(
        **common,
        articles=articles,
        due_kind="working_days",
        due=limit.date,
        overdue=trigger.submitted is None and today > limit.date,
        provisional=limit.provisional,
        basis=limit.basis,
    )
