"""Forms for the publishing journey. They only validate input; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from govsocial.channels.models import OfficialAccount
from govsocial.publishing.models import RiskClass
from govsocial.web.forms import GovukFormMixin


class PostForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        required=False,
        help_text="For staff only, to find the post again. Never published.",
    )
    text = forms.CharField(
        label="Text of the post",
        widget=forms.Textarea(attrs={"rows": 8, "data-live-check": "true"}),
        error_messages={"required": "Write the text of the post"},
    )
    accounts = forms.ModelMultipleChoiceField(
        label="Official accounts",
        queryset=OfficialAccount.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one official account"},
    )
    risk_class = forms.ChoiceField(
        label="Risk class",
        choices=RiskClass.choices,
        initial=RiskClass.ROUTINE,
        help_text="Ministerial, policy, announcement, election and crisis posts need the senior approver.",
    )
    campaign_code = forms.CharField(
        label="Campaign or responsibility code",
        max_length=60,
        required=False,
        help_text="Links the post to a departmental responsibility, for example C-2027-014.",
    )
    parliamentary_reference = forms.CharField(
        label="Parliamentary reference",
        max_length=200,
        required=False,
        help_text="For announcements: the Written Statement or PQ answer it follows.",
    )
    image = forms.FileField(label="Image or video (optional)", required=False)
    alt_text = forms.CharField(
        label="Alt text for the image",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Describe the image for people who cannot see it.",
    )
    has_captions = forms.BooleanField(label="The video has captions", required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accounts = self.fields["accounts"]
        assert isinstance(accounts, forms.ModelMultipleChoiceField)
        accounts.queryset = OfficialAccount.objects.filter(
            organisation=organisation, is_active=True
        )
        self.apply_govuk_attributes()


class EditForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Text of the post",
        widget=forms.Textarea(attrs={"rows": 8, "data-live-check": "true"}),
        error_messages={"required": "Write the text of the post"},
    )


class OverrideForm(GovukFormMixin, forms.Form):
    rule = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why this warning does not apply",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why this warning does not apply"},
    )


class ReturnForm(GovukFormMixin, forms.Form):
    comments = forms.CharField(
        label="What should the author change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the author should change"},
    )


class BreakGlassReviewForm(GovukFormMixin, forms.Form):
    comments = forms.CharField(
        label="Your review (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Was publishing at once justified? What should happen next time?",
    )


class ScheduleForm(GovukFormMixin, forms.Form):
    when = forms.DateTimeField(
        label="Publish at",
        required=False,
        help_text="For example 2027-01-05 09:30. Leave empty to publish now.",
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": "Enter the time like 2027-01-05 09:30"},
    )

    def clean_when(self) -> Any:
        value = self.cleaned_data.get("when")
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class BreakGlassForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why can this not wait for approval?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this cannot wait for approval"},
    )


class ResolveForm(GovukFormMixin, forms.Form):
    resolution = forms.ChoiceField(
        label="What did you find on the network?",
        choices=[
            ("published", "It was published"),
            ("not_published", "It was not published: send it again"),
            ("give_up", "Do not send it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you found on the network"},
    )
    remote_url = forms.URLField(
        assume_scheme="https",
        label="Address of the post on the network",
        required=False,
        error_messages={"invalid": "Enter the full address, starting with https://"},
    )
    note = forms.CharField(label="Note", required=False)


class DeleteForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the post being deleted?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the post is being deleted"},
    )
