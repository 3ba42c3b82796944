"""The text rules: one function per app-pi-2019 item that a policy's wording can decide.

Each rule returns `Finding`s — a criterion id (`cat6.1:functions`), a status, a bilingual reason
and the policy's own sentences as evidence. A rule reports "met" only on a sentence that shows the
measure; "not_met" either on a sentence that shows a breach (a 30-day limit, a fee to cancel) or on
the absence of any sentence (`by_absence`), which the check softens to "cannot_decide" when the
text was cut by a size cap. Items that need the running app are not here (see `observation`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from anping.checks.privacy import vocab as v
from anping.checks.privacy.manifest import Manifest, sensitive_permissions, short_name
from anping.checks.privacy.sdks import SdkHit, disclosed_in, load_sdks
from anping.checks.privacy.text import Sentence, cjk_count, latin_words, split_sentences
from anping.checks.privacy.timelimits import LAW_MAX_WORKING_DAYS, TimeLimit, find_time_limits
from anping.checks.privacy.timelimits import judge_limit as _judge
from anping.checks.result import SEVERITY, Status

MAX_QUOTES = 4
_TRAD = "個們資訊隱權數據與為說時會從這於務關應設備訪號碼帳錄發處過還進對將該請獲聯絡統護險規則條戶"
_SIMP = "个们资讯隐权数据与为说时会从这于务关应设备访号码账录发处过还进对将该请获联络统护险规则条户"
_TRAD_ONLY = frozenset(_TRAD) - frozenset(_SIMP)
_SIMP_ONLY = frozenset(_SIMP) - frozenset(_TRAD)


@dataclass(frozen=True)
class Finding:
    """One criterion's outcome from the text (see module docstring)."""

    criterion: str
    status: Status
    zh: str
    en: str
    evidence: tuple[str, ...] = ()
    figures: Mapping[str, Any] = field(default_factory=dict)
    by_absence: bool = False


class ReadabilityParams(BaseModel):
    """cat2.4 thresholds. The law gives no numbers ("冗长繁琐", "大量专业术语"): these are the
    project's heuristics, reported with the figures so an assessor can weigh them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_units: int = Field(
        default=30_000, ge=1000, description="Chinese characters + English words"
    )
    max_avg_sentence_units: float = Field(default=90.0, gt=0)
    max_unexplained_jargon_per_1000: float = Field(default=4.0, ge=0)
    min_jargon_hits: int = Field(
        default=5, ge=1, description="below this many unexplained terms, density is not judged"
    )


@dataclass(frozen=True)
class PolicyDoc:
    """A policy's text with its sentences, and the lookups the rules share."""

    text: str
    sentences: tuple[Sentence, ...]

    @classmethod
    def of(cls, text: str) -> PolicyDoc:
        return cls(text, split_sentences(text))

    def matching(self, *patterns: re.Pattern[str]) -> list[Sentence]:
        """Sentences matching every pattern."""
        return [s for s in self.sentences if all(p.search(s.text) for p in patterns)]

    def before(self, sentence: Sentence, n: int) -> list[Sentence]:
        return list(self.sentences[max(0, sentence.index - n) : sentence.index])

    def after(self, sentence: Sentence, n: int) -> list[Sentence]:
        return list(self.sentences[sentence.index + 1 : sentence.index + 1 + n])

    def has_purpose(self, sentence: Sentence) -> bool:
        """A purpose in the sentence or in a neighbour of the same paragraph ("…；用于…")."""
        near = [sentence, *self.before(sentence, 1), *self.after(sentence, 1)]
        return any(
            s.paragraph == sentence.paragraph and v.PURPOSE.search(s.text) for s in near
        ) or bool(v.PURPOSE.search(sentence.text))

    def collection_sentences(self) -> list[Sentence]:
        """Rules on collecting: a collecting verb (not denied), or a table row with a purpose."""
        return [
            s
            for s in self.sentences
            if (v.COLLECT.search(s.text) and not v.NEGATED_COLLECT.search(s.text))
            or ("|" in s.text and v.PURPOSE.search(s.text))
        ]


