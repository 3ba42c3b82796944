"""app-pi-2019 category 2 (cat2.1, cat2.3): each kind of personal information collected, above
all sensitive ones, is listed with its purpose, manner and a closed scope."""

from __future__ import annotations

from anping.checks.privacy import vocab as v
from anping.checks.privacy.rules.findings import Finding, PolicyDoc, quotes
from anping.checks.privacy.text import Sentence
from anping.checks.result import Status


def _types_in(doc: PolicyDoc, sentences: list[Sentence]) -> dict[str, list[Sentence]]:
    found: dict[str, list[Sentence]] = {}
    for info in v.INFO_TYPES:
        hits = [s for s in sentences if info.pattern.search(s.text)]
        if hits:
            found[info.id] = hits
    return found


def _type_label(type_id: str) -> tuple[str, str]:
    info = next(i for i in v.INFO_TYPES if i.id == type_id)
    return info.zh, info.en


def cat2_1_purposes(doc: PolicyDoc) -> Finding:
    """cat2.1: each kind of personal information collected is listed with its purpose."""
    collected = _types_in(doc, doc.collection_sentences())
    purposed = {t for t, ss in collected.items() if any(doc.has_purpose(s) for s in ss)}
    missing = [t for t in collected if t not in purposed]
    figures = {"types_listed": sorted(collected), "types_without_purpose": missing}
    if not collected:
        return Finding(
            "cat2.1:purposes",
            Status.NOT_MET,
            "未逐一列出所收集的个人信息类型",
            "the policy does not list the kinds of personal information it collects",
            (),
            figures,
            by_absence=True,
        )
    if missing:
        labels_zh = "、".join(_type_label(t)[0] for t in missing)
        labels_en = ", ".join(_type_label(t)[1] for t in missing)
        return Finding(
            "cat2.1:purposes",
            Status.NOT_MET,
            f"以下个人信息未说明收集使用目的：{labels_zh}",
            f"no purpose is stated for: {labels_en}",
            quotes(collected[t][0] for t in missing),
            figures,
        )
    examples = [next(s for s in collected[t] if doc.has_purpose(s)) for t in collected]
    return Finding(
        "cat2.1:purposes",
        Status.MET,
        f"列出的{len(collected)}类个人信息均说明了目的",
        f"all {len(collected)} kinds of personal information listed have a stated purpose",
        quotes(examples),
        figures,
    )


def cat2_1_manner(doc: PolicyDoc) -> Finding:
    """cat2.1: the manner of collection (provided by the user, automatic, from third parties)."""
    hits = doc.matching(v.MANNER)
    if hits:
        return Finding(
            "cat2.1:manner",
            Status.MET,
            "说明了收集方式",
            "the manner of collection is stated",
            quotes(hits, 2),
        )
    return Finding(
        "cat2.1:manner",
        Status.NOT_MET,
        "未说明收集个人信息的方式（主动提供、自动采集或从第三方获取）",
        "the manner of collection (provided by the user, automatic, from third parties) is not stated",
        by_absence=True,
    )


def cat2_1_scope_closed(doc: PolicyDoc) -> Finding:
    """cat2.1: "including but not limited to" leaves the scope open — not listed one by one."""
    open_scope = [s for s in doc.collection_sentences() if v.OPEN_SCOPE.search(s.text)]
    if open_scope:
        return Finding(
            "cat2.1:scope_closed",
            Status.NOT_MET,
            "收集范围使用“包括但不限于”等开放式表述，未逐一列出",
            "the scope is left open ('including but not limited to'), not listed one by one",
            quotes(open_scope),
            {"open_scope_sentences": len(open_scope)},
        )
    return Finding(
        "cat2.1:scope_closed",
        Status.MET,
        "收集范围未使用“包括但不限于”等开放式表述",
        "the scope of collection is not left open-ended",
    )


def cat2_3_sensitive_purposes(doc: PolicyDoc) -> Finding:
    """cat2.3: each sensitive kind (ID number, bank account, location track…) has a purpose."""
    collected = _types_in(doc, doc.collection_sentences())
    sensitive = {
        t: ss for t, ss in collected.items() if any(i.id == t and i.sensitive for i in v.INFO_TYPES)
    }
    missing = [t for t, ss in sensitive.items() if not any(doc.has_purpose(s) for s in ss)]
    figures = {"sensitive_types": sorted(sensitive), "without_purpose": missing}
    if missing:
        return Finding(
            "cat2.3:policy_purposes",
            Status.NOT_MET,
            "以下个人敏感信息未说明目的：" + "、".join(_type_label(t)[0] for t in missing),
            "no purpose is stated for sensitive information: "
            + ", ".join(_type_label(t)[1] for t in missing),
            quotes(sensitive[t][0] for t in missing),
            figures,
        )
    if sensitive:
        examples = [next(s for s in ss if doc.has_purpose(s)) for ss in sensitive.values()]
        return Finding(
            "cat2.3:policy_purposes",
            Status.MET,
            "隐私政策为所列个人敏感信息均说明了目的",
            "the policy states a purpose for every kind of sensitive information it lists",
            quotes(examples),
            figures,
        )
    return Finding(
        "cat2.3:policy_purposes",
        Status.CANNOT_DECIDE,
        "隐私政策未提及收集个人敏感信息；请结合权限清单和实际运行判断",
        "the policy mentions no sensitive information; check the manifest and the running app",
        (),
        figures,
    )
