"""The log checks' parameters: the input (files or a connection URL), the thresholds and the
assessment date."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from anping.checks.engines.ibis_sources import redact_url

LEGAL_RETENTION_MONTHS = 6  # Cybersecurity Law Art. 21(3): network logs kept ≥ 6 months
CHINA = dt.timezone(dt.timedelta(hours=8))  # no daylight saving since 1991


class LogCheckParams(BaseModel):
    """Parameters of the log checks; the CLI sets them with ``--param key=value``."""

    model_config = ConfigDict(extra="forbid")

    inputs: list[str] = Field(default_factory=list, description="files or globs")
    url: str | None = Field(default=None, description="Ibis connection URL instead of files")
    table: str | None = Field(default=None, description="table name for --url")
    engine: Literal["duckdb", "ibis"] = "duckdb"
    mapping: dict[str, str] = Field(default_factory=dict, description="role → column")
    encoding: str | None = Field(
        default=None, description="CSV encoding; default: detect UTF-8/GBK"
    )
    assessment_date: dt.date | None = Field(default=None, description="default: today (Beijing)")
    min_field_share: float = Field(default=0.99, ge=0, le=1)
    min_valid_share: float = Field(default=0.99, ge=0, le=1)
    retention_months: int = Field(default=LEGAL_RETENTION_MONTHS, ge=1, le=240)
    min_daily_coverage: float = Field(default=1.0, ge=0, le=1)
    memory_limit: str = "1GB"
    threads: int | None = Field(default=None, ge=1)
    fingerprints: bool = Field(default=True, description="SHA-256 of each input file")

    @model_validator(mode="after")
    def _one_source(self) -> LogCheckParams:
        if self.url and self.inputs:
            raise ValueError("give either inputs (files) or url (a database), not both")
        if self.engine == "ibis" and not self.url:
            raise ValueError("engine 'ibis' reads through a connection URL: give url and table")
        if self.url and not self.table:
            raise ValueError("url needs a table name (table=…)")
        return self

    def day(self) -> dt.date:
        """The assessment date: given, or today in Beijing time."""
        return self.assessment_date or dt.datetime.now(CHINA).date()

    def recorded(self) -> dict[str, Any]:
        """Parameters as stored with the result (a URL's password removed)."""
        data = self.model_dump(mode="json")
        if self.url:
            data["url"] = redact_url(self.url)
        data["assessment_date"] = self.day().isoformat()
        return data
