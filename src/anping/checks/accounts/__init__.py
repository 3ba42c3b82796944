"""Account-register checks (pa-2017 Art. 6, 7; pa-2020d Art. 8, 10, 12), one module a check.

Input: an export of the platform's account register as CSV (UTF-8, header row) or Parquet, one
row an account. Canonical columns (rename with the `columns` parameter, canonical → yours):

| column         | type    | meaning                                                        |
|----------------|---------|----------------------------------------------------------------|
| account_id     | text    | the platform's account id                                      |
| subject_hash   | text    | hash of the registering subject's identity (person or org)     |
| verified       | boolean | real-identity verification done (1/0, true/false, 是/否, y/n)   |
| registered     | date    | registration date (YYYY-MM-DD; a timestamp is cut to its day)  |
| last_login     | date    | last login or use; empty = never                               |
| status         | text    | account status; `in_service_statuses` lists those still served |
| name           | text    | display name (names.* checks)                                  |

Follower counts (accounts.follower_jumps) come either as a separate file of (account_id, date,
followers) rows, or as wide columns `followers_YYYY-MM-DD` in the account export.

Each check reads only the columns it needs (`anping.checks.tables`). A missing column, an empty
or unreadable file, or a file that is not UTF-8 (e.g. GBK from Excel) gives "cannot_decide" with a
message saying what to fix; rows whose needed values are empty or unparseable are counted, and
unless the valid rows already fail, they make the criterion "cannot_decide" too, since a skipped
row may hide a breach. Importing this package registers the four checks.
"""

from anping.checks.accounts.followers import JUMPS, FollowerParams, follower_jumps
from anping.checks.accounts.inactive import INACTIVE, InactiveParams, inactive
from anping.checks.accounts.quota import QUOTA, QuotaParams, quota
from anping.checks.accounts.real_name import REAL_NAME, RealNameParams, real_name_share
from anping.checks.accounts.schema import (
    ACCOUNT_SCHEMA,
    IN_SERVICE,
    AccountParams,
    RegisterParams,
    in_service_sql,
)

__all__ = [
    "ACCOUNT_SCHEMA",
    "INACTIVE",
    "IN_SERVICE",
    "JUMPS",
    "QUOTA",
    "REAL_NAME",
    "AccountParams",
    "FollowerParams",
    "InactiveParams",
    "QuotaParams",
    "RealNameParams",
    "RegisterParams",
    "follower_jumps",
    "in_service_sql",
    "inactive",
    "quota",
    "real_name_share",
]
