"""Account-register checks (pa-2017 Art. 6, 7; pa-2020d Art. 8, 10, 12), and the small table
reader the account, name and complaint checks share.

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

Each check reads only the columns it needs. A missing column, an empty or unreadable file, or a
file that is not UTF-8 (e.g. GBK from Excel) gives "cannot_decide" with a message saying what to
fix; rows whose needed values are empty or unparseable are counted, and unless the valid rows
already fail, they make the criterion "cannot_decide" too, since a skipped row may hide a breach.
"""

# SQL here is assembled from quoted identifiers, internal constants and _sql_list-escaped
# literals; values from users are bound as parameters or escaped. Hence no S608 per line.
# ruff: noqa: S608

from __future__ import annotations

import codecs
import datetime as dt
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from anping.checks.registry import Progress, register
from anping.checks.result import (
    MAX_EXAMPLES,
    Bilingual,
    CheckResult,
    Criterion,
    InputFingerprint,
    Status,
    fingerprint,
    mask,
)

ENGINE = f"duckdb {duckdb.__version__}"

# ---------------------------------------------------------------------------------------------
# Reading tables (shared by accounts, names and complaints)
# ---------------------------------------------------------------------------------------------

ColType = Literal["VARCHAR", "DATE", "BOOLEAN", "BIGINT"]

_TRUE = ("1", "true", "t", "y", "yes", "是", "已认证", "已实名", "verified")
_FALSE = ("0", "false", "f", "n", "no", "否", "未认证", "未实名", "unverified")


class InputProblem(Exception):
    """The input cannot be read as a check needs it; the check answers "cannot_decide"."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.text = Bilingual(zh=zh, en=en)


@dataclass(frozen=True)
class Col:
    """A canonical column: its type, whether it may be empty, whether it may be absent."""

    type: ColType
    nullable: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Table:
    """A typed copy of an input in DuckDB: canonical columns plus `_invalid` (row unusable)."""

    name: str
    rows: int
    invalid: int
    fingerprint: InputFingerprint
    present: frozenset[str]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _parse(source: str, col: Col) -> str:
    """SQL turning a raw column into its canonical type; NULL when it cannot be parsed."""
    text = f"NULLIF(trim(CAST({source} AS VARCHAR)), '')"
    if col.type == "DATE":
        return (
            f"coalesce(TRY_CAST({source} AS DATE), TRY_CAST(TRY_CAST({text} AS TIMESTAMP) AS DATE))"
        )
    if col.type == "BOOLEAN":
        low = f"lower({text})"
        return f"CASE WHEN {low} IN ({_sql_list(_TRUE)}) THEN true WHEN {low} IN ({_sql_list(_FALSE)}) THEN false END"
    if col.type == "BIGINT":
        return f"TRY_CAST({text} AS BIGINT)"
    return text


def _source_sql(path: Path, encoding: str) -> tuple[str, list[Path]]:
    """`read_csv(...)` or `read_parquet(...)` for a file, transcoding a non-UTF-8 CSV first."""
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        return f"read_parquet({_sql_list([str(path)])})", []
    if suffix not in {".csv", ".tsv", ".txt"}:
        raise InputProblem(
            f"{path.name}: unsupported file type {suffix!r}; give CSV or Parquet",
            f"{path.name}：不支持的文件类型{suffix!r}，请提供CSV或Parquet文件",
        )
    temp: list[Path] = []
    if codecs.lookup(encoding).name != "utf-8":
        path = _transcode(path, encoding)
        temp.append(path)
    return f"read_csv({_sql_list([str(path)])}, header=true, all_varchar=true)", temp


def _transcode(path: Path, encoding: str) -> Path:
    """Copy a CSV in another encoding (e.g. GB18030) to a temporary UTF-8 file."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False)  # noqa: SIM115
    try:
        with handle, path.open(encoding=encoding, newline="") as source:
            while block := source.read(1 << 20):
                handle.write(block)
    except UnicodeDecodeError:
        Path(handle.name).unlink()
        raise InputProblem(
            f"{path.name}: not readable as {encoding}",
            f"{path.name}：无法按{encoding}编码读取",
        ) from None
    return Path(handle.name)


def _encoding_problem(path: Path) -> InputProblem:
    head = path.read_bytes()[: 1 << 16]
    try:
        head.decode("gb18030")
        guess_en, guess_zh = (
            " (it looks like GBK/GB18030, as Excel saves it)",
            "（疑似GBK/GB18030）",
        )
    except UnicodeDecodeError:
        guess_en = guess_zh = ""
    return InputProblem(
        f"{path.name}: the file is not UTF-8{guess_en}; save it as UTF-8 or set encoding='gb18030'",
        f"{path.name}：文件不是UTF-8编码{guess_zh}；请另存为UTF-8，或设置encoding='gb18030'",
    )


