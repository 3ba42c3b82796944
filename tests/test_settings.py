"""Settings from the environment: safe defaults, and a clear error for a malformed one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anping import config


def test_defaults_are_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANPING_DATA_DIR", str(tmp_path))
    for name in ("ANPING_DATABASE_URL", "ANPING_SECRET_KEY", "ANPING_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    loaded = config.load()
    assert loaded.debug is False
    assert loaded.database["NAME"] == str(tmp_path / "anping.sqlite3")
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert config.load().secret_key == loaded.secret_key  # generated once, then kept


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("ANPING_DEBUG", "maybe", "not a boolean"),
        ("ANPING_DATABASE_URL", "mysql://x/y", "supports sqlite"),
        ("ANPING_SECRET_KEY", "short", "at least 32"),
        ("ANPING_AUDIT_RETENTION_DAYS", "30", "at least 183"),
    ],
)
def test_malformed_setting_is_refused_with_its_name(
    name: str, value: str, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANPING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=words):
        config.load()


def test_cli_reports_malformed_setting_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "ANPING_DATA_DIR": str(tmp_path), "ANPING_DEBUG": "maybe"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "anping", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "ANPING_DEBUG" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_unknown_option_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "anping", "serve", "--no-such-option"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "no-such-option" in result.stderr


def test_production_hashes_passwords_with_argon2() -> None:
    from anping import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
