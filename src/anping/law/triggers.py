"""The law engine's duties and deadlines for a service: which security assessments sa-2018
requires and by when (Art. 2, 3, 7, 16), app-pi-2019's 15-working-day limit (category VI) and
the inspection priority of the MPS draft inspection provisions (mps-insp-2018d Art. 10).

This module is the one to import (`triggers.assess`, `triggers.ServiceProfile`...); the work is
done beside it, one concept a module, and re-exported here:

- `service_profile` — the profile a provider writes, and `load_profile`;
- `growth_rule` — Art. 3(3) marked user growth, a configurable rule;
- `assessment_triggers` — Art. 2 coverage, the Art. 3 situations and Art. 7 deadlines: `assess`;
- `app_pi_limit` — app-pi-2019's 15 working days;
- `inspection_priority` — mps-insp-2018d Art. 10.

The example profile `examples/forum-profile.yaml` lives beside this module.
"""

from __future__ import annotations

from anping.law.app_pi_limit import APP_PI_WORKING_DAYS, app_pi_limit
from anping.law.assessment_triggers import (
    QUALIFYING_KINDS,
    REPORT_WORKING_DAYS,
    SA_2018_IN_FORCE,
    Applicability,
    DueKind,
    EventName,
    RequiredAssessment,
    Situation,
    Trigger,
    applicability,
    assess,
    triggers,
)
from anping.law.growth_rule import (
    GROWTH_RULE_ENV,
    GrowthEvent,
    GrowthRule,
    growth_events,
    growth_rule_from_env,
)
from anping.law.inspection_priority import (
    PRIORITY_WEIGHTS,
    InfrastructureService,
    Priority,
    PriorityReason,
    UnitIncident,
    UnitProfile,
    UnitService,
    inspection_priority,
)
from anping.law.service_profile import (
    Bilingual,
    Events,
    FunctionAdded,
    HarmfulInformationIncident,
    NewTechnology,
    ProfileError,
    ServiceFunction,
    ServiceKind,
    ServiceProfile,
    UserScaleSample,
    WentOnline,
    WrittenNotice,
    load_profile,
)

__all__ = [
    "APP_PI_WORKING_DAYS",
    "GROWTH_RULE_ENV",
    "PRIORITY_WEIGHTS",
    "QUALIFYING_KINDS",
    "REPORT_WORKING_DAYS",
    "SA_2018_IN_FORCE",
    "Applicability",
    "Bilingual",
    "DueKind",
    "EventName",
    "Events",
    "FunctionAdded",
    "GrowthEvent",
    "GrowthRule",
    "HarmfulInformationIncident",
    "InfrastructureService",
    "NewTechnology",
    "Priority",
    "PriorityReason",
    "ProfileError",
    "RequiredAssessment",
    "ServiceFunction",
    "ServiceKind",
    "ServiceProfile",
    "Situation",
    "Trigger",
    "UnitIncident",
    "UnitProfile",
    "UnitService",
    "UserScaleSample",
    "WentOnline",
    "WrittenNotice",
    "app_pi_limit",
    "applicability",
    "assess",
    "growth_events",
    "growth_rule_from_env",
    "inspection_priority",
    "load_profile",
    "triggers",
]
