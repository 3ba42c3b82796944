"""Every user-facing string is translatable and translated (zh-Hans source, English catalog)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

import anping
from anping.i18n import problems

PACKAGE = Path(anping.__file__).resolve().parent


def test_english_catalog_complete() -> None:
    assert problems() == []


def test_every_source_string_is_in_the_catalog(tmp_path: Path) -> None:
    """Extract afresh with makemessages (needs GNU gettext, which the test command installs)."""
    assert shutil.which("xgettext"), (
        "install gettext (the test command does: apt-get install gettext)"
    )
    copy = tmp_path / "anping"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--ignore",
            "law/*",
            "--ignore",
            "checks/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""},
    )
    extracted = polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))
    committed = polib.pofile(str(PACKAGE / "locale/en/LC_MESSAGES/django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed if e.translated()}
    current = [e for e in extracted if not e.obsolete]
    missing = [e.msgid for e in current if (e.msgctxt, e.msgid) not in known]
    assert missing == [], "run: cd src/anping && anping manage makemessages -l en --no-location"
