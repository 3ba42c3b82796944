"""accounts.real_name_share: every in-service account has a verified real identity ("后台实名",
pa-2017 Art. 6 ¶1, pa-2020d Art. 8 ¶1)."""

# SQL here is assembled from quoted identifiers, internal constants and sql_list-escaped
# literals; values from users are bound as parameters or escaped. Hence no S608 per line.
# ruff: noqa: S608

from __future__ import annotations

import duckdb
from pydantic import Field

from anping.checks.accounts.schema import AccountParams, in_service_sql, read_accounts
from anping.checks.registry import Progress
from anping.checks.result import MAX_EXAMPLES, CheckResult, Status, mask
from anping.checks.table_results import Spec, finish, pct, run_guarded, share

REAL_NAME = Spec(
    "accounts.real_name_share",
    "在用账号真实身份信息认证比例",
    "Share of in-service accounts with verified real identity",
    ("pa-2017:art6.real-name", "pa-2020d:art8.real-name", "sa-2018:art5.2"),
)


class RealNameParams(AccountParams):
    """pa-2017 Art. 6 ¶1 and pa-2020d Art. 8 ¶1 allow no unverified publisher, hence 100%."""

    min_share: float = Field(default=1.0, ge=0.0, le=1.0)


@REAL_NAME.register(RealNameParams)
def real_name_share(p: RealNameParams, progress: Progress | None = None) -> CheckResult:
    """Share of in-service accounts whose holder's real identity is verified.

    "后台实名": pa-2017 Art. 6 ¶1 and pa-2020d Art. 8 ¶1 forbid publishing services to a user who
    has not given a real identity, so every account still in service should be verified.
    """
    return run_guarded(REAL_NAME, p, lambda started: _real_name(p, started))


def _real_name(p: RealNameParams, started: float) -> CheckResult:
    con = duckdb.connect()
    table = read_accounts(con, p, "verified", "status")
    live = in_service_sql(p.in_service_statuses)
    total, verified = con.sql(
        f"SELECT count(*), count(*) FILTER (verified) FROM accounts WHERE NOT _invalid AND {live}"
    ).fetchall()[0]
    ratio = share(verified, total)
    status = Status.MET if ratio is not None and ratio >= p.min_share else Status.NOT_MET
    if ratio is None:
        status = Status.CANNOT_DECIDE
    rows = con.sql(
        f"SELECT account_id, registered FROM accounts WHERE NOT _invalid AND {live} AND NOT verified LIMIT {MAX_EXAMPLES}"
        if "registered" in table.present
        else f"SELECT account_id, NULL FROM accounts WHERE NOT _invalid AND {live} AND NOT verified LIMIT {MAX_EXAMPLES}"
    ).fetchall()
    criterion = REAL_NAME.criterion(
        status,
        {
            "in_service_accounts": total,
            "verified": verified,
            "unverified": total - verified,
            "verified_share": ratio,
            "min_share": p.min_share,
            "rows_invalid": table.invalid,
        },
        zh=f"在用账号{total}个，已实名{verified}个（{pct(ratio)}），要求≥{pct(p.min_share)}",
        en=f"{verified} of {total} in-service accounts verified ({pct(ratio)}), required ≥ {pct(p.min_share)}",
        invalid=table.invalid,
    )
    examples = [{"account_id": mask(r[0]), "reason": "unverified"} for r in rows]
    return finish(REAL_NAME, p, [criterion], started=started, tables=[table], examples=examples)
