"""Privacy-policy and app checks for app-pi-2019 (《App违法违规收集使用个人信息行为认定方法》).

Check `privacy_policy.items` gives every one of the 31 items a result: the items a policy's wording
can decide (cat1.1, cat1.4, cat2.1, cat2.3, cat2.4, cat3.6, cat3.8, cat6.1, cat6.2, cat6.3, cat6.5)
are met / not_met / cannot_decide with the policy's sentences quoted; the rest, which need the
running app, are MANUAL with what to observe, decided later by `apply_observation`.
`privacy_policy.manifest_permissions` runs only the manifest and SDK part (cat2.1, cat2.3).

Inputs: a policy file (HTML, text or PDF; UTF-8 or GBK), optionally an Android manifest (XML or
aapt dump, parsed XXE-safe) and an SDK list. Unreadable input is reported, never passed.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from anping.checks.privacy import rules
from anping.checks.privacy import vocab as v
from anping.checks.privacy.manifest import Manifest, ManifestError, parse_manifest
from anping.checks.privacy.observation import (
    CATALOG_ID,
    MANUAL_CHECKS,
    Observation,
    apply_observation,
    manual_criterion,
)
from anping.checks.privacy.rules import Finding, PolicyDoc, ReadabilityParams
from anping.checks.privacy.sdks import SdkHit, detect_sdks, parse_sdk_list, unrecognised
from anping.checks.privacy.text import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    Format,
    PolicyReadError,
    PolicyText,
    read_policy,
)
from anping.checks.privacy.timelimits import LAW_MAX_CLICKS, LAW_MAX_WORKING_DAYS
from anping.checks.registry import Progress, register
from anping.checks.result import Bilingual, CheckResult, Criterion, Status, fingerprint
from anping.law.catalog_schema import Catalog

__all__ = [
    "CHECK_ID",
    "MANIFEST_CHECK_ID",
    "Observation",
    "PrivacyPolicyParams",
    "apply_observation",
    "assess",
    "item_statuses",
    "run_items",
    "run_manifest_permissions",
]

CHECK_ID = "privacy_policy.items"
MANIFEST_CHECK_ID = "privacy_policy.manifest_permissions"
ENGINE = "anping.privacy-rules/1"

#: Criteria the policy text decides, by item, with their titles.
TEXT_CRITERIA: dict[str, tuple[str, str]] = {
    "cat1.1:rules": ("隐私政策含收集使用规则", "Policy contains collection and use rules"),
    "cat1.4:simplified_chinese": ("提供简体中文版", "Simplified-Chinese version"),
    "cat2.1:purposes": (
        "逐一列明个人信息及目的",
        "Each kind of information listed with its purpose",
    ),
    "cat2.1:manner": ("说明收集方式", "Manner of collection stated"),
    "cat2.1:scope_closed": ("收集范围无开放式表述", "Scope not left open-ended"),
    "cat2.1:third_parties": ("说明第三方及SDK的收集使用", "Third parties and SDKs described"),
    "cat2.1:sdks_disclosed": ("嵌入的SDK均已列明", "Embedded SDKs disclosed"),
    "cat2.3:policy_purposes": ("个人敏感信息说明目的", "Purpose stated for sensitive information"),
    "cat2.3:manifest_permissions": ("清单权限说明目的", "Purpose stated for manifest permissions"),
    "cat2.4:readability": ("篇幅与专业术语", "Length and jargon"),
    "cat3.6:option": ("提供非定向推送选项", "Non-targeted option offered"),
    "cat3.8:withdraw": ("撤回同意的途径", "Way to withdraw consent"),
    "cat6.1:functions": ("更正、删除、注销功能", "Correction, deletion and cancellation"),
    "cat6.2:conditions": ("无不合理条件", "No unreasonable conditions"),
    "cat6.3:time_limit": ("承诺处理时限≤15个工作日", "Committed handling time ≤ 15 working days"),
    "cat6.5:channel": ("投诉举报渠道", "Complaint and reporting channel"),
    "cat6.5:time_limit": ("投诉处理时限≤15个工作日", "Complaint handling time ≤ 15 working days"),
}
#: Criteria that need a manifest or SDK list; without one they are left out.
_NEEDS_APP_INPUT = frozenset({"cat2.1:sdks_disclosed", "cat2.3:manifest_permissions"})
#: Sentences quoted on a MANUAL criterion to help the tester (hints, not findings).
_HINTS = {"cat2.2:observation": v.POLICY_CHANGE, "cat4.5:observation": v.FORCED_CONSENT}


class PrivacyPolicyParams(BaseModel):
    """Inputs and thresholds. Thresholds default to the law's and cite it; a looser one is
    accepted but can never yield "met" (see `timelimits.judge_limit`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    policy: Path | None = Field(default=None, description="privacy policy: .html, .txt or .pdf")
    policy_format: Format = "auto"
    manifest: Path | None = Field(default=None, description="AndroidManifest.xml or aapt dump")
    sdk_list: Path | None = Field(
        default=None, description="embedded SDKs, one package or name a line"
    )
    only_language_version: bool = Field(
        default=False,
        description="cat1.4: the assessor states the supplied policy is the only version",
    )
    max_clicks_to_policy: int = Field(
        default=LAW_MAX_CLICKS, ge=1, description="app-pi-2019 cat1.3 (一、3): at most 4 taps"
    )
    max_working_days: int = Field(
        default=LAW_MAX_WORKING_DAYS,
        ge=1,
        description="app-pi-2019 cat6.3 and cat6.5 (六、3 and 六、5): at most 15 working days",
    )
    max_read_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1024, le=256 * 1024 * 1024)
    max_text_chars: int = Field(default=DEFAULT_MAX_CHARS, ge=1000)
    readability: ReadabilityParams = ReadabilityParams()


