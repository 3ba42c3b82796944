"""accounts.follower_jumps: abnormal day-over-day jumps in follower counts (pa-2020d Art. 12),
from a long file of counts or from wide ``followers_YYYY-MM-DD`` columns of the export."""

# SQL here is assembled from quoted identifiers, internal constants and sql_list-escaped
# literals; values from users are bound as parameters or escaped. Hence no S608 per line.
# ruff: noqa: S608

from __future__ import annotations

from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from anping.checks.engines.errors import InputError
from anping.checks.engines.sql import sql_ident
from anping.checks.registry import Progress
from anping.checks.result import MAX_EXAMPLES, CheckResult, Status, mask
from anping.checks.table_results import Spec, finish, run_guarded, share
from anping.checks.tables import Col, Table, counted, missing_columns, open_table_file, read_table

FOLLOWER_SCHEMA: dict[str, Col] = {
    "account_id": Col("VARCHAR"),
    "date": Col("DATE"),
    "followers": Col("BIGINT"),
}


JUMPS = Spec(
    "accounts.follower_jumps",
    "关注数异常变动",
    "Abnormal jumps in follower counts",
    ("pa-2020d:art12.fake-traffic", "pa-2020d:art12.follows", "sa-2018:art5.5"),
)


class FollowerParams(BaseModel):
    """Follower series: a long file, or wide `followers_YYYY-MM-DD` columns of the accounts file.

    Rule (per account, on day-over-day increases, a gap of several days divided evenly): an
    increase is abnormal when it exceeds BOTH the account's median increase + k × its median
    absolute deviation (MAD) AND an absolute floor. Median and MAD ignore the jump itself, so one
    bought batch of followers cannot hide by inflating the spread as it would a standard
    deviation; the floor keeps small accounts (where +30 on a quiet day is a big relative
    change) from flooding the list. Accounts with fewer than `min_points` increases are skipped.
    """

    model_config = ConfigDict(extra="forbid")

    followers: Path | None = None
    accounts: Path | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    encoding: str = "utf-8"
    wide_prefix: str = "followers_"
    k: float = Field(default=10.0, gt=0, description="multiples of the MAD above the median")
    floor: int = Field(default=1000, ge=0, description="minimum increase a day to flag")
    min_points: int = Field(default=7, ge=2, description="day-over-day increases needed to judge")
    max_flagged_accounts: int = Field(default=0, ge=0)


@JUMPS.register(FollowerParams)
def follower_jumps(p: FollowerParams, progress: Progress | None = None) -> CheckResult:
    """Abnormal day-over-day follower increases (robust median + k·MAD rule with a floor).

    pa-2020d Art. 12 ¶1-2: platforms prevent faked subscriber and follower figures and detect and
    handle abnormal changes in subscription and follow counts. Each flagged jump should be found
    in the platform's own detection and handling records.
    """
    return run_guarded(JUMPS, p, lambda started: _jumps(p, started))


def _load_followers(con: duckdb.DuckDBPyConnection, p: FollowerParams) -> Table:
    if p.followers is not None:
        return read_table(
            con, p.followers, "followers", FOLLOWER_SCHEMA, p.columns, encoding=p.encoding
        )
    if p.accounts is None:
        raise InputError(
            f"没有关注数数据：请提供followers文件或含{p.wide_prefix}YYYY-MM-DD列的accounts文件",
            "no follower data: give `followers` (account_id, date, followers) or `accounts` "
            f"with {p.wide_prefix}YYYY-MM-DD columns",
        )
    return _wide_followers(con, p, p.accounts)


