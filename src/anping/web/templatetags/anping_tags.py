"""Template helpers shared by every page."""

from __future__ import annotations

from django import template

from anping.law.catalog_schema import LABELS
from anping.web.language import is_english

register = template.Library()


@register.filter
def bilingual_name(obj: object) -> str:
    """An organisation's legal (Chinese) name, with its English name beside it in English pages."""
    name = str(getattr(obj, "name", obj))
    english = getattr(obj, "name_en", "")
    if english and is_english():
        return f"{name} ({english})"
    return name


@register.filter
def kind_label(code: str) -> str:
    """A service kind or feature code (`chat_room`) in the page's language."""
    zh, en = LABELS.get(code, (code, code))
    return en if is_english() else zh


@register.filter
def lang(text: object) -> str:
    """The page language's half of a bilingual {zh, en} value."""
    if isinstance(text, dict):
        return str(text.get("en" if is_english() else "zh", ""))
    return str(getattr(text, "en" if is_english() else "zh", text))