def quotes(sentences: Iterable[Sentence], limit: int = MAX_QUOTES) -> tuple[str, ...]:
    """Distinct sentences as evidence, in document order, at most `limit`."""
    seen: dict[int, Sentence] = {}
    for s in sentences:
        seen.setdefault(s.index, s)
    return tuple(s.quote() for _, s in sorted(seen.items())[:limit])


def worst(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=SEVERITY.__getitem__, default=Status.CANNOT_DECIDE)


# ---------------------------------------------------------------------------------------------
# Category 1: published rules
# ---------------------------------------------------------------------------------------------


def cat1_1_rules_exist(doc: PolicyDoc) -> Finding:
    """cat1.1: a privacy policy exists and contains rules on collecting and using information."""
    titles = doc.matching(v.POLICY_TITLE)
    rules = doc.collection_sentences()
    specific = [s for s in rules if any(i.pattern.search(s.text) for i in v.INFO_TYPES)]
    figures = {"policy_title_found": bool(titles), "collection_rule_sentences": len(rules)}
    if specific or len(rules) >= 2:
        note_zh = "" if titles else "（文件未自称隐私政策，但含收集使用规则）"
        note_en = "" if titles else " (the document does not call itself a privacy policy)"
        return Finding(
            "cat1.1:rules",
            Status.MET,
            f"隐私政策含有收集使用个人信息的规则{note_zh}",
            f"the policy contains rules on collecting and using personal information{note_en}",
            quotes([*titles[:1], *rules], 3),
            figures,
        )
    return Finding(
        "cat1.1:rules",
        Status.NOT_MET,
        "文件中没有收集使用个人信息的规则",
        "the document contains no rules on collecting and using personal information",
        quotes([*titles[:1], *rules], 2),
        figures,
        by_absence=True,
    )


def cat1_4_simplified_chinese(doc: PolicyDoc, *, only_version: bool) -> Finding:
    """cat1.4: a simplified-Chinese version exists (legibility itself needs screenshots)."""
    cjk = cjk_count(doc.text)
    trad = sum(doc.text.count(c) for c in _TRAD_ONLY)
    simp = sum(doc.text.count(c) for c in _SIMP_ONLY)
    figures = {"chinese_characters": cjk, "traditional_markers": trad, "simplified_markers": simp}
    if cjk >= 50 and simp >= 5 and simp >= 2 * trad:
        return Finding(
            "cat1.4:simplified_chinese",
            Status.MET,
            "提供的隐私政策为简体中文",
            "the supplied policy is in simplified Chinese",
            (),
            figures,
        )
    language_zh = "繁体中文" if cjk >= 50 else "非中文"
    language_en = "traditional Chinese" if cjk >= 50 else "not Chinese"
    if only_version:
        return Finding(
            "cat1.4:simplified_chinese",
            Status.NOT_MET,
            f"提供的隐私政策为{language_zh}，且评估人确认为唯一版本：未提供简体中文版",
            f"the policy is {language_en} and the assessor states it is the only version: "
            "no simplified-Chinese version",
            (),
            figures,
        )
    return Finding(
        "cat1.4:simplified_chinese",
        Status.CANNOT_DECIDE,
        f"提供的隐私政策为{language_zh}；若App内没有简体中文版则不符合，请提供简体中文版或确认唯一版本",
        f"the supplied policy is {language_en}; if the app has no simplified-Chinese version the "
        "item is not met — supply that version or set only_language_version",
        (),
        figures,
    )


# ---------------------------------------------------------------------------------------------
# Category 2: purposes, manner and scope stated
# ---------------------------------------------------------------------------------------------


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