def _wide_followers(con: duckdb.DuckDBPyConnection, p: FollowerParams, path: Path) -> Table:
    """Unpivot `followers_YYYY-MM-DD` columns into the long (account_id, date, followers) form."""
    with open_table_file(con, path, p.encoding) as (source, found):
        id_col = p.columns.get("account_id", "account_id")
        wide = [c for c in found if c.startswith(p.wide_prefix)]
        if id_col not in found or not wide:
            raise missing_columns(
                path, {"account_id": id_col, "followers": p.wide_prefix + "YYYY-MM-DD"}, found
            )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE followers_raw AS UNPIVOT (SELECT {sql_ident(id_col)} AS account_id, "
            f"{', '.join(sql_ident(c) for c in wide)} FROM {source}) ON {', '.join(sql_ident(c) for c in wide)} "
            "INTO NAME day VALUE followers"
        )
    n = len(p.wide_prefix)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE followers AS SELECT account_id, "
        f"TRY_CAST(substr(day, {n + 1}) AS DATE) AS date, TRY_CAST(followers AS BIGINT) AS followers, "
        f"(TRY_CAST(substr(day, {n + 1}) AS DATE) IS NULL OR TRY_CAST(followers AS BIGINT) IS NULL) AS _invalid "
        "FROM followers_raw"
    )
    return counted(con, path, "followers", frozenset(FOLLOWER_SCHEMA))


_JUMP_SQL = """
WITH series AS (
    SELECT account_id, date, max(followers) AS followers FROM followers
    WHERE NOT _invalid GROUP BY account_id, date
), steps AS (
    SELECT account_id, date, followers,
           lag(followers) OVER w AS before, lag(date) OVER w AS before_date
    FROM series WINDOW w AS (PARTITION BY account_id ORDER BY date)
), increases AS (
    SELECT account_id, date, followers, before,
           (followers - before) / greatest(date_diff('day', before_date, date), 1) AS inc
    FROM steps WHERE before IS NOT NULL
), stats AS (
    SELECT account_id, median(inc) AS med, mad(inc) AS mad, count(*) AS n
    FROM increases GROUP BY account_id
)
SELECT i.account_id, i.date, i.before, i.followers, i.inc, s.med, s.mad, s.n
FROM increases i JOIN stats s USING (account_id)
WHERE s.n >= $min_points AND i.inc > $floor AND i.inc > s.med + $k * s.mad
ORDER BY i.inc DESC, i.account_id, i.date
"""


def _jumps(p: FollowerParams, started: float) -> CheckResult:
    con = duckdb.connect()
    table = _load_followers(con, p)
    params = {"min_points": p.min_points, "floor": p.floor, "k": p.k}
    con.execute(f"CREATE TEMP TABLE jumps AS {_JUMP_SQL}", params)
    judged, accounts = con.sql(
        "SELECT count(DISTINCT account_id) FILTER (n >= $m), count(DISTINCT account_id) "
        "FROM (SELECT account_id, count(*) - 1 AS n FROM followers WHERE NOT _invalid GROUP BY account_id)",
        params={"m": p.min_points},
    ).fetchall()[0]
    jumps, flagged = con.sql("SELECT count(*), count(DISTINCT account_id) FROM jumps").fetchall()[0]
    rows = con.sql(
        f"SELECT account_id, date, before, followers, inc, med, mad FROM jumps LIMIT {MAX_EXAMPLES}"
    ).fetchall()
    status = Status.NOT_MET if flagged > p.max_flagged_accounts else Status.MET
    if not judged:
        status = Status.CANNOT_DECIDE
    criterion = JUMPS.criterion(
        status,
        {
            "accounts": accounts,
            "accounts_judged": judged,
            "accounts_too_short": accounts - judged,
            "abnormal_increases": jumps,
            "accounts_flagged": flagged,
            "flagged_share": share(flagged, judged),
            "rule": f"increase/day > median + {p.k} × MAD and > {p.floor}",
            "rows_invalid": table.invalid,
        },
        zh=f"{judged}个账号中{flagged}个出现{jumps}次关注数异常增长（日增>中位数+{p.k}×MAD且>{p.floor}），"
        f"应在平台监测处置记录中逐一核对",
        en=f"{jumps} abnormal follower increases in {flagged} of {judged} accounts (daily increase > median + "
        f"{p.k} × MAD and > {p.floor}); each should appear in the platform's detection and handling records",
        invalid=table.invalid,
    )
    examples = [
        {
            "account_id": mask(a),
            "date": d.isoformat(),
            "before": b,
            "after": f,
            "increase_per_day": round(float(i), 1),
            "median": float(m),
            "mad": float(md),
        }
        for a, d, b, f, i, m, md in rows
    ]
    return finish(JUMPS, p, [criterion], started=started, tables=[table], examples=examples)
