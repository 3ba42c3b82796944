"""mps-insp-2018d Art. 10: which units public security inspects first.

The MPS draft inspection provisions name four grounds for focusing inspection on a unit; scoring
them lets a provider see how likely an inspection is. The draft is not in force and gives no
weights, so the score is guidance, not law.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from anping.law.service_profile import Bilingual, FrozenModel

InfrastructureService = Literal["access", "data_centre", "domain_name", "content_delivery"]


class UnitService(FrozenModel):
    """An internet service a unit provides, with when it started or last changed type/content."""

    type: InfrastructureService | Literal["information_service"]
    launched: dt.date | None = None
    changed: dt.date | None = None


class UnitIncident(FrozenModel):
    """A security incident, violation or crime, or an administrative penalty (Art. 10(4))."""

    date: dt.date
    kind: Literal["security_incident", "violation", "crime", "administrative_penalty"]
    description: str = ""


class UnitProfile(FrozenModel):
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