def cat2_1_third_parties(doc: PolicyDoc, hits: list[SdkHit], sdk_input: bool) -> Finding:
    """cat2.1: entrusted third parties and embedded SDKs, with what they collect and why."""
    mentions = [s for s in doc.matching(v.THIRD_PARTY) if not v.NEGATED_COLLECT.search(s.text)]
    with_purpose = [s for s in mentions if doc.has_purpose(s)]
    named = sorted({sdk.id for sdk in load_sdks() if disclosed_in(sdk, doc.text)})
    figures = {"third_party_sentences": len(mentions), "known_sdks_named": named}
    if with_purpose:
        return Finding(
            "cat2.1:third_parties",
            Status.MET,
            "说明了第三方（含SDK）收集使用个人信息的目的",
            "the policy states what third parties (including SDKs) collect and why",
            quotes(with_purpose),
            figures,
        )
    if mentions:
        return Finding(
            "cat2.1:third_parties",
            Status.NOT_MET,
            "提及第三方或SDK，但未说明其收集使用的目的、方式和范围",
            "third parties or SDKs are mentioned without their purposes, manner and scope",
            quotes(mentions),
            figures,
        )
    if hits:
        return Finding(
            "cat2.1:third_parties",
            Status.NOT_MET,
            "App嵌入了第三方SDK，但隐私政策未提及任何第三方",
            "the app embeds third-party SDKs but the policy mentions no third party",
            (),
            figures,
            by_absence=True,
        )
    why_en = (
        "no known SDK was found in the inputs (the SDK catalogue is typical, not exhaustive)"
        if sdk_input
        else "this is a gap only if the app embeds any: supply the manifest or SDK list"
    )
    return Finding(
        "cat2.1:third_parties",
        Status.CANNOT_DECIDE,
        "隐私政策未提及第三方或SDK；仅当App嵌入第三方代码时才构成缺失，请提供清单或SDK列表",
        f"the policy mentions no third parties or SDKs; {why_en}",
        (),
        figures,
    )


def cat2_1_sdks_disclosed(doc: PolicyDoc, hits: list[SdkHit], unknown: list[str]) -> Finding:
    """cat2.1: every embedded SDK found in the manifest or SDK list is named in the policy."""
    rows = [_sdk_row(hit, disclosed_in(hit.sdk, doc.text)) for hit in hits]
    missing = [row for row in rows if row["named_as"] is None]
    figures: dict[str, Any] = {"embedded": rows, "unrecognised": unknown[:50]}
    named_sentences = [
        s for s in doc.sentences if any(r["named_as"] and r["named_as"] in s.text for r in rows)
    ]
    if missing:
        names_zh = "；".join(f"{r['name']}（可收集：{'、'.join(r['collects'])}）" for r in missing)
        names_en = "; ".join(
            f"{r['name']} (collects {', '.join(r['collects_en'])})" for r in missing
        )
        return Finding(
            "cat2.1:sdks_disclosed",
            Status.NOT_MET,
            f"以下嵌入的SDK未在隐私政策中列明：{names_zh}",
            f"embedded SDKs not disclosed in the policy: {names_en}",
            quotes(named_sentences),
            figures,
        )
    if unknown:
        return Finding(
            "cat2.1:sdks_disclosed",
            Status.CANNOT_DECIDE,
            f"有{len(unknown)}项SDK不在已知SDK目录中，无法判断政策是否列明：{'、'.join(unknown[:10])}",
            f"{len(unknown)} SDK entries are not in the known-SDK catalogue, so their disclosure "
            f"cannot be checked: {', '.join(unknown[:10])}",
            quotes(named_sentences),
            figures,
        )
    if rows:
        return Finding(
            "cat2.1:sdks_disclosed",
            Status.MET,
            f"发现的{len(rows)}个已知SDK均在隐私政策中列明",
            f"all {len(rows)} known SDKs found are named in the policy",
            quotes(named_sentences),
            figures,
        )
    return Finding(
        "cat2.1:sdks_disclosed",
        Status.CANNOT_DECIDE,
        "输入中未发现已知SDK（SDK目录仅列典型SDK）",
        "no known SDK was found in the inputs (the catalogue lists typical SDKs only)",
        (),
        figures,
    )


def _sdk_row(hit: SdkHit, named_as: str | None) -> dict[str, Any]:
    sdk = hit.sdk
    return {
        "id": sdk.id,
        "name": sdk.name,
        "vendor": sdk.vendor,
        "found_as": hit.found_as,
        "collects": list(sdk.collects),
        "collects_en": list(sdk.collects_en),
        "named_as": named_as,
    }


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


