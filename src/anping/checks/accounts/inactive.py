"""accounts.inactive: accounts unused for more than six months yet still in service
(pa-2020d Art. 10 ¶2)."""

# SQL here is assembled from quoted identifiers, internal constants and sql_list-escaped
# literals; values from users are bound as parameters or escaped. Hence no S608 per line.
# ruff: noqa: S608

from __future__ import annotations

import duckdb
from pydantic import Field

from anping.checks.accounts.schema import AccountParams, in_service_sql, read_accounts
from anping.checks.months import months_back
from anping.checks.registry import Progress
from anping.checks.result import MAX_EXAMPLES, CheckResult, Status, mask
from anping.checks.table_results import Spec, finish, run_guarded, share

INACTIVE = Spec(
    "accounts.inactive",
    "超过六个月不登录、不使用的账号仍在服务",
    "Accounts unused for more than six months still in service",
    ("pa-2020d:art10.inactive",),
)


class InactiveParams(AccountParams):
    """pa-2020d Art. 10 ¶2: six months without login or use (a "may" clause, hence a tolerance)."""

    months: int = Field(default=6, ge=1)
    max_inactive: int = Field(
        default=0, ge=0, description="tolerated number of idle in-service accounts"
    )


@INACTIVE.register(InactiveParams)
def inactive(p: InactiveParams, progress: Progress | None = None) -> CheckResult:
    """In-service accounts whose last login (or, never logged in, registration) is older than
    six months before the assessment date.

    pa-2020d Art. 10 ¶2 lets the platform suspend or end service for accounts not logged into or
    used for more than six months after registration; idle accounts are also what bulk
    registration and account trading leave behind (Art. 10 ¶3). The clause is permissive, so
    `max_inactive` lets the assessor set the tolerance the platform's service agreement implies.
    """
    return run_guarded(INACTIVE, p, lambda started: _inactive(p, started))


def _inactive(p: InactiveParams, started: float) -> CheckResult:
    con = duckdb.connect()
    table = read_accounts(con, p, "registered", "last_login", "status")
    live = in_service_sql(p.in_service_statuses)
    cutoff = months_back(p.as_of, p.months)
    idle = f"coalesce(last_login, registered) < DATE '{cutoff.isoformat()}'"
    total, count = con.sql(
        f"SELECT count(*), count(*) FILTER ({idle}) FROM accounts WHERE NOT _invalid AND {live}"
    ).fetchall()[0]
    rows = con.sql(
        f"SELECT account_id, coalesce(last_login, registered), last_login IS NULL FROM accounts "
        f"WHERE NOT _invalid AND {live} AND {idle} ORDER BY 2, 1 LIMIT {MAX_EXAMPLES}"
    ).fetchall()
    status = Status.NOT_MET if count > p.max_inactive else Status.MET
    if not total:
        status = Status.CANNOT_DECIDE
    criterion = INACTIVE.criterion(
        status,
        {
            "in_service_accounts": total,
            "inactive_in_service": count,
            "inactive_share": share(count, total),
            "cutoff": cutoff.isoformat(),
            "as_of": p.as_of.isoformat(),
            "max_inactive": p.max_inactive,
            "rows_invalid": table.invalid,
        },
        zh=f"{total}个在用账号中{count}个自{cutoff.isoformat()}以来未登录、未使用（容许{p.max_inactive}个）",
        en=f"{count} of {total} in-service accounts not used since {cutoff.isoformat()} (tolerance {p.max_inactive})",
        invalid=table.invalid,
    )
    examples = [
        {"account_id": mask(a), "last_used": d.isoformat(), "never_logged_in": bool(n)}
        for a, d, n in rows
    ]
    return finish(INACTIVE, p, [criterion], started=started, tables=[table], examples=examples)