@functools.cache
def catalog_points() -> tuple[tuple[str, Bilingual], ...]:
    """The 31 app-pi-2019 point ids with their titles, read from the catalog itself."""
    source = resources.files("anping.law").joinpath("catalogs", f"{CATALOG_ID}.yaml")
    catalog = Catalog.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    return tuple(
        (p.id, Bilingual(zh=p.title.zh, en=p.title.en)) for a in catalog.articles for p in a.points
    )


@dataclass
class _Inputs:
    """What was read, or why it could not be."""

    policy: PolicyText | None = None
    policy_error: PolicyReadError | None = None
    manifest: Manifest | None = None
    manifest_error: ManifestError | None = None
    sdk_entries: tuple[str, ...] | None = None
    sdk_error: PolicyReadError | None = None


def _read_inputs(params: PrivacyPolicyParams) -> _Inputs:
    got = _Inputs()
    if params.policy is not None:
        try:
            got.policy = read_policy(
                params.policy,
                fmt=params.policy_format,
                max_bytes=params.max_read_bytes,
                max_chars=params.max_text_chars,
            )
        except PolicyReadError as exc:
            got.policy_error = exc
    if params.manifest is not None:
        try:
            got.manifest = parse_manifest(_read_capped(params.manifest, params.max_read_bytes))
        except ManifestError as exc:
            got.manifest_error = exc
    if params.sdk_list is not None:
        try:
            got.sdk_entries = parse_sdk_list(_read_capped(params.sdk_list, params.max_read_bytes))
        except PolicyReadError as exc:
            got.sdk_error = exc
    return got