def _columns_of(con: duckdb.DuckDBPyConnection, source: str, path: Path) -> list[str]:
    try:
        described = con.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()
    except duckdb.Error as error:
        if "unicode" in str(error).lower() or "utf-8" in str(error).lower():
            raise _encoding_problem(path) from None
        raise InputProblem(
            f"{path.name}: cannot be read ({type(error).__name__})",
            f"{path.name}：无法读取（{type(error).__name__}）",
        ) from None
    return [str(row[0]) for row in described]


def _missing_problem(path: Path, missing: dict[str, str], found: list[str]) -> InputProblem:
    wanted = ", ".join(f"{canon} (as {col!r})" for canon, col in missing.items())
    return InputProblem(
        f"{path.name}: missing column(s) {wanted}; the file has {found}. "
        "Map your column names with the `columns` parameter.",
        f"{path.name}：缺少列 {wanted}；文件中的列为 {found}。可用参数columns映射列名。",
    )


def read_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    schema: Mapping[str, Col],
    columns: Mapping[str, str] | None = None,
    *,
    encoding: str = "utf-8",
) -> Table:
    """Load `path` into the DuckDB temp table `name` with the canonical, typed `schema` columns.

    `columns` maps canonical names to the file's names. Raises InputProblem for a missing,
    empty or unreadable file, a missing column or a file without rows.
    """
    if not path.is_file():
        raise InputProblem(f"{path.name}: file not found", f"{path.name}：文件不存在")
    if path.stat().st_size == 0:
        raise InputProblem(f"{path.name}: the file is empty", f"{path.name}：文件为空")
    source, temp = _source_sql(path, encoding)
    try:
        present = _load(con, path, source, name, schema, dict(columns or {}))
    finally:
        for tmp in temp:
            tmp.unlink(missing_ok=True)
    rows, invalid = con.sql(f"SELECT count(*), count(*) FILTER (_invalid) FROM {name}").fetchall()[
        0
    ]
    if rows == 0:
        raise InputProblem(f"{path.name}: no data rows", f"{path.name}：没有数据行")
    return Table(name, int(rows), int(invalid), fingerprint(path), present)


def _load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: str,
    name: str,
    schema: Mapping[str, Col],
    mapping: dict[str, str],
) -> frozenset[str]:
    """CREATE the typed temp table; returns the canonical columns the file has."""
    found = _columns_of(con, source, path)
    wanted = {canon: mapping.get(canon, canon) for canon in schema}
    missing = {c: col for c, col in wanted.items() if col not in found and not schema[c].optional}
    if missing:
        raise _missing_problem(path, missing, found)
    selects, bad, present = [], [], set()
    for canon, col in schema.items():
        if wanted[canon] not in found:
            selects.append(f"CAST(NULL AS {col.type}) AS {_quote(canon)}")
            continue
        present.add(canon)
        raw = _quote(wanted[canon])
        parsed = _parse(raw, col)
        selects.append(f"{parsed} AS {_quote(canon)}")
        empty = f"NULLIF(trim(CAST({raw} AS VARCHAR)), '') IS NULL"
        bad.append(f"({parsed} IS NULL AND NOT ({empty}))")
        if not col.nullable:
            bad.append(f"({empty})")
    invalid = " OR ".join(bad) or "false"
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {', '.join(selects)}, "
            f"({invalid}) AS _invalid FROM {source}"
        )
    except duckdb.Error as error:
        if "unicode" in str(error).lower():
            raise _encoding_problem(path) from None
        raise InputProblem(
            f"{path.name}: cannot be read ({type(error).__name__})",
            f"{path.name}：无法读取（{type(error).__name__}）",
        ) from None
    return frozenset(present)


# ---------------------------------------------------------------------------------------------
# Building results (shared)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What a check decides: its id (also its criterion's id), titles and the points it serves."""

    id: str
    zh: str
    en: str
    points: tuple[str, ...]

    @property
    def title(self) -> Bilingual:
        return Bilingual(zh=self.zh, en=self.en)


def undecided(spec: Spec, problem: InputProblem) -> Criterion:
    """The criterion when the input could not be read: cannot_decide, with the reason."""
    return Criterion(
        id=spec.id,
        title=spec.title,
        status=Status.CANNOT_DECIDE,
        detail=problem.text,
        cites=spec.points,
    )


