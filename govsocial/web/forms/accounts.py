"""Forms for the second sign-in step, two-factor set-up and the sessions page."""

from __future__ import annotations

from typing import Any

from django import forms

from govsocial.accounts.roles import Role
from govsocial.web.forms import GovukFormMixin


class CodeForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        error_messages={"required": "Enter the code from your authenticator app"},
    )
    error_anchor = "id_code"

    def __init__(self, *args: Any, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
        self.fields["code"].widget = forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input govuk-input--width-10",
            }
        )
        self.apply_govuk_attributes()

    def apply_govuk_attributes(self) -> None:
        super().apply_govuk_attributes()
        widget = self.fields["code"].widget
        widget.attrs["class"] = widget.attrs.get("class", "govuk-input") + " govuk-input--width-10"


class EndSessionForm(forms.Form):
    session = forms.IntegerField(min_value=1)


class GroupMappingForm(GovukFormMixin, forms.Form):
    group = forms.CharField(
        label="Group",
        max_length=255,
        help_text=(
            "As your identity provider sends it: a Keycloak group name, or an Entra ID group "
            "object ID or app role."
        ),
        error_messages={"required": "Enter the group"},
    )
    role = forms.ChoiceField(
        label="Role in this organisation",
        choices=[("", "Choose a role"), *Role.choices],
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )
    error_anchor = "id_group"


class RemoveMappingForm(forms.Form):
    mapping = forms.IntegerField(min_value=1)
