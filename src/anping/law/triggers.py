"""When a security assessment is required, and by when (sa-2018 Art. 2, 3, 7, 16).

sa-2018 Art. 3 lists five situations in which a provider must assess its own service; Art. 7 ¶2
sets the deadline for the report: before launch for situations (1) and (2), within 30 working
days of the situation arising for (3) to (5). Art. 2 decides whether a service is covered at all,
and Art. 16 sends new technologies of an internet news information service to their own regime.

Also here: the 15-working-day limit of app-pi-2019 category VI, and the inspection priority of the
MPS draft inspection provisions (mps-insp-2018d Art. 10).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from anping.law.catalog_schema import SERVICE_FEATURES, SERVICE_KINDS
from anping.law.workdays import Calendar, NoticeRef, default_calendar

#: sa-2018 Art. 17: in force from 30 November 2018; nothing before that triggers it.
SA_2018_IN_FORCE = dt.date(2018, 11, 30)
#: sa-2018 Art. 7 ¶2: reports for situations (3)-(5) are due within 30 working days.
REPORT_WORKING_DAYS = 30
#: app-pi-2019 category VI items 3 and 5: requests and complaints within 15 working days.
APP_PI_WORKING_DAYS = 15
#: Environment variable holding a GrowthRule as JSON, e.g. {"relative": 0.3, "mode": "any"}.
GROWTH_RULE_ENV = "ANPING_GROWTH_RULE"

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


class ProfileError(ValueError):
    """A service profile file is unreadable or invalid."""


class Bilingual(BaseModel):
    """Prose in Chinese (authoritative) and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str


# ---------------------------------------------------------------------------------------------
# The service profile
# ---------------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Event(_Model):
    """A dated event; `report_submitted` records when its assessment report was filed."""

    date: dt.date
    report_submitted: dt.date | None = None


def _check_kind(value: str) -> str:
    if value not in SERVICE_KINDS:
        raise ValueError(f"unknown service kind {value!r}; known: {', '.join(SERVICE_KINDS)}")
    return value


#: One of SERVICE_KINDS (sa-2018 Art. 2), checked when a profile is loaded.
ServiceKind = Annotated[str, AfterValidator(_check_kind)]


class ServiceFunction(_Model):
    """A function of the service (e.g. a comment section); `kind` says which Art. 2(1) kind."""

    name: str = Field(min_length=1)
    kind: ServiceKind | None = None
    launched: dt.date | None = None


class WentOnline(_Event):
    """The service went (or will go) online: sa-2018 Art. 3(1)."""


class FunctionAdded(_Event):
    """A function was (or will be) added to the service: sa-2018 Art. 3(1), 增设相关功能."""

    name: str = Field(min_length=1)
    kind: ServiceKind | None = None


class NewTechnology(_Event):
    """A new technology or application (新技术新应用): sa-2018 Art. 3(2).

    `major_change` records the provider's judgment that it changes the function attributes,
    technical implementation or basic resource configuration so much that the public-opinion
    attribute or mobilisation capability changes significantly; only then does Art. 3(2) apply.
    """

    description: str = Field(min_length=1)
    major_change: bool = False


class UserScaleSample(_Model):
    """The number of users on a date, for sa-2018 Art. 3(3)."""

    date: dt.date
    users: int = Field(ge=0)
    report_submitted: dt.date | None = None


class HarmfulInformationIncident(_Event):
    """Illegal or harmful information spread (违法有害信息传播扩散): sa-2018 Art. 3(4).

    Art. 3(4) applies when the spread shows existing measures cannot control the risk;
    `shows_measures_ineffective` defaults to True because a recorded spread usually does.
    """

    description: str = Field(min_length=1)
    shows_measures_ineffective: bool = True


class WrittenNotice(_Event):
    """A written notice requiring an assessment: sa-2018 Art. 3(5), Art. 12 ¶2.

    Only a cyberspace office (网信部门) or public security organ (公安机关) at city level or above
    (地市级以上) can trigger Art. 3(5).
    """

    issuer: str = Field(min_length=1)
    issuer_kind: Literal["cyberspace", "public_security"]
    level: Literal["national", "provincial", "city", "county"]
    reference: str | None = None


class Events(_Model):
    """Everything that can trigger an assessment, each with its date."""

    went_online: WentOnline | None = None
    function_added: tuple[FunctionAdded, ...] = ()
    new_technology: tuple[NewTechnology, ...] = ()
    user_scale: tuple[UserScaleSample, ...] = ()
    harmful_information_incident: tuple[HarmfulInformationIncident, ...] = ()
    written_notice: tuple[WrittenNotice, ...] = ()

    @field_validator("went_online", mode="before")
    @classmethod
    def _bare_date(cls, value: Any) -> Any:
        """`went_online: 2025-03-01` is short for `went_online: {date: 2025-03-01}`."""
        return {"date": value} if isinstance(value, dt.date | str) else value

    @field_validator("user_scale")
    @classmethod
    def _chronological(cls, value: tuple[UserScaleSample, ...]) -> tuple[UserScaleSample, ...]:
        return tuple(sorted(value, key=lambda s: s.date))


