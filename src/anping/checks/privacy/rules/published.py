"""app-pi-2019 category 1: the rules on collection and use are published, in simplified Chinese."""

from __future__ import annotations

from anping.checks.privacy import vocab as v
from anping.checks.privacy.rules.findings import Finding, PolicyDoc, quotes
from anping.checks.privacy.text import cjk_count
from anping.checks.result import Status

_TRAD = "個們資訊隱權數據與為說時會從這於務關應設備訪號碼帳錄發處過還進對將該請獲聯絡統護險規則條戶"
_SIMP = "个们资讯隐权数据与为说时会从这于务关应设备访号码账录发处过还进对将该请获联络统护险规则条户"
_TRAD_ONLY = frozenset(_TRAD) - frozenset(_SIMP)
_SIMP_ONLY = frozenset(_SIMP) - frozenset(_TRAD)


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
