"""The name checks' parameters and what each decides (id, titles, catalog points)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from anping.checks.accounts.schema import RegisterParams
from anping.checks.table_results import Spec


class NameParams(RegisterParams):
    """The account export (account_id, name, status[, registered]) and how names are compared."""

    threshold: float = Field(default=85.0, ge=50.0, le=100.0, description="fuzz.ratio cut-off")
    pinyin: bool = True
    pinyin_min_chars: int = Field(default=3, ge=1)
    contain_min_len: int = Field(default=3, ge=2)
    workers: int = Field(default=1, ge=1, description="processes for large registers (fork)")


class ProtectedParams(NameParams):
    """`protected`: a .txt file (one name a line) or CSV/Parquet with a `name` column."""

    protected: Path
    keywords: Path | None = Field(default=None, description="extra keywords, one a line")
    packaged_keywords: bool = True
    authorised: Path | None = Field(
        default=None, description="account ids entitled to a protected name"
    )


class ClosedParams(NameParams):
    """`closed`: .txt (one name a line) or CSV/Parquet with `name` [, account_id, closed_on]."""

    closed: Path
    contain_min_len: int = Field(default=4, ge=2)


PROTECTED = Spec(
    "names.protected_names",
    "账号名称冒用党政机关、组织机构或知名人士名义",
    "Account names impersonating protected bodies or people",
    ("pa-2017:art7.review", "pa-2020d:art8.names", "sa-2018:art5.4"),
)
CLOSED = Spec(
    "names.closed_accounts",
    "被关闭账号以相同或近似名称重新注册",
    "Closed accounts re-registered under the same or a similar name",
    (
        "pa-2017:art13.blacklist",
        "pa-2020d:art8.closed-names",
        "pa-2020d:art19.blacklist",
        "sa-2018:art5.4",
    ),
)
