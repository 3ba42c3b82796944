"""The shape of a regulation catalog file (`anping/law/catalogs/*.yaml`).

A catalog is validated against these models when it is loaded and in the tests, so a typo in a
catalog fails loudly instead of silently dropping a legal duty. Cross-catalog references (`cites`)
are resolved by `anping.law.catalog`, which sees every catalog at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Service kinds named in sa-2018 Art. 2(1), plus "other" for Art. 2(2).
SERVICE_KINDS: tuple[str, ...] = (
    "forum",
    "blog",
    "microblog",
    "chat_room",
    "group",
    "public_account",
    "short_video",
    "live_streaming",
    "info_sharing",
    "mini_app",
    "other",
)

#: Features of a service that make further points applicable.
SERVICE_FEATURES: tuple[str, ...] = (
    "app",  # the service is (also) offered as a mobile app: app-pi-2019 applies
    "comments",  # users comment on content
    "posts",  # users publish content
    "reposts",  # users forward others' content
    "messaging",  # private messages between users
    "group_chat",  # group conversations
    "live_interaction",  # bullet comments, live chat, gifts during live streams
    "accounts",  # users register accounts
)

#: Names of the kinds and features in both languages (Chinese as in sa-2018 Art. 2(1)).
LABELS: dict[str, tuple[str, str]] = {
    "all": ("所有服务", "all services"),
    "forum": ("论坛", "forum"),
    "blog": ("博客", "blog"),
    "microblog": ("微博客", "microblog"),
    "chat_room": ("聊天室", "chat room"),
    "group": ("通讯群组", "group"),
    "public_account": ("公众账号", "public account"),
    "short_video": ("短视频", "short video"),
    "live_streaming": ("网络直播", "live streaming"),
    "info_sharing": ("信息分享", "information sharing"),
    "mini_app": ("小程序", "mini-app"),
    "other": ("其他具有舆论属性或社会动员能力的服务", "other service with such capability"),
    "app": ("移动应用", "mobile app"),
    "comments": ("评论", "comments"),
    "posts": ("用户发布信息", "user posts"),
    "reposts": ("转发", "reposts"),
    "messaging": ("私信", "private messages"),
    "group_chat": ("群聊", "group chat"),
    "live_interaction": ("直播互动", "live interaction"),
    "accounts": ("用户注册账号", "user accounts"),
}

#: What `applies_to` may name: every kind, every feature, or "all".
APPLIES_TO_VOCABULARY: frozenset[str] = frozenset(("all", *SERVICE_KINDS, *SERVICE_FEATURES))

#: Unit types of the public security inspection checklists (mps-insp-2018d Art. 13).
INSPECTION_SERVICE_TYPES: tuple[str, ...] = (
    "access",  # internet access service
    "data_centre",  # internet data centre (IDC)
    "domain_name",  # domain name service
    "information_service",  # internet information service
    "content_delivery",  # content delivery network (CDN)
    "all",  # items for every unit that provides any internet service
)

ID_PATTERN = re.compile(r"^[a-z]+[0-9]+(\.[a-z0-9-]+)*$")
CITE_PATTERN = re.compile(r"^[a-z0-9-]+:[a-z]+[0-9]+(\.[a-z0-9-]+)*$")


class Text(BaseModel):
    """One phrase in both languages; Chinese is authoritative, English is our own wording."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Item(BaseModel):
    """A numbered item of an article: （一） (1) ... or 1. 2. ... under a category."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int = Field(ge=1)
    text_zh: str | None = Field(default=None, min_length=1)
    summary_en: str = Field(min_length=1)


class Checklist(BaseModel):
    """Marks a point as an item of an inspection checklist (mps-insp-2018d Art. 11-13)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["general", "special", "service_type"]
    service_types: tuple[str, ...] = ()

    @field_validator("service_types")
    @classmethod
    def _known_service_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(INSPECTION_SERVICE_TYPES))
        if unknown:
            raise ValueError(f"unknown inspection service types: {unknown}")
        return value

    @model_validator(mode="after")
    def _service_types_only_for_service_type_lists(self) -> Checklist:
        if (self.kind == "service_type") != bool(self.service_types):
            raise ValueError("service_types are required for, and only for, kind service_type")
        return self


class Point(BaseModel):
    """An assessable obligation (评估要点): what an assessor answers with a result and evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Text
    question: Text
    typical_evidence: Text
    applies_to: tuple[str, ...] = ("all",)
    checks: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    checklist: Checklist | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"point id {value!r} must look like art5.3 or cat2.1")
        return value

    @field_validator("applies_to")
    @classmethod
    def _applies_to_vocabulary(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - APPLIES_TO_VOCABULARY)
        if unknown or not value:
            raise ValueError(f"applies_to must name kinds/features or 'all'; unknown: {unknown}")
        return value

    @field_validator("cites")
    @classmethod
    def _cite_shape(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in value if not CITE_PATTERN.match(c)]
        if bad:
            raise ValueError(f"cites must look like 'pa-2017:art16' or 'sa-2018:art5.3': {bad}")
        return value


class Liability(BaseModel):
    """A conduct and the statute article it is punished under (mps-insp-2018d Art. 24-28)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    conduct: Text
    basis: Text
    law: Literal["csl-2016", "ctl-2015"]  # Cybersecurity Law, Counter-terrorism Law
    law_article: int = Field(ge=1)


class Article(BaseModel):
    """One article (or, for app-pi-2019, one category) with its items, points and liabilities."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int = Field(ge=1)
    chapter: Text | None = None
    text_zh: str | None = Field(default=None, min_length=1)
    summary_en: str = Field(min_length=1)
    items: tuple[Item, ...] = ()
    points: tuple[Point, ...] = ()
    liabilities: tuple[Liability, ...] = ()


class Annex(BaseModel):
    """A document attached to a regulation, such as the model inspection notice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Text
    text_zh: str | None = None
    summary_en: str = Field(min_length=1)


class Catalog(BaseModel):
    """One regulation: its identity, legal status and every article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]+(-[a-z0-9]+)+$")
    title: Text
    issuer: tuple[str, ...] = Field(min_length=1)
    status: Literal["in-force", "draft", "superseded"]
    effective: dt.date | None = None
    superseded_on: dt.date | None = None
    #: Official Chinese text, a file name under `anping/law/sources/`; None when we have none.
    source: str | None = None
    #: Why there is no Chinese text, when `source` is None.
    source_note: str | None = None
    #: "article" (第N条, ids artN) or "category" (app-pi-2019's 一、二、…, ids catN).
    unit: Literal["article", "category"] = "article"
    articles: tuple[Article, ...] = Field(min_length=1)
    annexes: tuple[Annex, ...] = ()

    @property
    def prefix(self) -> str:
        """The id prefix of this catalog's articles: `art` or `cat`."""
        return "art" if self.unit == "article" else "cat"

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        numbers = [a.n for a in self.articles]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"{self.id}: articles must be numbered 1..N in order, got {numbers}")
        point_ids = [p.id for a in self.articles for p in a.points]
        duplicates = sorted({p for p in point_ids if point_ids.count(p) > 1})
        if duplicates:
            raise ValueError(f"{self.id}: duplicate point ids {duplicates}")
        for article in self.articles:
            for point in article.points:
                if point.id.split(".")[0] != f"{self.prefix}{article.n}":
                    raise ValueError(f"{self.id}: point {point.id} must start with its article id")
        if self.status == "in-force" and self.effective is None:
            raise ValueError(f"{self.id}: an in-force regulation needs its effective date")
        if self.source is None and not self.source_note:
            raise ValueError(f"{self.id}: without a Chinese source, say why in source_note")
        return self
