"""The text rules: one function per app-pi-2019 item that a policy's wording can decide.

Each rule returns `Finding`s — a criterion id (`cat6.1:functions`), a status, a bilingual reason
and the policy's own sentences as evidence. A rule reports "met" only on a sentence that shows the
measure; "not_met" either on a sentence that shows a breach (a 30-day limit, a fee to cancel) or on
the absence of any sentence (`by_absence`), which the check softens to "cannot_decide" when the
text was cut by a size cap. Items that need the running app are not here (see `observation`).

One module a category of app-pi-2019, so a rule is found where the item is: `published` (1),
`purposes`, `third_parties` and `readability` (2), `consent` (3), `rights` (6); `findings` holds
what they share. The check (`anping.checks.privacy_policy`) calls them through this package.
"""

from anping.checks.privacy.rules.consent import cat3_6_non_targeted_option, cat3_8_withdraw_consent
from anping.checks.privacy.rules.findings import MAX_QUOTES, Finding, PolicyDoc, quotes, worst
from anping.checks.privacy.rules.published import cat1_1_rules_exist, cat1_4_simplified_chinese
from anping.checks.privacy.rules.purposes import (
    cat2_1_manner,
    cat2_1_purposes,
    cat2_1_scope_closed,
    cat2_3_sensitive_purposes,
)
from anping.checks.privacy.rules.readability import ReadabilityParams, cat2_4_readability
from anping.checks.privacy.rules.rights import (
    cat6_1_functions,
    cat6_2_conditions,
    cat6_3_time_limit,
    cat6_5_channel,
    cat6_5_time_limit,
    commitment_finding,
)
from anping.checks.privacy.rules.third_parties import (
    cat2_1_sdks_disclosed,
    cat2_1_third_parties,
    cat2_3_manifest_permissions,
)

__all__ = [
    "MAX_QUOTES",
    "Finding",
    "PolicyDoc",
    "ReadabilityParams",
    "cat1_1_rules_exist",
    "cat1_4_simplified_chinese",
    "cat2_1_manner",
    "cat2_1_purposes",
    "cat2_1_scope_closed",
    "cat2_1_sdks_disclosed",
    "cat2_1_third_parties",
    "cat2_3_manifest_permissions",
    "cat2_3_sensitive_purposes",
    "cat2_4_readability",
    "cat3_6_non_targeted_option",
    "cat3_8_withdraw_consent",
    "cat6_1_functions",
    "cat6_2_conditions",
    "cat6_3_time_limit",
    "cat6_5_channel",
    "cat6_5_time_limit",
    "commitment_finding",
    "quotes",
    "worst",
]
