"""The rules, one module per id prefix. Importing this package registers them all."""

from govsocial.checks.rules import (
    accessibility_media,
    accessibility_text,
    account,
    election,
    invisible,
    limits,
    personal_data,
    propriety,
    style,
)

__all__ = [
    "account",
    "accessibility_media",
    "accessibility_text",
    "election",
    "invisible",
    "limits",
    "personal_data",
    "propriety",
    "style",
]
