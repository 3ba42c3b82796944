"""Which language a page is in, for the few places that pick one half of a bilingual value."""

from __future__ import annotations

from django.utils.translation import get_language


def is_english() -> bool:
    """True on English pages; Chinese (the default and authoritative language) otherwise."""
    return (get_language() or "").startswith("en")