class ServiceProfile(_Model):
    """What a provider tells anping about one internet information service."""

    name: str = Field(min_length=1)
    provider: str | None = None
    kinds: tuple[ServiceKind, ...] = Field(min_length=1)
    features: tuple[str, ...] = ()
    functions: tuple[ServiceFunction, ...] = ()
    #: An internet news information service (互联网新闻信息服务): Art. 16 applies.
    news_service: bool = False
    #: For kind "other": it offers a channel for public opinion or can mobilise (Art. 2(2)).
    public_opinion_or_mobilisation: bool = False
    events: Events = Events()

    @field_validator("features")
    @classmethod
    def _known_features(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(SERVICE_FEATURES))
        if unknown:
            raise ValueError(f"unknown features {unknown}; known: {', '.join(SERVICE_FEATURES)}")
        return value


def load_profile(path: Path) -> ServiceProfile:
    """Read a service profile from YAML; every problem becomes a one-line ProfileError."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read ({exc})") from exc
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML ({_one_line(str(exc))})") from exc
    try:
        return ServiceProfile.model_validate(raw)
    except ValidationError as exc:
        raise ProfileError(f"{path}: {_validation_summary(exc)}") from exc


def _validation_summary(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'profile'}: {e['msg']}" for e in exc.errors()
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


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
# Art. 3(3): marked growth of the user base
# ---------------------------------------------------------------------------------------------


class GrowthRule(_Model):
    """When user growth counts as "显著增加" (sa-2018 Art. 3(3)); the law gives no number.

    Growth at a sample is measured against the smallest user count of the samples within the
    `window_days` before it. `mode="all"` needs both thresholds, `"any"` either. The default is
    argued in docs/decisions/0003-user-growth-rule.md.
    """

    relative: float = Field(default=0.5, gt=0)
    absolute: int = Field(default=1_000_000, ge=1)
    window_days: int = Field(default=180, ge=1)
    mode: Literal["all", "any"] = "all"

    def met(self, baseline: int, users: int) -> bool:
        """Whether growing from `baseline` to `users` is marked growth under this rule."""
        gain = users - baseline
        relative_ok = gain > 0 and (baseline == 0 or gain / baseline >= self.relative)
        absolute_ok = gain >= self.absolute
        if self.mode == "all":
            return relative_ok and absolute_ok
        return relative_ok or absolute_ok

    def describe(self) -> Bilingual:
        """The rule in words, for reasons and reports."""
        joiner_zh, joiner_en = ("且", "and") if self.mode == "all" else ("或", "or")
        pct = f"{self.relative:.0%}"
        return Bilingual(
            zh=f"{self.window_days}日内用户增长≥{pct}{joiner_zh}≥{self.absolute:,}",
            en=f"users up ≥{pct} {joiner_en} ≥{self.absolute:,} within {self.window_days} days",
        )


def growth_rule_from_env() -> GrowthRule:
    """`$ANPING_GROWTH_RULE` (JSON of GrowthRule's fields) or the default rule."""
    raw = os.environ.get(GROWTH_RULE_ENV)
    if not raw:
        return GrowthRule()
    try:
        return GrowthRule.model_validate(json.loads(raw))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(f"{GROWTH_RULE_ENV} is not a valid growth rule: {exc}") from exc


@dataclass(frozen=True)
class GrowthEvent:
    """The sample at which the rule was first met, and the baseline it was measured from."""

    sample: UserScaleSample
    baseline: UserScaleSample


def growth_events(samples: Sequence[UserScaleSample], rule: GrowthRule) -> list[GrowthEvent]:
    """Every marked growth: the first sample meeting the rule, then again from that sample on.

    After an event the baseline restarts at the event's sample, so one surge is one event and a
    later, separate surge is another.
    """
    events: list[GrowthEvent] = []
    floor = 0
    ordered = sorted(samples, key=lambda s: s.date)
    for i, sample in enumerate(ordered):
        window_start = sample.date - dt.timedelta(days=rule.window_days)
        earlier = [s for s in ordered[floor:i] if s.date >= window_start]
        if not earlier:
            continue
        baseline = min(earlier, key=lambda s: s.users)
        if rule.met(baseline.users, sample.users):
            events.append(GrowthEvent(sample, baseline))
            floor = i
    return events


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


# ---------------------------------------------------------------------------------------------
# app-pi-2019: 15 working days
# ---------------------------------------------------------------------------------------------


def app_pi_limit(received: dt.date, *, calendar: Calendar | None = None) -> dt.date:
    """The last day to handle a correction/deletion/cancellation request or a complaint.

    app-pi-2019 category VI items 3 and 5 (app-pi-2019:cat6.3, cat6.5): a committed time limit
    may not exceed 15 working days, and without one 15 working days is the limit. Counted from
    the day after receipt, like sa-2018 Art. 7 ¶2. Raises NoHolidayNotice for an unknown year.
    """
    return (calendar or default_calendar()).add_working_days(received, APP_PI_WORKING_DAYS)


# ---------------------------------------------------------------------------------------------
# mps-insp-2018d Art. 10: inspection priority
# ---------------------------------------------------------------------------------------------

InfrastructureService = Literal["access", "data_centre", "domain_name", "content_delivery"]


class UnitService(_Model):
    """An internet service a unit provides, with when it started or last changed type/content."""

    type: InfrastructureService | Literal["information_service"]
    launched: dt.date | None = None
    changed: dt.date | None = None


class UnitIncident(_Model):
    """A security incident, violation or crime, or an administrative penalty (Art. 10(4))."""

    date: dt.date
    kind: Literal["security_incident", "violation", "crime", "administrative_penalty"]
    description: str = ""


class UnitProfile(_Model):
    """What Art. 10 of the MPS draft inspection provisions looks at in a unit."""

    name: str = Field(min_length=1)
    services: tuple[UnitService, ...] = ()
    #: When an internet service venue (互联网服务场所) was established.
    venue_established: dt.date | None = None
    #: When a network-using unit was connected to the internet (联网).
    connected: dt.date | None = None
    incidents: tuple[UnitIncident, ...] = ()


#: Points for each ground of mps-insp-2018d Art. 10; a ground counts once. They add up to 100.
#: Past incidents and penalties (4) weigh most, being evidence of risk rather than a proxy;
#: new infrastructure (1) and new information services (2) come next; a new venue or newly
#: connected unit (3) least, as it usually has the smallest reach. The draft gives no weights:
#: these are the project's choice.
PRIORITY_WEIGHTS: dict[str, int] = {"art10.1": 25, "art10.2": 25, "art10.3": 15, "art10.4": 35}


@dataclass(frozen=True)
class PriorityReason:
    """One Art. 10 ground that applies, with its points."""

    cite: str
    points: int
    text: Bilingual


@dataclass(frozen=True)
class Priority:
    """How strongly a unit is a focus of public-security inspection (0-100)."""

    score: int
    reasons: tuple[PriorityReason, ...]


def inspection_priority(unit_profile: UnitProfile, today: dt.date) -> Priority:
    """Score a unit against the grounds of mps-insp-2018d Art. 10 (a draft; not in force).

    Art. 10 tells public security organs to focus inspection on units that (1) launched or
    changed access, IDC, CDN or domain name services less than a year ago, (2) launched or
    changed an information service less than a year ago, (3) set up an internet service venue
    or connected a network unit less than a year ago, or (4) had security incidents, violations
    or crimes, or a public-security administrative penalty, in the last two years.
    """
    reasons = [r for r in _priority_grounds(unit_profile, today) if r is not None]
    return Priority(sum(r.points for r in reasons), tuple(reasons))


def _priority_grounds(unit: UnitProfile, today: dt.date) -> list[PriorityReason | None]:
    year_ago, two_years_ago = _years_before(today, 1), _years_before(today, 2)

    def recent(day: dt.date | None) -> bool:
        return day is not None and year_ago < day <= today

    def started_or_changed(types: set[str]) -> bool:
        return any(
            recent(s.launched) or recent(s.changed) for s in unit.services if s.type in types
        )

    incidents = [i for i in unit.incidents if two_years_ago < i.date <= today]
    infrastructure = {"access", "data_centre", "domain_name", "content_delivery"}
    return [
        _ground(
            "art10.1",
            started_or_changed(infrastructure),
            "接入、数据中心、内容分发、域名服务开通或变更不满一年",
            "access, data centre, CDN or domain name service launched or changed under a year ago",
        ),
        _ground(
            "art10.2",
            started_or_changed({"information_service"}),
            "互联网信息服务开通或变更服务内容不满一年",
            "internet information service launched or its content changed under a year ago",
        ),
        _ground(
            "art10.3",
            recent(unit.venue_established) or recent(unit.connected),
            "新设互联网服务场所或联网单位接入互联网不满一年",
            "internet service venue set up, or network unit connected, under a year ago",
        ),
        _ground(
            "art10.4",
            bool(incidents),
            f"两年内发生网络安全事件、违法犯罪案件或受到公安机关行政处罚（{len(incidents)}起）",
            f"{len(incidents)} security incident(s), violation(s)/crime(s) or public-security"
            " administrative penalty(ies) in the last two years",
        ),
    ]


def _ground(key: str, applies: bool, zh: str, en: str) -> PriorityReason | None:
    if not applies:
        return None
    cite = f"mps-insp-2018d:{key}"
    return PriorityReason(
        cite,
        PRIORITY_WEIGHTS[key],
        Bilingual(zh=f"{zh}（{cite}）", en=f"{en} ({cite})"),
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
