"""Form helpers that give Django widgets the GOV.UK Frontend classes and error wiring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from govsocial.core.text import text_problem

WIDGET_CLASSES = {
    forms.TextInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.PasswordInput: "govuk-input",
    forms.NumberInput: "govuk-input",
    forms.URLInput: "govuk-input",
    forms.DateTimeInput: "govuk-input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxSelectMultiple: "govuk-checkboxes",
    forms.ClearableFileInput: "govuk-file-upload",
}


def storable_text(value: str) -> None:
    """The shared rule (govsocial.core.text) as a form validator: text the database can store."""
    problem = text_problem(value)
    if problem is not None:
        raise ValidationError(f"This cannot be saved: {problem}.", code="unstorable")


class GovukFormMixin:
    """Adds GOV.UK classes, hint and error descriptions; turns off browser validation messages.

    Every text field also gets `storable_text`, in place of Django's own NUL check, so a page
    refuses what the database cannot store with the same words as the API and the CLI.
    """

    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField):
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ] + [storable_text]
        self.apply_govuk_attributes()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.apply_govuk_attributes()

    def apply_govuk_attributes(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            css = WIDGET_CLASSES.get(type(field.widget), "")
            described_by = []
            if field.help_text:
                described_by.append(f"id_{name}-hint")
            errors = getattr(self, "_errors", None)
            if errors and name in errors:
                css += {
                    "govuk-input": " govuk-input--error",
                    "govuk-textarea": " govuk-textarea--error",
                    "govuk-select": " govuk-select--error",
                }.get(css, "")
                described_by.append(f"id_{name}-error")
            if css:
                field.widget.attrs["class"] = css
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)