def with_invalid_rows(status: Status, invalid: int) -> Status:
    """Rows the check could not use keep "met" from being claimed: the worse of the two."""
    return Status.CANNOT_DECIDE if status is Status.MET and invalid else status


def invalid_note(invalid: int) -> tuple[str, str]:
    if not invalid:
        return "", ""
    return (
        f"；另有{invalid}行缺少或无法解析所需字段，未能判断",
        f"; {invalid} row(s) lack or have unparseable required values and could not be judged",
    )


def finish(
    spec: Spec,
    params: BaseModel,
    criteria: Sequence[Criterion],
    *,
    started: float,
    tables: Sequence[Table] = (),
    examples: Sequence[dict[str, Any]] = (),
    engine: str = ENGINE,
) -> CheckResult:
    """The CheckResult for one run, with the inputs' fingerprints and at most 5 examples."""
    return CheckResult(
        check_id=spec.id,
        points=spec.points,
        parameters=params.model_dump(mode="json"),
        criteria=tuple(criteria),
        examples=tuple(examples)[:MAX_EXAMPLES],
        engine=engine,
        rows_read=sum(t.rows for t in tables),
        duration_s=round(time.perf_counter() - started, 3),
        inputs=tuple(t.fingerprint for t in tables),
    )


def run_guarded(spec: Spec, params: BaseModel, body: Callable[[float], CheckResult]) -> CheckResult:
    """Run a check body; an InputProblem becomes a cannot_decide result instead of an error."""
    started = time.perf_counter()
    try:
        return body(started)
    except InputProblem as problem:
        return finish(spec, params, [undecided(spec, problem)], started=started)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


# ---------------------------------------------------------------------------------------------
# Account checks
# ---------------------------------------------------------------------------------------------

#: Statuses that mean "still served" unless the platform's own list is given.
IN_SERVICE = ("active", "normal", "正常", "在用", "启用", "使用中")

ACCOUNT_SCHEMA: dict[str, Col] = {
    "account_id": Col("VARCHAR"),
    "subject_hash": Col("VARCHAR"),
    "verified": Col("BOOLEAN"),
    "registered": Col("DATE"),
    "last_login": Col("DATE", nullable=True),
    "status": Col("VARCHAR"),
    "name": Col("VARCHAR"),
}

FOLLOWER_SCHEMA: dict[str, Col] = {
    "account_id": Col("VARCHAR"),
    "date": Col("DATE"),
    "followers": Col("BIGINT"),
}


class AccountParams(BaseModel):
    """Where the account export is and how to read it."""

    model_config = ConfigDict(extra="forbid")

    accounts: Path
    columns: dict[str, str] = Field(default_factory=dict, description="canonical → file column")
    encoding: str = "utf-8"
    in_service_statuses: tuple[str, ...] = IN_SERVICE
    as_of: dt.date = Field(default_factory=dt.date.today, description="assessment date")


def _accounts(con: duckdb.DuckDBPyConnection, p: AccountParams, *cols: str) -> Table:
    schema = {c: ACCOUNT_SCHEMA[c] for c in ("account_id", *cols)}
    return read_table(con, p.accounts, "accounts", schema, p.columns, encoding=p.encoding)


def in_service_sql(statuses: Sequence[str]) -> str:
    """SQL: the row's status is one the platform still serves."""
    return f"lower(status) IN ({_sql_list([s.lower() for s in statuses])})"


# -- accounts.real_name_share ----------------------------------------------------------------

REAL_NAME = Spec(
    "accounts.real_name_share",
    "在用账号真实身份信息认证比例",
    "Share of in-service accounts with verified real identity",
    ("pa-2017:art6.real-name", "pa-2020d:art8.real-name", "sa-2018:art5.2"),
)


class RealNameParams(AccountParams):
    """pa-2017 Art. 6 ¶1 and pa-2020d Art. 8 ¶1 allow no unverified publisher, hence 100%."""

    min_share: float = Field(default=1.0, ge=0.0, le=1.0)


@register(
    REAL_NAME.id,
    points=REAL_NAME.points,
    params=RealNameParams,
    title={"zh": REAL_NAME.zh, "en": REAL_NAME.en},
)
def real_name_share(p: RealNameParams, progress: Progress | None = None) -> CheckResult:
    """Share of in-service accounts whose holder's real identity is verified.

    "后台实名": pa-2017 Art. 6 ¶1 and pa-2020d Art. 8 ¶1 forbid publishing services to a user who
    has not given a real identity, so every account still in service should be verified.
    """
    return run_guarded(REAL_NAME, p, lambda started: _real_name(p, started))


