"""app-pi-2019 category 3 (consent): a non-targeted option where content is personalised, and
a way to withdraw consent."""

from __future__ import annotations

from anping.checks.privacy import vocab as v
from anping.checks.privacy.rules.findings import Finding, PolicyDoc, quotes
from anping.checks.result import Status


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
