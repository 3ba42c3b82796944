"""Settings read from the environment, with safe defaults and clear errors.

Kept free of Django so the CLI can report a malformed setting as one line and a non-zero exit,
instead of a traceback from deep inside Django's start-up.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigError(ValueError):
    """A setting in the environment cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Config:
    """Everything anping reads from the environment, parsed once."""

    data_dir: Path
    database: dict[str, Any]
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    audit_retention_days: int
    login_max_failures: int
    login_lockout_minutes: int
    secure_cookies: bool


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be at least {minimum}")
    return value


def data_dir() -> Path:
    """Where anping keeps its SQLite file, secret key, uploads and loaded notices (`./var`)."""
    return Path(os.environ.get("ANPING_DATA_DIR", "var")).resolve()


def database(directory: Path) -> dict[str, Any]:
    raw = os.environ.get("ANPING_DATABASE_URL")
    url = raw or f"sqlite:///{directory / 'anping.sqlite3'}"
    try:
        parsed = dj_database_url.parse(url, conn_max_age=0)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"ANPING_DATABASE_URL={raw!r} is not a database URL: {exc}") from None
    engine = parsed.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        # IMMEDIATE transactions take the write lock at BEGIN, so two writers never race on the
        # audit chain's head; WAL lets readers go on while one process writes.
        parsed["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif "postgresql" not in engine:
        raise ConfigError(
            f"ANPING_DATABASE_URL={raw!r}: anping supports sqlite:// and postgres:// URLs"
        )
    parsed.setdefault("TEST", {})
    return dict(parsed)


def secret_key(directory: Path) -> str:
    """The configured key, or one generated once and kept in the data dir (mode 0600)."""
    raw = os.environ.get("ANPING_SECRET_KEY")
    if raw is not None:
        if len(raw) < 32:
            raise ConfigError("ANPING_SECRET_KEY must be at least 32 characters long")
        return raw
    path = directory / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key, encoding="utf-8")
    return key


def load() -> Config:
    """Read and check every setting; raises ConfigError naming the first bad variable."""
    directory = data_dir()
    hosts = os.environ.get("ANPING_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    return Config(
        data_dir=directory,
        database=database(directory),
        secret_key=secret_key(directory),
        debug=env_bool("ANPING_DEBUG", default=False),
        allowed_hosts=[h.strip() for h in hosts.split(",") if h.strip()],
        audit_retention_days=env_int("ANPING_AUDIT_RETENTION_DAYS", 183, minimum=183),
        login_max_failures=env_int("ANPING_LOGIN_MAX_FAILURES", 5, minimum=1),
        login_lockout_minutes=env_int("ANPING_LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
        # Secure cookies need HTTPS; the embedded default serves plain HTTP on loopback.
        secure_cookies=env_bool("ANPING_SECURE_COOKIES", default=False),
    )
