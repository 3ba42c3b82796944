"""app-pi-2019 category 6: correction, deletion and account cancellation offered without
unnecessary conditions, a complaint channel, and committed time limits of ≤ 15 working days."""

from __future__ import annotations

import re
from typing import Any

from anping.checks.privacy import vocab as v
from anping.checks.privacy.rules.findings import Finding, PolicyDoc, quotes, worst
from anping.checks.privacy.text import Sentence
from anping.checks.privacy.timelimits import LAW_MAX_WORKING_DAYS, TimeLimit, find_time_limits
from anping.checks.privacy.timelimits import judge_limit as _judge
from anping.checks.result import Status


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
