"""The report's period: two dates, checked with messages that say what to do."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from govsocial.it.report import MAX_REPORT_DAYS
from govsocial.web.forms import GovukFormMixin


class ReportPeriodForm(GovukFormMixin, forms.Form):
    start = forms.DateField(
        label="From",
        help_text="For example, 2026-09-01",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": "Enter the first day of the period",
            "invalid": "Enter the first day as a date, for example 2026-09-01",
        },
    )
    end = forms.DateField(
        label="To",
        help_text="For example, 2026-11-30",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": "Enter the last day of the period",
            "invalid": "Enter the last day as a date, for example 2026-11-30",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                field.widget.attrs.get("class", "") + " govuk-input govuk-input--width-10"
            ).strip()
            field.widget.attrs["autocomplete"] = "off"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " govuk-input--error"

    @staticmethod
    def default_period(today: date) -> dict[str, str]:
        return {"start": (today - timedelta(days=89)).isoformat(), "end": today.isoformat()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day")
            elif (end - start).days > MAX_REPORT_DAYS:
                self.add_error("end", "Choose a period of at most two years")
        return cleaned
