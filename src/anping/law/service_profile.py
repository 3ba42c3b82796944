"""The service profile: what a provider tells anping about one internet information service.

sa-2018 decides from facts about the service (its kinds and functions, sa-2018 Art. 2) and from
dated events (launches, new technologies, user counts, incidents, written notices, Art. 3), so
the profile records exactly those, validated on load: a typo in a kind or a date must be
reported, not silently read as "no assessment required".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from anping.law.catalog_schema import SERVICE_FEATURES, SERVICE_KINDS


class ProfileError(ValueError):
    """A service profile file is unreadable or invalid."""


class FrozenModel(BaseModel):
    """Unknown fields are errors (a misspelt field must not vanish) and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(FrozenModel):
    """Prose in Chinese (authoritative) and English."""

    zh: str
    en: str


class _Event(FrozenModel):
    """A dated event; `report_submitted` records when its assessment report was filed."""

    date: dt.date
    report_submitted: dt.date | None = None


def _check_kind(value: str) -> str:
    if value not in SERVICE_KINDS:
        raise ValueError(f"unknown service kind {value!r}; known: {', '.join(SERVICE_KINDS)}")
    return value


#: One of SERVICE_KINDS (sa-2018 Art. 2), checked when a profile is loaded.
ServiceKind = Annotated[str, AfterValidator(_check_kind)]


class ServiceFunction(FrozenModel):
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


class UserScaleSample(FrozenModel):
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


class Events(FrozenModel):
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


class ServiceProfile(FrozenModel):
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
