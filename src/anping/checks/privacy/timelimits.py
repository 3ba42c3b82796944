"""Committed time limits ("15个工作日内", "within 30 days") and the thresholds they are held to.

app-pi-2019 cat6.3 and cat6.5: a committed limit must not exceed 15 working days (工作日); with no
commitment, 15 working days is the limit. A commitment in calendar days is compared without
guessing: N calendar days never contain more than N working days, so N ≤ 15 is within the limit;
in ordinary weeks (Monday–Friday, no holidays) an N-day window holds at most
5·⌊N/7⌋ + min(N mod 7, 5) working days, so when that exceeds 15 the commitment allows more than
the law; in between, the answer depends on the holiday calendar's adjusted working days (调休),
so the rule says it cannot decide.

`judge_limit` also enforces that a run configured with a looser threshold than the law's never
reports "met" (the same rule serves cat1.3's four taps).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from anping.checks.result import Status

Unit = Literal["working_day", "calendar_day", "hour", "week", "month"]

#: The law's thresholds, with the provision that sets each.
LAW_MAX_WORKING_DAYS = 15  # app-pi-2019 cat6.3 and cat6.5 (承诺时限不得超过15个工作日)
LAW_MAX_CLICKS = 4  # app-pi-2019 cat1.3 (需多于4次点击等操作才能访问到)

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_EN_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
}
_ZH = re.compile(
    r"(?<![\d年月])(?P<num>\d{1,4}|[零一二两三四五六七八九十百]{1,4})\s*(个)?\s*"
    r"(?P<unit>工作日|自然日|日历日|小时|天|日(?!期|常|志)|周(?!岁)|星期|月)"
)
_EN = re.compile(
    r"\b(?P<num>\d{1,4}|" + "|".join(_EN_NUMBERS) + r")\s*(\(\s*\d{1,4}\s*\)\s*)?"
    r"(?P<unit>(working|business) days?|calendar days?|days?|hours?|weeks?|months?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeLimit:
    """A time limit as written, e.g. 15 working days or 30 (calendar) days."""

    amount: int
    unit: Unit
    text: str

    def working_day_bounds(self) -> tuple[int, int]:
        """(in ordinary weeks at most, in any case at most) working days this limit allows.

        The second number is the safe upper bound (N calendar days ≤ N working days); the first
        is what the limit allows in a holiday-free week pattern, used to say it exceeds a limit.
        """
        if self.unit == "working_day":
            return self.amount, self.amount
        shortest, longest = {  # calendar days: months run from 28 to 31 days
            "calendar_day": (self.amount, self.amount),
            "hour": (math.ceil(self.amount / 24), math.ceil(self.amount / 24)),
            "week": (self.amount * 7, self.amount * 7),
            "month": (self.amount * 28, self.amount * 31),
        }[self.unit]
        ordinary = 5 * (shortest // 7) + min(shortest % 7, 5)
        return ordinary, longest


def parse_chinese_number(text: str) -> int | None:
    """`15`, `十五`, `三十`, `二十一`, `一百` → int; None when it is not a number."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def find_time_limits(sentence: str) -> list[TimeLimit]:
    """Every time limit in a sentence (Chinese or English)."""
    found: list[TimeLimit] = []
    for match in _ZH.finditer(sentence):
        amount = parse_chinese_number(match.group("num"))
        if amount is not None:
            found.append(TimeLimit(amount, _zh_unit(match.group("unit")), match.group(0)))
    for match in _EN.finditer(sentence):
        raw = match.group("num").lower()
        amount = int(raw) if raw.isdigit() else _EN_NUMBERS[raw]
        found.append(TimeLimit(amount, _en_unit(match.group("unit").lower()), match.group(0)))
    return found


def _zh_unit(unit: str) -> Unit:
    if unit == "工作日":
        return "working_day"
    if unit == "小时":
        return "hour"
    if unit in {"周", "星期"}:
        return "week"
    if unit == "月":
        return "month"
    return "calendar_day"


def _en_unit(unit: str) -> Unit:
    if unit.startswith(("working", "business")):
        return "working_day"
    if unit.startswith("hour"):
        return "hour"
    if unit.startswith("week"):
        return "week"
    if unit.startswith("month"):
        return "month"
    return "calendar_day"


@dataclass(frozen=True)
class Verdict:
    """A threshold decision and its bilingual reason."""

    status: Status
    zh: str
    en: str


def judge_limit(
    ordinary: int, at_most: int, *, law: int, configured: int, what_zh: str, what_en: str
) -> Verdict:
    """Hold a value (as a range: ordinary weeks, worst case) to the configured threshold and the law.

    * over the law's limit (even in ordinary weeks) → not_met;
    * configured threshold looser than the law's → never met: cannot_decide, saying why;
    * within the configured (≤ law) threshold in every case → met;
    * over the configured threshold in ordinary weeks → not_met;
    * otherwise the holiday calendar decides → cannot_decide.
    """
    if ordinary > law:
        return Verdict(
            Status.NOT_MET,
            f"{what_zh}超过法定上限{law}",
            f"{what_en} exceeds the legal limit of {law}",
        )
    if configured > law:
        return Verdict(
            Status.CANNOT_DECIDE,
            f"本次运行配置的阈值{configured}宽于法定上限{law}，不能据此判定符合；请以不超过{law}重新运行",
            f"this run's configured threshold {configured} is looser than the legal limit {law}, "
            f"so it cannot support 'met'; rerun with a threshold of at most {law}",
        )
    if at_most <= configured:
        return Verdict(
            Status.MET,
            f"{what_zh}不超过{configured}（法定上限{law}）",
            f"{what_en} is within {configured} (legal limit {law})",
        )
    if ordinary > configured:
        return Verdict(
            Status.NOT_MET,
            f"{what_zh}超过本次配置的阈值{configured}（严于法定上限{law}）",
            f"{what_en} exceeds this run's threshold of {configured} (stricter than the legal {law})",
        )
    return Verdict(
        Status.CANNOT_DECIDE,
        f"{what_zh}以自然日计，是否超过{configured}个工作日取决于期间的节假日和调休安排",
        f"{what_en} is in calendar days; whether it exceeds {configured} working days depends on "
        "the holidays and adjusted working days in the period",
    )
