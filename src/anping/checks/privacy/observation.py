"""Items only the running app can show, and the recorded observation that decides them.

Collecting before consent (cat3.1), the first-run pop-up (cat1.2), four taps to the policy
(cat1.3), pre-ticked consent (cat3.4), collection after refusal (cat3.2) and the rest are never
guessed from text: they are reported as MANUAL with what to observe, and a tester's recorded
`Observation` (who, when, steps, result, screenshot references) turns them into met / not_met
through `apply_observation`. Thresholds hold here too: an observation of more than four taps is
not_met whatever the tester ticked, and a run configured looser than the law cannot yield met.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from anping.checks.privacy.timelimits import LAW_MAX_CLICKS, LAW_MAX_WORKING_DAYS, judge_limit
from anping.checks.result import Bilingual, CheckResult, Criterion, Status

CATALOG_ID = "app-pi-2019"

#: What a tester observes for each item the text cannot decide (criterion id → zh, en).
MANUAL_CHECKS: dict[str, tuple[str, str]] = {
    "cat1.2:observation": (
        "全新安装后首次启动，确认是否以弹窗等明显方式提示阅读隐私政策（录屏或截图）",
        "after a clean install, launch once and record whether a pop-up or similar clearly asks "
        "the user to read the privacy policy",
    ),
    "cat1.3:observation": (
        "从App主界面出发，记录到达隐私政策所需的点击次数（不得多于4次）",
        "from the main screen, count the taps needed to reach the privacy policy (at most 4)",
    ),
    "cat1.4:legibility": (
        "在常见机型上截图，确认隐私政策文字大小、疏密、颜色和清晰度便于阅读",
        "screenshot the policy on common devices: text size, spacing, colour and sharpness legible",
    ),
    "cat2.2:observation": (
        "检查隐私政策版本历史；变更目的、方式、范围时是否更新政策并提醒用户阅读",
        "check the policy's version history: when purposes, manner or scope changed, was the "
        "policy updated and the user reminded to read it",
    ),
    "cat2.3:at_request": (
        "逐一触发权限申请和敏感信息收集页面，确认同步告知了明确、易懂的目的",
        "trigger each permission request and sensitive-data form: is a clear, understandable "
        "purpose shown at the same moment",
    ),
    "cat3.1:observation": (
        "首次启动至点击同意前，抓包并监测权限调用，确认未收集个人信息、未打开权限",
        "from first launch until consent, capture traffic and permission calls: nothing collected, "
        "no permission switched on",
    ),
    "cat3.2:observation": (
        "拒绝授权后，确认App停止收集、不再打开权限，且不频繁重复征求同意",
        "after refusing, confirm collection stops, the permission stays off and the app does not "
        "keep asking",
    ),
    "cat3.3:observation": (
        "比对授权范围与实际收集的个人信息及打开的权限",
        "compare the authorised scope with the data actually collected and permissions used",
    ),
    "cat3.4:observation": (
        "截图注册、登录和同意页面，确认同意勾选框初始未被选中",
        "screenshot registration, login and consent screens: consent boxes start unticked",
    ),
    "cat3.5:observation": (
        "设置权限状态后升级App，确认权限状态未被恢复为默认",
        "set permissions, update the app, confirm the settings were kept",
    ),
    "cat3.7:observation": (
        "审查授权引导文案，确认未以欺诈、诱骗方式误导同意",
        "review consent prompts for deception or concealed purposes",
    ),
    "cat3.9:observation": (
        "比对隐私政策声明与实际收集使用行为（抓包、权限调用记录）",
        "compare the declared rules with actual behaviour (traffic, permission-call logs)",
    ),
    "cat4.1:observation": (
        "逐项核对所收集的个人信息和权限与现有业务功能的关联",
        "tie each kind of data and each permission to an existing function",
    ),
    "cat4.2:observation": (
        "拒绝非必要权限后逐一测试业务功能是否仍可用",
        "refuse unnecessary permissions and test that each function still works",
    ),
    "cat4.3:observation": (
        "版本更新后拒绝新增授权，确认原有业务功能仍可用",
        "after an update, refuse new permissions and confirm existing functions still work",
    ),
    "cat4.4:observation": (
        "统计个人信息收集频次，确认未超出业务实际需要",
        "measure how often data is collected against what the function needs",
    ),
    "cat4.5:observation": (
        "确认未仅以改善服务、提升体验、定向推送、研发新产品为由强制要求同意",
        "confirm consent is not forced solely for service improvement, experience, targeting or R&D",
    ),
    "cat4.6:observation": (
        "确认未要求一次性同意多个权限、不同意则无法使用",
        "confirm the app does not demand several permissions at once as a condition of use",
    ),
    "cat5.1:observation": (
        "抓包确认客户端及嵌入的SDK向第三方发送个人信息前已征得同意或已匿名化",
        "capture traffic: the client and embedded SDKs send personal data to third parties only "
        "with consent or anonymised",
    ),
    "cat5.2:observation": (
        "核查后台向第三方提供个人信息的记录、协议及同意记录",
        "check server-side disclosures to third parties against agreements and consent records",
    ),
    "cat5.3:observation": (
        "测试接入的第三方应用（小程序、授权登录），确认提供个人信息前征得同意",
        "test connected third-party applications (mini-programs, third-party login) for consent",
    ),
    "cat6.4:observation": (
        "完成更正、删除、注销后抽查后台数据，确认已实际处理",
        "after correction, deletion or cancellation, spot-check the back end",
    ),
}


class Observation(BaseModel):
    """A tester's recorded observation of the running app for one item (the evidence form).

    `evidence_refs` names screenshots or recordings kept in the assessment's evidence store;
    an observation without any is not accepted, because "met" must be shown, not asserted.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    tester: str = Field(min_length=1, max_length=200)
    date: dt.date
    steps: tuple[str, ...] = Field(min_length=1)
    result: Literal["met", "not_met"]
    evidence_refs: tuple[str, ...] = Field(min_length=1, description="screenshot/recording refs")
    device: str | None = Field(default=None, description="device model and OS version")
    app_version: str | None = None
    clicks: int | None = Field(
        default=None, ge=0, description="cat1.3: taps from main screen to policy"
    )
    working_days: int | None = Field(
        default=None, ge=0, description="cat6.3/cat6.5: working days a request or complaint took"
    )
    note: str | None = None

    @field_validator("date")
    @classmethod
    def _not_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError("an observation cannot be dated in the future")
        return value

    @field_validator("steps", "evidence_refs")
    @classmethod
    def _no_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not item.strip() for item in value):
            raise ValueError("steps and evidence references must not be blank")
        return value


