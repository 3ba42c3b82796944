"""app-pi-2019 cat2.1 and cat2.3 against the app itself: third parties and embedded SDKs, and
the manifest's permissions, each disclosed with a purpose in the policy."""

from __future__ import annotations

import re
from typing import Any

from anping.checks.privacy import vocab as v
from anping.checks.privacy.manifest import Manifest, sensitive_permissions, short_name
from anping.checks.privacy.rules.findings import Finding, PolicyDoc, quotes
from anping.checks.privacy.sdks import SdkHit, disclosed_in, load_sdks
from anping.checks.privacy.text import Sentence
from anping.checks.result import Status


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
