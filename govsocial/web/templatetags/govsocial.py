from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

# A finding's severity as people read it, and its tag colour: the words the post pages use
# for a report's verdict.
SEVERITY_TAGS: dict[str, tuple[str, str]] = {
    "block": ("Blocked", "red"),
    "escalate": ("Needs the senior approver", "orange"),
    "warn": ("Warning", "yellow"),
}


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    value = mapping.get(key) if hasattr(mapping, "get") else None
    return getattr(value, "reason", value)


@register.filter
def severity_words(severity: str) -> str:
    return SEVERITY_TAGS[severity][0]


@register.filter
def severity_colour(severity: str) -> str:
    return SEVERITY_TAGS[severity][1]


@register.simple_tag
def severity_tags() -> dict[str, dict[str, str]]:
    """Words and colour of every severity, for scripts that show findings (via json_script)."""
    return {
        severity: {"words": words, "colour": colour}
        for severity, (words, colour) in SEVERITY_TAGS.items()
    }
