"""Compile and check the translation catalogs without GNU gettext (polib is pure Python).

Source strings are Simplified Chinese, the authoritative language (docs/decisions/0002); the
English catalog must translate every one of them, with no fuzzy entries.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalogs() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> list[Path]:
    """Write a .mo beside every .po; returns the files written."""
    written = []
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def problems() -> list[str]:
    """Untranslated or fuzzy entries, as readable lines."""
    found = []
    for po_path in catalogs():
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries() + po.fuzzy_entries():
            found.append(f"{po_path.parent.parent.name}: {entry.msgid!r}")
    return found
