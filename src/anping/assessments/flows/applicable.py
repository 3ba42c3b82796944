"""The catalog points that apply to a service: its kinds, features and focus areas."""

from __future__ import annotations

import datetime as dt

from anping.assessments.models import Assessment, PointResult
from anping.law import catalog
from anping.law.catalog_schema import SERVICE_KINDS
from anping.services.models import InformationService

#: Words in a function's name or description that reveal a feature (catalog_schema.SERVICE_FEATURES).
FEATURE_WORDS: dict[str, tuple[str, ...]] = {
    "posts": ("发帖", "发布", "投稿", "post"),
    "comments": ("评论", "回复", "留言", "跟帖", "comment", "repl"),
    "reposts": ("转发", "分享", "repost", "share"),
    "messaging": ("私信", "私聊", "message"),
    "group_chat": ("群聊", "群组", "group chat"),
    "live_interaction": ("弹幕", "连麦", "打赏", "bullet", "live chat"),
    "accounts": ("注册", "账号", "account", "sign up"),
}


#: Kinds whose users publish content by definition (sa-2018 Art. 2(1)).
POSTING_KINDS = frozenset(
    {"forum", "blog", "microblog", "info_sharing", "short_video", "live_streaming"}
)


def kinds_for(service: InformationService) -> list[str]:
    kinds = set(service.kinds) | {f.kind for f in service.functions.all() if f.kind}
    return sorted(k for k in kinds if k in SERVICE_KINDS)


def features_for(service: InformationService) -> list[str]:
    """The catalog features of a service: `app` when it has an app identifier; interactive
    features from its kinds and from its functions' names and descriptions."""
    features = set()
    if service.app_identifiers:
        features.add("app")
    kinds = set(kinds_for(service))
    if kinds & POSTING_KINDS:
        features.add("posts")
    text = " ".join(f"{f.name} {f.description}" for f in service.functions.all()).lower()
    for feature, words in FEATURE_WORDS.items():
        if any(word in text for word in words):
            features.add(feature)
    return sorted(features)


def applicable_points(service: InformationService, on: dt.date) -> list[catalog.PointRef]:
    """The points the service must answer on `on` (catalogs in force that day)."""
    return catalog.points_for(kinds_for(service), features_for(service), on=on)


def area_of(ref: catalog.PointRef) -> str:
    """The focus area of a point: the eight Art. 5 items, the rest of sa-2018, other catalogs."""
    if ref.catalog_id == "sa-2018":
        if ref.article.n == 5:
            _head, _sep, tail = ref.local_id.partition(".")
            return f"sa-2018:art5.{tail}" if tail.isdigit() else "sa-2018:art5"
        return "sa-2018"
    return ref.catalog_id


def _point_row(assessment: Assessment, ref: catalog.PointRef, order: int) -> PointResult:
    return PointResult(
        assessment=assessment,
        urn=ref.urn,
        cite=ref.cite,
        catalog_id=ref.catalog_id,
        article_n=ref.article.n,
        area=area_of(ref),
        order=order,
        title_zh=ref.point.title.zh,
        title_en=ref.point.title.en,
    )
