"""The form on "Your API tokens": what the token is for, and how long it works."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from govsocial.web.forms import GovukFormMixin

LIFETIME_CHOICES = (7, 30, 90, 180, 365)


def lifetime_choices() -> list[tuple[str, str]]:
    """The usual lifetimes up to the configured cap, with the configured default among them."""
    longest = settings.GOVSOCIAL_API_TOKEN_MAX_DAYS
    days = sorted(
        {d for d in LIFETIME_CHOICES if d <= longest} | {settings.GOVSOCIAL_API_TOKEN_DAYS}
    )
    return [(str(d), f"{d} days") for d in days]


class TokenCreateForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="For example, “nightly report script”. You see this name in the list below.",
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "Shorten the name to 100 characters at most",
            "null_characters_not_allowed": "Remove the NUL character from the name",
        },
    )
    days = forms.TypedChoiceField(
        label="When should it expire?",
        coerce=int,
        error_messages={
            "required": "Choose when the token should expire",
            "invalid_choice": "Choose when the token should expire",
        },
    )
    error_anchor = "id_name"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        assert isinstance(days, forms.TypedChoiceField)
        days.choices = lifetime_choices()
        days.initial = str(settings.GOVSOCIAL_API_TOKEN_DAYS)
        days.widget = forms.RadioSelect(choices=lifetime_choices())
