"""Template helpers shared by every page."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def bilingual_name(obj: object) -> str:
    """An organisation's legal (Chinese) name, with its English name beside it in English pages."""
    name = str(getattr(obj, "name", obj))
    english = getattr(obj, "name_en", "")
    if english and (get_language() or "").startswith("en"):
        return f"{name} ({english})"
    return name