def manual_criterion(
    criterion_id: str, title: Bilingual, evidence: tuple[str, ...] = ()
) -> Criterion:
    """A MANUAL criterion with what to observe; `evidence` may carry hint sentences."""
    zh, en = MANUAL_CHECKS[criterion_id]
    item = criterion_id.split(":", 1)[0]
    return Criterion(
        id=criterion_id,
        title=title,
        status=Status.MANUAL,
        detail=Bilingual(zh="需运行App观察：" + zh, en="needs the running app: " + en),
        cites=(f"{CATALOG_ID}:{item}",),
        evidence=evidence,
    )


def apply_observation(result: CheckResult, item_id: str, observation: Observation) -> CheckResult:
    """Return `result` with the item's MANUAL criteria decided by the recorded observation.

    With no MANUAL criterion left on the item (the text decided it), the observation is added
    as `<item>:observation`, so a test of the running app can still show a gap the text hid.
    A later observation of the same item replaces the earlier one.
    """
    point = f"{CATALOG_ID}:{item_id}"
    if point not in result.points:
        raise ValueError(f"{item_id!r} is not an item of this result ({CATALOG_ID} points only)")
    status, zh, en = _observed_status(result.parameters, item_id, observation)
    targets = [
        c
        for c in result.criteria
        if c.id.split(":", 1)[0] == item_id
        and (c.status == Status.MANUAL or c.id == f"{item_id}:observation")
    ]
    replaced = {c.id for c in targets} or {f"{item_id}:observation"}
    new: list[Criterion] = []
    for criterion in result.criteria:
        if criterion.id in replaced:
            new.append(_decided(criterion.id, criterion.title, status, zh, en, observation))
    if not targets:
        title = Bilingual(zh="运行App观察记录", en="Recorded observation of the running app")
        new.append(_decided(f"{item_id}:observation", title, status, zh, en, observation))
    kept = [c for c in result.criteria if c.id not in replaced]
    ordered = sorted([*kept, *new], key=lambda c: _item_order(c.id))
    return result.model_copy(update={"criteria": tuple(ordered)})