def cat2_3_manifest_permissions(doc: PolicyDoc, manifest: Manifest) -> Finding:
    """cat2.3: every manifest permission able to collect personal information has a purpose."""
    sensitive = sensitive_permissions(manifest)
    rows: list[dict[str, Any]] = []
    shown: list[Sentence] = []
    for permission, info in sensitive.items():
        about = [
            s
            for s in doc.sentences
            if info.keywords.search(s.text)
            and (v.COLLECT.search(s.text) or re.search(r"权限|permission", s.text, re.I))
            and not v.NEGATED_COLLECT.search(s.text)
        ]
        purposed = [s for s in about if doc.has_purpose(s)]
        state = "purpose_stated" if purposed else ("no_purpose" if about else "not_mentioned")
        rows.append(
            {"permission": short_name(permission), "zh": info.zh, "en": info.en, "state": state}
        )
        shown.extend(purposed[:1] or about[:1])
    missing = [r for r in rows if r["state"] != "purpose_stated"]
    figures = {"sensitive_permissions": rows, "declared_permissions": len(manifest.permissions)}
    if missing:
        listed = ", ".join(f"{r['permission']} ({r['state']})" for r in missing)
        return Finding(
            "cat2.3:manifest_permissions",
            Status.NOT_MET,
            f"清单申请了以下可收集个人信息的权限，但隐私政策未说明目的：{listed}",
            f"the manifest requests these permissions without a purpose in the policy: {listed}",
            quotes(shown),
            figures,
        )
    if rows:
        return Finding(
            "cat2.3:manifest_permissions",
            Status.MET,
            f"清单中{len(rows)}项可收集个人信息的权限均在隐私政策中说明了目的",
            f"all {len(rows)} personal-information permissions in the manifest have a stated purpose",
            quotes(shown),
            figures,
        )
    return Finding(
        "cat2.3:manifest_permissions",
        Status.MET,
        "清单未申请可收集个人信息的敏感权限",
        "the manifest requests no permission able to collect personal information",
        (),
        figures,
    )


def cat2_4_readability(doc: PolicyDoc, params: ReadabilityParams) -> Finding:
    """cat2.4: not long-winded and not full of unexplained jargon (project heuristics)."""
    units = cjk_count(doc.text) + latin_words(doc.text)
    avg = units / max(1, len(doc.sentences))
    unexplained, explained, shown = _jargon(doc)
    per_1000 = 1000 * sum(unexplained.values()) / max(1, units)
    figures = {
        "units": units,
        "sentences": len(doc.sentences),
        "avg_sentence_units": round(avg, 1),
        "unexplained_jargon": dict(sorted(unexplained.items())),
        "explained_jargon": sorted(explained),
        "unexplained_jargon_per_1000": round(per_1000, 2),
        "thresholds": params.model_dump(),
    }
    problems_en: list[str] = []
    problems_zh: list[str] = []
    if units > params.max_units:
        problems_zh.append(f"篇幅{units}字（词），超过{params.max_units}")
        problems_en.append(f"length {units} units exceeds {params.max_units}")
    if avg > params.max_avg_sentence_units:
        problems_zh.append(f"平均句长{avg:.0f}，超过{params.max_avg_sentence_units:.0f}")
        problems_en.append(
            f"average sentence {avg:.0f} units exceeds {params.max_avg_sentence_units:.0f}"
        )
    hits = sum(unexplained.values())
    if hits >= params.min_jargon_hits and per_1000 > params.max_unexplained_jargon_per_1000:
        problems_zh.append(f"未解释的专业术语每千字{per_1000:.1f}处")
        problems_en.append(f"{per_1000:.1f} unexplained technical terms per 1,000 units")
    note_en = " (thresholds are the project's heuristics; the law gives no numbers)"
    if problems_en:
        return Finding(
            "cat2.4:readability",
            Status.NOT_MET,
            "；".join(problems_zh) + "（阈值为本项目的经验值，法规未给出数值）",
            "; ".join(problems_en) + note_en,
            quotes(shown),
            figures,
        )
    return Finding(
        "cat2.4:readability",
        Status.MET,
        "篇幅、句长和专业术语使用均在阈值内（阈值为本项目的经验值）",
        "length, sentence length and jargon are within the thresholds" + note_en,
        (),
        figures,
    )