def _real_name(p: RealNameParams, started: float) -> CheckResult:
    con = duckdb.connect()
    table = _accounts(con, p, "verified", "status")
    live = in_service_sql(p.in_service_statuses)
    total, verified = con.sql(
        f"SELECT count(*), count(*) FILTER (verified) FROM accounts WHERE NOT _invalid AND {live}"
    ).fetchall()[0]
    ratio = share(verified, total)
    status = Status.MET if ratio is not None and ratio >= p.min_share else Status.NOT_MET
    if ratio is None:
        status = Status.CANNOT_DECIDE
    zh_note, en_note = invalid_note(table.invalid)
    rows = con.sql(
        f"SELECT account_id, registered FROM accounts WHERE NOT _invalid AND {live} AND NOT verified LIMIT {MAX_EXAMPLES}"
        if "registered" in table.present
        else f"SELECT account_id, NULL FROM accounts WHERE NOT _invalid AND {live} AND NOT verified LIMIT {MAX_EXAMPLES}"
    ).fetchall()
    criterion = Criterion(
        id=REAL_NAME.id,
        title=REAL_NAME.title,
        status=with_invalid_rows(status, table.invalid),
        figures={
            "in_service_accounts": total,
            "verified": verified,
            "unverified": total - verified,
            "verified_share": ratio,
            "min_share": p.min_share,
            "rows_invalid": table.invalid,
        },
        detail=Bilingual(
            zh=f"在用账号{total}个，已实名{verified}个（{_pct(ratio)}），要求≥{_pct(p.min_share)}{zh_note}",
            en=f"{verified} of {total} in-service accounts verified ({_pct(ratio)}), required ≥ {_pct(p.min_share)}{en_note}",
        ),
        cites=REAL_NAME.points,
    )
    examples = [{"account_id": mask(r[0]), "reason": "unverified"} for r in rows]
    return finish(REAL_NAME, p, [criterion], started=started, tables=[table], examples=examples)


def _pct(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio * 100:.2f}%"


# -- accounts.quota -------------------------------------------------------------------------

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


@register(QUOTA.id, points=QUOTA.points, params=QuotaParams, title={"zh": QUOTA.zh, "en": QUOTA.en})
def quota(p: QuotaParams, progress: Progress | None = None) -> CheckResult:
    """Subjects holding more in-service accounts than the platform's cap.

    pa-2017 Art. 7 ¶3 (合理设定上限) and pa-2020d Art. 10 ¶1/¶3 (cap; prevent over-quota
    registration). Without a configured cap the check cannot decide: the law sets none.
    """
    return run_guarded(QUOTA, p, lambda started: _quota(p, started))


def _quota(p: QuotaParams, started: float) -> CheckResult:
    if p.quota is None:
        raise InputProblem(
            "no quota given: pa-2017 Art. 7 ¶3 / pa-2020d Art. 10 ¶1 require the platform to set "
            "one but fix no number; enter the platform's cap as `quota`",
            "未设置上限参数：规定要求平台合理设定上限但未规定具体数值，请以参数quota填写平台设定的上限",
        )
    con = duckdb.connect()
    table = _accounts(con, p, "subject_hash", "status")
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
    zh_note, en_note = invalid_note(table.invalid)
    criterion = Criterion(
        id=QUOTA.id,
        title=QUOTA.title,
        status=with_invalid_rows(status, table.invalid),
        figures={
            "quota": p.quota,
            "subjects": subjects,
            "subjects_over_quota": over,
            "subjects_over_quota_share": share(over, subjects),
            "accounts_of_subjects_over_quota": int(accounts_over),
            "max_accounts_per_subject": largest,
            "rows_invalid": table.invalid,
        },
        detail=Bilingual(
            zh=f"{subjects}个主体中{over}个在用账号数超过上限{p.quota}（最多{largest}个）{zh_note}",
            en=f"{over} of {subjects} subjects hold more than {p.quota} in-service accounts (max {largest}){en_note}",
        ),
        cites=QUOTA.points,
    )
    examples = [{"subject_hash": mask(s, keep=4), "accounts": n} for s, n in worst]
    return finish(QUOTA, p, [criterion], started=started, tables=[table], examples=examples)


# -- accounts.inactive ----------------------------------------------------------------------

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