def _item_order(criterion_id: str) -> tuple[int, int]:
    category, number = criterion_id.split(":", 1)[0].removeprefix("cat").split(".")
    return int(category), int(number)


def _observed_status(
    parameters: dict[str, Any], item_id: str, obs: Observation
) -> tuple[Status, str, str]:
    """The tester's result, held to the thresholds where the item has one."""
    status = Status.MET if obs.result == "met" else Status.NOT_MET
    zh = f"{obs.tester}于{obs.date.isoformat()}观察：{'符合' if status == Status.MET else '不符合'}"
    en = f"observed by {obs.tester} on {obs.date.isoformat()}: {status.value}"
    if item_id == "cat1.3":
        if obs.clicks is None:
            if status == Status.MET:
                raise ValueError("a 'met' observation of cat1.3 must record the number of taps")
            return status, zh, en
        configured = int(parameters.get("max_clicks_to_policy", LAW_MAX_CLICKS))
        verdict = judge_limit(
            obs.clicks,
            obs.clicks,
            law=LAW_MAX_CLICKS,
            configured=configured,
            what_zh=f"点击次数{obs.clicks}",
            what_en=f"{obs.clicks} taps",
        )
        return _combine(status, verdict.status), f"{zh}；{verdict.zh}", f"{en}; {verdict.en}"
    if item_id in {"cat6.3", "cat6.5"} and obs.working_days is not None:
        configured = int(parameters.get("max_working_days", LAW_MAX_WORKING_DAYS))
        verdict = judge_limit(
            obs.working_days,
            obs.working_days,
            law=LAW_MAX_WORKING_DAYS,
            configured=configured,
            what_zh=f"处理用时{obs.working_days}个工作日",
            what_en=f"handling took {obs.working_days} working days",
        )
        return _combine(status, verdict.status), f"{zh}；{verdict.zh}", f"{en}; {verdict.en}"
    return status, zh, en


def _combine(tester: Status, threshold: Status) -> Status:
    """A tester's not_met stands; a tester's met stands only if the threshold agrees."""
    if tester == Status.NOT_MET:
        return Status.NOT_MET
    return threshold


def _decided(
    criterion_id: str, title: Bilingual, status: Status, zh: str, en: str, obs: Observation
) -> Criterion:
    item = criterion_id.split(":", 1)[0]
    steps = tuple(f"step {n}: {step}" for n, step in enumerate(obs.steps, 1))
    refs = tuple(f"evidence: {ref}" for ref in obs.evidence_refs)
    return Criterion(
        id=criterion_id,
        title=title,
        status=status,
        figures={"observation": obs.model_dump(mode="json")},
        detail=Bilingual(zh=zh, en=en),
        cites=(f"{CATALOG_ID}:{item}",),
        evidence=(f"tester: {obs.tester}", f"date: {obs.date.isoformat()}", *steps, *refs),
    )