def _jargon(doc: PolicyDoc) -> tuple[dict[str, int], set[str], list[Sentence]]:
    unexplained: dict[str, int] = {}
    explained: set[str] = set()
    shown: list[Sentence] = []
    for term in v.JARGON:
        pattern = _term_pattern(term)
        spots = list(pattern.finditer(doc.text))
        if not spots:
            continue
        if any(v.EXPLAINED_AFTER.search(doc.text[m.end() : m.end() + 16]) for m in spots):
            explained.add(term)
            continue
        unexplained[term] = len(spots)
        shown.extend(doc.matching(pattern)[:1])
    return unexplained, explained, shown


def _term_pattern(term: str) -> re.Pattern[str]:
    if re.fullmatch(r"[A-Za-z \-]+", term):
        return re.compile(r"(?<![A-Za-z])" + re.escape(term), re.IGNORECASE)
    return re.compile(re.escape(term), re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Category 3: consent
# ---------------------------------------------------------------------------------------------


def cat3_6_non_targeted_option(doc: PolicyDoc) -> Finding:
    """cat3.6: where content is personalised, an option for non-targeted content is offered."""
    targeted = doc.matching(v.TARGETED)
    option = doc.matching(v.NON_TARGETED)
    figures = {"targeted_sentences": len(targeted), "option_sentences": len(option)}
    if targeted and option:
        return Finding(
            "cat3.6:option",
            Status.MET,
            "隐私政策说明了个性化推送，并提供非个性化（关闭）选项",
            "the policy describes personalised content and offers a non-targeted option",
            quotes(option, 2),
            figures,
        )
    if targeted:
        return Finding(
            "cat3.6:option",
            Status.NOT_MET,
            "隐私政策说明使用个人信息进行个性化推送，但未提供非定向推送的选项",
            "the policy uses personal information for targeted content but offers no non-targeted option",
            quotes(targeted),
            figures,
            by_absence=True,
        )
    return Finding(
        "cat3.6:option",
        Status.CANNOT_DECIDE,
        "隐私政策未提及定向推送；App是否定向推送需在运行中确认",
        "the policy does not mention targeted content; whether the app personalises needs the running app",
        (),
        figures,
    )


def cat3_8_withdraw_consent(doc: PolicyDoc) -> Finding:
    """cat3.8: the policy tells users how to withdraw consent."""
    hits = doc.matching(v.WITHDRAW)
    if hits:
        return Finding(
            "cat3.8:withdraw",
            Status.MET,
            "隐私政策说明了撤回同意的途径或方式",
            "the policy describes a way to withdraw consent",
            quotes(hits, 3),
        )
    return Finding(
        "cat3.8:withdraw",
        Status.NOT_MET,
        "隐私政策未提供撤回同意的途径、方式",
        "the policy gives no way to withdraw consent",
        by_absence=True,
    )


# ---------------------------------------------------------------------------------------------
# Category 6: correction, deletion, cancellation, complaints
# ---------------------------------------------------------------------------------------------


def cat6_1_functions(doc: PolicyDoc) -> Finding:
    """cat6.1: correction, deletion and account cancellation are all offered to the user."""
    features = {
        "correct": ("更正", "correction", v.CORRECT),
        "delete": ("删除", "deletion", v.DELETE),
        "cancel_account": ("注销账号", "account cancellation", v.CANCEL_ACCOUNT),
    }
    found: dict[str, list[Sentence]] = {}
    for key, (_, _, pattern) in features.items():
        hits = [s for s in doc.matching(pattern) if v.ABILITY.search(s.text)]
        if hits:
            found[key] = hits
    missing = [k for k in features if k not in found]
    figures = {"found": sorted(found), "missing": missing}
    evidence = quotes(ss[0] for ss in found.values())
    if missing:
        return Finding(
            "cat6.1:functions",
            Status.NOT_MET,
            "隐私政策未说明以下功能：" + "、".join(features[k][0] for k in missing),
            "the policy does not describe: " + ", ".join(features[k][1] for k in missing),
            evidence,
            figures,
            by_absence=True,
        )
    return Finding(
        "cat6.1:functions",
        Status.MET,
        "隐私政策说明了更正、删除个人信息及注销账号的方式（功能是否有效可由记录的观察补充）",
        "the policy describes correction, deletion and account cancellation (whether they work can "
        "be added as a recorded observation)",
        evidence,
        figures,
    )


def cat6_2_conditions(doc: PolicyDoc) -> Finding:
    """cat6.2: no unnecessary conditions (fees, visits, notarisation) on those functions."""
    topic = [
        s
        for s in doc.sentences
        if v.CANCEL_ACCOUNT.search(s.text) or v.CORRECT.search(s.text) or v.DELETE.search(s.text)
    ]
    context = {s.index: s for t in topic for s in [t, *doc.after(t, 1)]}
    sentences = [s for _, s in sorted(context.items()) if not v.NEGATED_CONDITION.search(s.text)]
    bad = [s for s in sentences if v.COND_UNREASONABLE.search(s.text)]
    identity = [s for s in sentences if v.COND_IDENTITY.search(s.text)]
    figures = {"unreasonable": len(bad), "identity_conditions": len(identity)}
    if bad:
        return Finding(
            "cat6.2:conditions",
            Status.NOT_MET,
            "为更正、删除或注销设置了收费、线下办理或公证等不必要条件",
            "correction, deletion or cancellation is subject to fees, a visit or letter, or notarisation",
            quotes(bad),
            figures,
        )
    if identity:
        return Finding(
            "cat6.2:conditions",
            Status.CANNOT_DECIDE,
            "注销等需提交身份证件或人脸等信息；是否合理取决于注册时收集的信息，需评估人判断",
            "cancellation or similar requires identity documents or a face scan; whether that is "
            "reasonable depends on what was collected at registration — an assessor decides",
            quotes(identity),
            figures,
        )
    cancel = doc.matching(v.CANCEL_ACCOUNT)
    if cancel:
        return Finding(
            "cat6.2:conditions",
            Status.MET,
            "隐私政策所述更正、删除、注销条件中未发现不必要或不合理条件",
            "no unnecessary or unreasonable condition is stated for correction, deletion or cancellation",
            quotes(cancel, 2),
            figures,
        )
    return Finding(
        "cat6.2:conditions",
        Status.CANNOT_DECIDE,
        "隐私政策未描述注销流程，无法判断条件是否合理",
        "the policy does not describe the cancellation process; its conditions cannot be judged",
        (),
        figures,
    )


def _commitments(
    doc: PolicyDoc, topic: re.Pattern[str], window: int
) -> tuple[list[tuple[Sentence, TimeLimit]], list[Sentence], list[Sentence]]:
    """(sentence, limit) commitments on a topic; vague-timing and cooling-off sentences."""
    limits: list[tuple[Sentence, TimeLimit]] = []
    vague: list[Sentence] = []
    cooling: list[Sentence] = []
    for s in doc.sentences:
        on_topic = topic.search(s.text) or any(
            topic.search(b.text) and not v.AUTHORITY.search(b.text) for b in doc.before(s, window)
        )
        if not (on_topic and v.RESPONSE.search(s.text)):
            continue
        if v.COOLING_OFF.search(s.text):
            cooling.append(s)
            continue
        if v.RETENTION.search(s.text):
            continue
        found = find_time_limits(s.text)
        if not found and v.IMMEDIATE.search(s.text):
            found = [TimeLimit(0, "hour", "immediately")]
        limits.extend((s, limit) for limit in found)
        if not found and v.VAGUE_TIME.search(s.text):
            vague.append(s)
    return limits, vague, cooling


def commitment_finding(
    doc: PolicyDoc,
    criterion: str,
    topic: re.Pattern[str],
    *,
    window: int,
    configured: int,
    law: int = LAW_MAX_WORKING_DAYS,
) -> Finding:
    """cat6.3 / cat6.5: a committed time limit of at most 15 working days, or none stated."""
    limits, vague, cooling = _commitments(doc, topic, window)
    figures: dict[str, Any] = {
        "commitments": [
            {"text": lim.text, "amount": lim.amount, "unit": lim.unit} for _, lim in limits
        ],
        "law_max_working_days": law,
        "configured_max_working_days": configured,
        "cooling_off_sentences": [s.quote() for s in cooling],
    }
    if not limits:
        vague_zh = "（仅有“及时”“尽快”等表述）" if vague else ""
        vague_en = " (only 'promptly' or 'as soon as possible')" if vague else ""
        return Finding(
            criterion,
            Status.CANNOT_DECIDE,
            f"未承诺处理时限{vague_zh}；依法以{law}个工作日为限，实际处理时长需以工单记录核实",
            f"no time limit is committed{vague_en}; the legal default of {law} working days applies "
            "and actual handling must be checked against records",
            quotes(vague, 2),
            figures,
        )
    verdicts = []
    for _, limit in limits:
        ordinary, at_most = limit.working_day_bounds()
        verdicts.append(
            _judge(
                ordinary,
                at_most,
                law=law,
                configured=configured,
                what_zh=f"承诺时限“{limit.text}”",
                what_en=f"the committed limit '{limit.text}'",
            )
        )
    status = worst(vd.status for vd in verdicts)
    chosen = [vd for vd in verdicts if vd.status == status]
    return Finding(
        criterion,
        status,
        "；".join(dict.fromkeys(vd.zh for vd in chosen)),
        "; ".join(dict.fromkeys(vd.en for vd in chosen)),
        quotes(s for s, _ in limits),
        figures,
    )


def cat6_3_time_limit(doc: PolicyDoc, configured: int) -> Finding:
    """cat6.3: the committed time for correction, deletion and cancellation ≤ 15 working days."""
    topic = re.compile(
        "|".join(p.pattern for p in (v.CORRECT, v.DELETE, v.CANCEL_ACCOUNT, v.RIGHTS_REQUEST)),
        re.IGNORECASE,
    )
    return commitment_finding(doc, "cat6.3:time_limit", topic, window=3, configured=configured)


def cat6_5_channel(doc: PolicyDoc) -> Finding:
    """cat6.5: a complaint and reporting channel of the operator's own is published."""
    complaints = [s for s in doc.matching(v.COMPLAINT) if not v.AUTHORITY.search(s.text)]
    for s in complaints:
        channel = [c for c in [s, *doc.after(s, 6)] if v.CHANNEL.search(c.text)]
        if channel:
            return Finding(
                "cat6.5:channel",
                Status.MET,
                "公布了个人信息安全投诉、举报渠道",
                "a complaint and reporting channel is published",
                quotes([s, *channel], 3),
            )
    contact = doc.matching(v.CHANNEL)
    if contact:
        return Finding(
            "cat6.5:channel",
            Status.CANNOT_DECIDE,
            "公布了联系方式，但未明确作为个人信息安全投诉、举报渠道",
            "contact details are published, but not as a complaint and reporting channel",
            quotes(contact, 2),
        )
    return Finding(
        "cat6.5:channel",
        Status.NOT_MET,
        "未公布个人信息安全投诉、举报渠道",
        "no complaint and reporting channel is published",
        by_absence=True,
    )


def cat6_5_time_limit(doc: PolicyDoc, configured: int) -> Finding:
    """cat6.5: complaints accepted and handled within a committed ≤ 15 working days."""
    topic = re.compile(f"{v.COMPLAINT.pattern}|{v.CONTACT.pattern}", re.IGNORECASE)
    return commitment_finding(doc, "cat6.5:time_limit", topic, window=8, configured=configured)
