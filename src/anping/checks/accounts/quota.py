"""accounts.quota: no subject holds more in-service accounts than the platform's own cap
(pa-2017 Art. 7 ¶3, pa-2020d Art. 10 ¶1)."""

# SQL here is assembled from quoted identifiers, internal constants and sql_list-escaped
# literals; values from users are bound as parameters or escaped. Hence no S608 per line.
# ruff: noqa: S608

from __future__ import annotations

import duckdb
from pydantic import Field

from anping.checks.accounts.schema import AccountParams, in_service_sql, read_accounts
from anping.checks.engines.errors import InputError
from anping.checks.registry import Progress
from anping.checks.result import MAX_EXAMPLES, CheckResult, Status, mask
from anping.checks.table_results import Spec, finish, run_guarded, share

QUOTA = Spec(
    "accounts.quota",
    "同一主体注册账号数量上限",
    "Accounts per subject within the platform's quota",
    (
        "pa-2017:art7.quota",
        "pa-2020d:art10.quota",
        "pa-2020d:art10.registration-abuse",
        "sa-2018:art5.2",
    ),
)


class QuotaParams(AccountParams):
    """The cap is the platform's own: pa-2017 Art. 7 ¶3 and pa-2020d Art. 10 ¶1 require a
    "reasonable" cap but fix no number, so the assessor enters the platform's published one."""

    quota: int | None = Field(
        default=None, ge=1, description="the platform's cap on accounts a subject"
    )


@QUOTA.register(QuotaParams)
def quota(p: QuotaParams, progress: Progress | None = None) -> CheckResult:
    """Subjects holding more in-service accounts than the platform's cap.

    pa-2017 Art. 7 ¶3 (合理设定上限) and pa-2020d Art. 10 ¶1/¶3 (cap; prevent over-quota
    registration). Without a configured cap the check cannot decide: the law sets none.
    """
    return run_guarded(QUOTA, p, lambda started: _quota(p, started))


def _quota(p: QuotaParams, started: float) -> CheckResult:
    if p.quota is None:
        raise InputError(
            "未设置上限参数：规定要求平台合理设定上限但未规定具体数值，请以参数quota填写平台设定的上限",
            "no quota given: pa-2017 Art. 7 ¶3 / pa-2020d Art. 10 ¶1 require the platform to set "
            "one but fix no number; enter the platform's cap as `quota`",
        )
    con = duckdb.connect()
    table = read_accounts(con, p, "subject_hash", "status")
    live = in_service_sql(p.in_service_statuses)
    con.execute(
        f"CREATE TEMP TABLE per_subject AS SELECT subject_hash, count(*) AS n FROM accounts "
        f"WHERE NOT _invalid AND {live} GROUP BY subject_hash"
    )
    subjects, over, accounts_over, largest = con.sql(
        f"SELECT count(*), count(*) FILTER (n > {p.quota}), coalesce(sum(n) FILTER (n > {p.quota}), 0), "
        "coalesce(max(n), 0) FROM per_subject"
    ).fetchall()[0]
    worst = con.sql(
        f"SELECT subject_hash, n FROM per_subject WHERE n > {p.quota} ORDER BY n DESC, subject_hash LIMIT {MAX_EXAMPLES}"
    ).fetchall()
    status = Status.NOT_MET if over else (Status.MET if subjects else Status.CANNOT_DECIDE)
    criterion = QUOTA.criterion(
        status,
        {
            "quota": p.quota,
            "subjects": subjects,
            "subjects_over_quota": over,
            "subjects_over_quota_share": share(over, subjects),
            "accounts_of_subjects_over_quota": int(accounts_over),
            "max_accounts_per_subject": largest,
            "rows_invalid": table.invalid,
        },
        zh=f"{subjects}个主体中{over}个在用账号数超过上限{p.quota}（最多{largest}个）",
        en=f"{over} of {subjects} subjects hold more than {p.quota} in-service accounts (max {largest})",
        invalid=table.invalid,
    )
    examples = [{"subject_hash": mask(s, keep=4), "accounts": n} for s, n in worst]
    return finish(QUOTA, p, [criterion], started=started, tables=[table], examples=examples)