def _read_capped(path: Path, cap: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        raise ManifestError(
            f"无法读取文件 {path.name}：{exc.strerror or exc}",
            f"cannot read the file {path.name}: {exc.strerror or exc}",
        ) from None
    if len(data) > cap:
        raise ManifestError(
            f"文件 {path.name} 超过读取上限{cap}字节，未读取",
            f"the file {path.name} exceeds the read cap of {cap} bytes; not read",
        )
    return data


def assess(
    policy: PolicyText | None,
    params: PrivacyPolicyParams,
    *,
    manifest: Manifest | None = None,
    sdk_entries: tuple[str, ...] | None = None,
    policy_error: tuple[str, str] | None = None,
    input_errors: tuple[tuple[str, str], ...] = (),
) -> tuple[Criterion, ...]:
    """All criteria for the 31 items from already-read inputs (the check's pure core).

    `policy_error` is why the policy could not be read; `input_errors` why the manifest or SDK
    list could not be, each as (zh, en).
    """
    findings = _text_findings(policy, params, manifest, sdk_entries, policy_error, input_errors)
    by_item: dict[str, list[Criterion]] = {}
    for finding in findings:
        by_item.setdefault(_item(finding.criterion), []).append(_criterion(finding))
    hints = PolicyDoc.of(policy.text) if policy is not None else None
    for criterion_id in MANUAL_CHECKS:
        item = _item(criterion_id)
        evidence: tuple[str, ...] = ()
        if hints is not None and criterion_id in _HINTS:
            evidence = rules.quotes(hints.matching(_HINTS[criterion_id]), 3)
        by_item.setdefault(item, []).append(
            manual_criterion(criterion_id, _manual_title(criterion_id), evidence)
        )
    ordered: list[Criterion] = []
    for point_id, _ in catalog_points():
        ordered.extend(by_item.pop(point_id, []))
    if by_item:  # pragma: no cover - a rule named an item the catalog lacks
        raise RuntimeError(f"criteria for unknown items: {sorted(by_item)}")
    return tuple(ordered)


def _text_findings(
    policy: PolicyText | None,
    params: PrivacyPolicyParams,
    manifest: Manifest | None,
    sdk_entries: tuple[str, ...] | None,
    policy_error: tuple[str, str] | None,
    input_errors: tuple[tuple[str, str], ...],
) -> list[Finding]:
    app_input = manifest is not None or sdk_entries is not None or bool(input_errors)
    if policy is None:
        return [
            _no_policy(cid, policy_error)
            for cid in TEXT_CRITERIA
            if cid not in _NEEDS_APP_INPUT or app_input
        ]
    doc = PolicyDoc.of(policy.text)
    names = [*(manifest.components if manifest else ()), *(manifest.meta_data if manifest else ())]
    names.extend(sdk_entries or ())
    hits = detect_sdks(names)
    unknown = unrecognised(sdk_entries or ())
    found = [
        rules.cat1_1_rules_exist(doc),
        rules.cat1_4_simplified_chinese(doc, only_version=params.only_language_version),
        rules.cat2_1_purposes(doc),
        rules.cat2_1_manner(doc),
        rules.cat2_1_scope_closed(doc),
        rules.cat2_1_third_parties(doc, hits, app_input),
        rules.cat2_3_sensitive_purposes(doc),
        rules.cat2_4_readability(doc, params.readability),
        rules.cat3_6_non_targeted_option(doc),
        rules.cat3_8_withdraw_consent(doc),
        rules.cat6_1_functions(doc),
        rules.cat6_2_conditions(doc),
        rules.cat6_3_time_limit(doc, params.max_working_days),
        rules.cat6_5_channel(doc),
        rules.cat6_5_time_limit(doc, params.max_working_days),
    ]
    found.extend(_app_findings(doc, manifest, sdk_entries, hits, unknown, input_errors))
    if policy.truncated:
        found = [_soften_for_truncation(f, policy) for f in found]
    return found


def _app_findings(
    doc: PolicyDoc,
    manifest: Manifest | None,
    sdk_entries: tuple[str, ...] | None,
    hits: list[SdkHit],
    unknown: list[str],
    errors: tuple[tuple[str, str], ...],
) -> list[Finding]:
    """cat2.1 SDK disclosure and cat2.3 manifest permissions, when app inputs were given."""
    out: list[Finding] = []
    if manifest is not None or sdk_entries is not None or errors:
        sdk = rules.cat2_1_sdks_disclosed(doc, hits, unknown)
        out.append(_with_errors(sdk, errors))
    if manifest is not None:
        out.append(rules.cat2_3_manifest_permissions(doc, manifest))
    elif errors:
        out.append(_with_errors(_blank("cat2.3:manifest_permissions"), errors))
    return out


def _blank(criterion: str) -> Finding:
    return Finding(criterion, Status.CANNOT_DECIDE, "", "")


def _with_errors(finding: Finding, errors: tuple[tuple[str, str], ...]) -> Finding:
    """An input that could not be read means a "met" may have missed something."""
    if not errors or finding.status == Status.NOT_MET:
        return finding
    zh = "；".join(e[0] for e in errors)
    en = "; ".join(e[1] for e in errors)
    return Finding(
        finding.criterion,
        Status.CANNOT_DECIDE,
        f"{finding.zh}；输入无法读取：{zh}".lstrip("；"),
        f"{finding.en}; unreadable input: {en}".lstrip("; "),
        finding.evidence,
        finding.figures,
    )


def _no_policy(criterion: str, policy_error: tuple[str, str] | None) -> Finding:
    """No policy text: every text criterion cannot be decided, and says why."""
    zh, en = policy_error or ("未提供隐私政策", "no privacy policy was supplied")
    if criterion == "cat1.1:rules":
        zh += "；若App确无隐私政策，则本项不符合，请以观察记录确认"
        en += "; if the app really has none the item is not met — confirm by a recorded observation"
    return Finding(criterion, Status.CANNOT_DECIDE, zh, en)


def _soften_for_truncation(finding: Finding, policy: PolicyText) -> Finding:
    """A gap found by absence may sit in the unread part: not_met becomes cannot_decide."""
    if not (finding.by_absence and finding.status == Status.NOT_MET):
        return finding
    return Finding(
        finding.criterion,
        Status.CANNOT_DECIDE,
        finding.zh + "；但文本因超过读取上限被截断，未读部分可能含有相关内容",
        finding.en + "; but the text was cut at the read cap and the unread part may contain it",
        finding.evidence,
        {**finding.figures, "truncated": True, "notes": list(policy.notes)},
    )


def _item(criterion_id: str) -> str:
    return criterion_id.split(":", 1)[0]


def _criterion(finding: Finding) -> Criterion:
    zh_title, en_title = TEXT_CRITERIA[finding.criterion]
    detail = Bilingual(zh=finding.zh, en=finding.en) if finding.zh or finding.en else None
    return Criterion(
        id=finding.criterion,
        title=Bilingual(zh=zh_title, en=en_title),
        status=finding.status,
        figures=dict(finding.figures),
        detail=detail,
        cites=(f"{CATALOG_ID}:{_item(finding.criterion)}",),
        evidence=finding.evidence,
    )


def _manual_title(criterion_id: str) -> Bilingual:
    titles = dict(catalog_points())
    title = titles[_item(criterion_id)]
    if criterion_id.endswith(":observation"):
        return title
    part = {
        "cat1.4:legibility": ("文字清晰易读", "legible text"),
        "cat2.3:at_request": ("申请时同步告知", "stated at the request"),
    }
    zh, en = part[criterion_id]
    return Bilingual(zh=f"{title.zh}：{zh}", en=f"{title.en}: {en}")


def item_statuses(result: CheckResult) -> dict[str, Status]:
    """Each item's status: the worst of its criteria (a MANUAL item stays MANUAL)."""
    out: dict[str, list[Status]] = {}
    for criterion in result.criteria:
        out.setdefault(_item(criterion.id), []).append(criterion.status)
    return {item: rules.worst(statuses) for item, statuses in out.items()}


def _policy_error(got: _Inputs) -> tuple[str, str] | None:
    return (got.policy_error.zh, got.policy_error.en) if got.policy_error else None


def _input_errors(got: _Inputs) -> tuple[tuple[str, str], ...]:
    errors = [e for e in (got.manifest_error, got.sdk_error) if e is not None]
    return tuple((e.zh, e.en) for e in errors)


def _fingerprints(params: PrivacyPolicyParams) -> tuple[Any, ...]:
    out = []
    for path in (params.policy, params.manifest, params.sdk_list):
        if path is not None and path.is_file():
            out.append(fingerprint(path))
    return tuple(out)


def _result(
    check_id: str,
    points: tuple[str, ...],
    params: PrivacyPolicyParams,
    criteria: tuple[Criterion, ...],
    got: _Inputs,
    started: float,
) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        points=points,
        parameters=params.model_dump(mode="json"),
        criteria=criteria,
        engine=ENGINE,
        rows_read=len(got.policy.sentences) if got.policy else 0,
        duration_s=round(time.monotonic() - started, 3),
        inputs=_fingerprints(params),
    )


