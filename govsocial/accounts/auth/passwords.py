"""Refuses passwords seen in breaches, from a list bundled with govsocial (no network)."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

# Django's 20,000 common passwords plus the 30,000 most frequent breached passwords that the
# zxcvbn package (MIT) ships, lower-cased and de-duplicated: about 40,000 entries.
BREACHED_LIST = Path(__file__).with_name("breached-passwords.txt.gz")


@cache
def breached_passwords() -> frozenset[str]:
    return frozenset(gzip.decompress(BREACHED_LIST.read_bytes()).decode().split())


class BreachedPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if password.strip().lower() in breached_passwords():
            raise ValidationError(
                "This password has appeared in data breaches, so attackers try it first. "
                "Choose another: three or four random words make a strong one.",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be one that has appeared in a data breach."
