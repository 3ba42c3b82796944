"""sa-2018 Art. 3(3): when growth of the user base is marked (显著增加).

The law gives no number, so the threshold is a setting (`GrowthRule`, default argued in
docs/decisions/0003-user-growth-rule.md) that an operator can override with
`$ANPING_GROWTH_RULE`; `growth_events` finds the samples at which it is met.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, ValidationError

from anping.law.service_profile import Bilingual, FrozenModel, UserScaleSample

#: Environment variable holding a GrowthRule as JSON, e.g. {"relative": 0.3, "mode": "any"}.
GROWTH_RULE_ENV = "ANPING_GROWTH_RULE"


class GrowthRule(FrozenModel):
    """When user growth counts as "显著增加" (sa-2018 Art. 3(3)); the law gives no number.

    Growth at a sample is measured against the smallest user count of the samples within the
    `window_days` before it. `mode="all"` needs both thresholds, `"any"` either. The default is
    argued in docs/decisions/0003-user-growth-rule.md.
    """

    relative: float = Field(default=0.5, gt=0)
    absolute: int = Field(default=1_000_000, ge=1)
    window_days: int = Field(default=180, ge=1)
    mode: Literal["all", "any"] = "all"

    def met(self, baseline: int, users: int) -> bool:
        """Whether growing from `baseline` to `users` is marked growth under this rule."""
        gain = users - baseline
        relative_ok = gain > 0 and (baseline == 0 or gain / baseline >= self.relative)
        absolute_ok = gain >= self.absolute
        if self.mode == "all":
            return relative_ok and absolute_ok
        return relative_ok or absolute_ok

    def describe(self) -> Bilingual:
        """The rule in words, for reasons and reports."""
        joiner_zh, joiner_en = ("且", "and") if self.mode == "all" else ("或", "or")
        pct = f"{self.relative:.0%}"
        return Bilingual(
            zh=f"{self.window_days}日内用户增长≥{pct}{joiner_zh}≥{self.absolute:,}",
            en=f"users up ≥{pct} {joiner_en} ≥{self.absolute:,} within {self.window_days} days",
        )


def growth_rule_from_env() -> GrowthRule:
    """`$ANPING_GROWTH_RULE` (JSON of GrowthRule's fields) or the default rule."""
    raw = os.environ.get(GROWTH_RULE_ENV)
    if not raw:
        return GrowthRule()
    try:
        return GrowthRule.model_validate(json.loads(raw))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(f"{GROWTH_RULE_ENV} is not a valid growth rule: {exc}") from exc


@dataclass(frozen=True)
class GrowthEvent:
    """The sample at which the rule was first met, and the baseline it was measured from."""

    sample: UserScaleSample
    baseline: UserScaleSample


def growth_events(samples: Sequence[UserScaleSample], rule: GrowthRule) -> list[GrowthEvent]:
    """Every marked growth: the first sample meeting the rule, then again from that sample on.

    After an event the baseline restarts at the event's sample, so one surge is one event and a
    later, separate surge is another.
    """
    events: list[GrowthEvent] = []
    floor = 0
    ordered = sorted(samples, key=lambda s: s.date)
    for i, sample in enumerate(ordered):
        window_start = sample.date - dt.timedelta(days=rule.window_days)
        earlier = [s for s in ordered[floor:i] if s.date >= window_start]
        if not earlier:
            continue
        baseline = min(earlier, key=lambda s: s.users)
        if rule.met(baseline.users, sample.users):
            events.append(GrowthEvent(sample, baseline))
            floor = i
    return events