@register(
    CHECK_ID,
    points=tuple(f"{CATALOG_ID}:{pid}" for pid, _ in catalog_points()),
    params=PrivacyPolicyParams,
    title={"zh": "隐私政策与App收集使用规则", "en": "Privacy policy and app collection rules"},
)
def run_items(params: PrivacyPolicyParams, progress: Progress | None = None) -> CheckResult:
    """Every app-pi-2019 item: text-decided items from the policy, the rest MANUAL."""
    started = time.monotonic()
    got = _read_inputs(params)
    if progress:
        progress(1, 2)
    criteria = assess(
        got.policy,
        params,
        manifest=got.manifest,
        sdk_entries=got.sdk_entries,
        policy_error=_policy_error(got),
        input_errors=_input_errors(got),
    )
    if progress:
        progress(2, 2)
    points = tuple(f"{CATALOG_ID}:{pid}" for pid, _ in catalog_points())
    return _result(CHECK_ID, points, params, criteria, got, started)


@register(
    MANIFEST_CHECK_ID,
    points=(f"{CATALOG_ID}:cat2.1", f"{CATALOG_ID}:cat2.3"),
    params=PrivacyPolicyParams,
    title={"zh": "清单权限与SDK披露", "en": "Manifest permissions and SDK disclosure"},
)
def run_manifest_permissions(
    params: PrivacyPolicyParams, progress: Progress | None = None
) -> CheckResult:
    """Only the manifest and SDK part: permissions without purpose, SDKs not disclosed."""
    started = time.monotonic()
    got = _read_inputs(params)
    errors = _input_errors(got)
    if got.policy is None:
        criteria = tuple(
            _criterion(_no_policy(cid, _policy_error(got))) for cid in sorted(_NEEDS_APP_INPUT)
        )
    else:
        doc = PolicyDoc.of(got.policy.text)
        names = [*(got.manifest.components if got.manifest else ())]
        names.extend(got.manifest.meta_data if got.manifest else ())
        names.extend(got.sdk_entries or ())
        hits = detect_sdks(names)
        found = _app_findings(
            doc, got.manifest, got.sdk_entries, hits, unrecognised(got.sdk_entries or ()), errors
        )
        if not found:
            found = [
                Finding(
                    cid,
                    Status.CANNOT_DECIDE,
                    "未提供清单或SDK列表",
                    "no manifest or SDK list was supplied",
                )
                for cid in sorted(_NEEDS_APP_INPUT)
            ]
        criteria = tuple(_criterion(f) for f in found)
    if progress:
        progress(1, 1)
    return _result(
        MANIFEST_CHECK_ID,
        (f"{CATALOG_ID}:cat2.1", f"{CATALOG_ID}:cat2.3"),
        params,
        criteria,
        got,
        started,
    )