@register(
    INACTIVE.id,
    points=INACTIVE.points,
    params=InactiveParams,
    title={"zh": INACTIVE.zh, "en": INACTIVE.en},
)
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
    table = _accounts(con, p, "registered", "last_login", "status")
    live = in_service_sql(p.in_service_statuses)
    cutoff = _months_before(p.as_of, p.months)
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
    zh_note, en_note = invalid_note(table.invalid)
    criterion = Criterion(
        id=INACTIVE.id,
        title=INACTIVE.title,
        status=with_invalid_rows(status, table.invalid),
        figures={
            "in_service_accounts": total,
            "inactive_in_service": count,
            "inactive_share": share(count, total),
            "cutoff": cutoff.isoformat(),
            "as_of": p.as_of.isoformat(),
            "max_inactive": p.max_inactive,
            "rows_invalid": table.invalid,
        },
        detail=Bilingual(
            zh=f"{total}个在用账号中{count}个自{cutoff.isoformat()}以来未登录、未使用（容许{p.max_inactive}个）{zh_note}",
            en=f"{count} of {total} in-service accounts not used since {cutoff.isoformat()} (tolerance {p.max_inactive}){en_note}",
        ),
        cites=INACTIVE.points,
    )
    examples = [
        {"account_id": mask(a), "last_used": d.isoformat(), "never_logged_in": bool(n)}
        for a, d, n in rows
    ]
    return finish(INACTIVE, p, [criterion], started=started, tables=[table], examples=examples)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for d in range(day.day, 0, -1):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


# -- accounts.follower_jumps ----------------------------------------------------------------

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


@register(
    JUMPS.id, points=JUMPS.points, params=FollowerParams, title={"zh": JUMPS.zh, "en": JUMPS.en}
)
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
        raise InputProblem(
            "no follower data: give `followers` (account_id, date, followers) or `accounts` "
            f"with {p.wide_prefix}YYYY-MM-DD columns",
            f"没有关注数数据：请提供followers文件或含{p.wide_prefix}YYYY-MM-DD列的accounts文件",
        )
    return _wide_followers(con, p, p.accounts)


def _wide_followers(con: duckdb.DuckDBPyConnection, p: FollowerParams, path: Path) -> Table:
    """Unpivot `followers_YYYY-MM-DD` columns into the long (account_id, date, followers) form."""
    source, temp = _source_sql(path, p.encoding)
    try:
        found = _columns_of(con, source, path)
        id_col = p.columns.get("account_id", "account_id")
        wide = [c for c in found if c.startswith(p.wide_prefix)]
        if id_col not in found or not wide:
            raise _missing_problem(
                path, {"account_id": id_col, "followers": p.wide_prefix + "YYYY-MM-DD"}, found
            )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE followers_raw AS UNPIVOT (SELECT {_quote(id_col)} AS account_id, "
            f"{', '.join(_quote(c) for c in wide)} FROM {source}) ON {', '.join(_quote(c) for c in wide)} "
            "INTO NAME day VALUE followers"
        )
    finally:
        for tmp in temp:
            tmp.unlink(missing_ok=True)
    n = len(p.wide_prefix)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE followers AS SELECT account_id, "
        f"TRY_CAST(substr(day, {n + 1}) AS DATE) AS date, TRY_CAST(followers AS BIGINT) AS followers, "
        f"(TRY_CAST(substr(day, {n + 1}) AS DATE) IS NULL OR TRY_CAST(followers AS BIGINT) IS NULL) AS _invalid "
        "FROM followers_raw"
    )
    rows, invalid = con.sql(
        "SELECT count(*), count(*) FILTER (_invalid) FROM followers"
    ).fetchall()[0]
    if rows == 0:
        raise InputProblem(f"{path.name}: no data rows", f"{path.name}：没有数据行")
    return Table(
        "followers", int(rows), int(invalid), fingerprint(path), frozenset(FOLLOWER_SCHEMA)
    )


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
    zh_note, en_note = invalid_note(table.invalid)
    criterion = Criterion(
        id=JUMPS.id,
        title=JUMPS.title,
        status=with_invalid_rows(status, table.invalid),
        figures={
            "accounts": accounts,
            "accounts_judged": judged,
            "accounts_too_short": accounts - judged,
            "abnormal_increases": jumps,
            "accounts_flagged": flagged,
            "flagged_share": share(flagged, judged),
            "rule": f"increase/day > median + {p.k} × MAD and > {p.floor}",
            "rows_invalid": table.invalid,
        },
        detail=Bilingual(
            zh=f"{judged}个账号中{flagged}个出现{jumps}次关注数异常增长（日增>中位数+{p.k}×MAD且>{p.floor}），"
            f"应在平台监测处置记录中逐一核对{zh_note}",
            en=f"{jumps} abnormal follower increases in {flagged} of {judged} accounts (daily increase > median + "
            f"{p.k} × MAD and > {p.floor}); each should appear in the platform's detection and handling records{en_note}",
        ),
        cites=JUMPS.points,
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
