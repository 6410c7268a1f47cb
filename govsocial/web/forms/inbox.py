"""Forms for the inbox pages (GOV.UK classes through GovukFormMixin)."""

from __future__ import annotations

from typing import Any

from django import forms

from govsocial.accounts.models import User
from govsocial.core.text import SEARCH_MAX_CHARS
from govsocial.inbox.models import (
    ItemStatus,
    ModerationKind,
    ModerationReason,
    Queue,
    SavedReply,
    TriageLabel,
)
from govsocial.web.forms import GovukFormMixin


class FilterForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("open", "Open"), ("", "Any status"), *ItemStatus.choices],
        initial="open",
    )
    label = forms.ChoiceField(required=False, choices=[("", "Any label"), *TriageLabel.choices])
    queue = forms.ChoiceField(required=False, choices=[("", "Any queue"), *Queue.choices])
    account = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])
    assignee = forms.ChoiceField(required=False, choices=[])
    overdue = forms.BooleanField(required=False, label="Overdue only")
    search = forms.CharField(required=False, max_length=SEARCH_MAX_CHARS, label="Text or handle")

    def __init__(self, *args: Any, accounts: Any = (), users: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", "Any account")] + [  # type: ignore[attr-defined]
            (a.pk, str(a)) for a in accounts
        ]
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone"),
            ("me", "Me"),
            ("none", "Nobody (unassigned)"),
        ] + [(str(u.pk), str(u)) for u in users]


class AssignForm(GovukFormMixin, forms.Form):
    assignee = forms.ChoiceField(label="Assign to", required=False)

    def __init__(self, *args: Any, users: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.users: dict[str, User] = {str(u.pk): u for u in users}
        self.fields["assignee"].choices = [("", "Nobody: back to the queue")] + [  # type: ignore[attr-defined]
            (pk, str(u)) for pk, u in self.users.items()
        ]

    def chosen(self) -> User | None:
        return self.users.get(self.cleaned_data.get("assignee") or "")


class StatusForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(choices=ItemStatus.choices, label="Status")


class RouteForm(GovukFormMixin, forms.Form):
    queue = forms.ChoiceField(
        choices=Queue.choices,
        label="Queue",
        help_text="Moving to the FOI or SAR queue starts the legal clock from the day it arrived.",
    )


class NoteForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Internal note",
        help_text="Notes can be disclosed under the Freedom of Information Act or in a subject "
        "access request. Write only what you would be content for the person to read.",
        max_length=5000,
    )


class ReplyForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Your public reply",
        help_text="Everyone can read it. Never repeat the person's personal data.",
        max_length=5000,
    )
    acknowledge = forms.BooleanField(
        required=False, label="I have read the warnings and want to send the reply as it is"
    )


class SavedReplyChoiceForm(GovukFormMixin, forms.Form):
    saved = forms.ModelChoiceField(
        queryset=SavedReply.objects.none(), label="Start from a saved reply", required=False
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["saved"].queryset = SavedReply.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )


class ModerateForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=ModerationKind.choices, widget=forms.RadioSelect, label="What to do"
    )
    reason_code = forms.ChoiceField(
        choices=ModerationReason.choices,
        widget=forms.RadioSelect,
        label="Reason from the house rules",
        help_text="Only these reasons are allowed. Never moderate or block for disagreement.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note (optional)"
    )


class AppealOpenForm(GovukFormMixin, forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label="What the person said in their appeal"
    )


class AppealDecideForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("restore", "Restore the item"), ("uphold", "The action stands")],
        widget=forms.RadioSelect,
        label="Decision",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Reason for the decision"
    )


class SavedReplyForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200, label="Title")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Text")


class InboxSettingsForm(GovukFormMixin, forms.Form):
    weekdays = forms.CharField(
        max_length=20,
        label="Staffed days",
        help_text="0 is Monday, 6 is Sunday; for example 0,1,2,3,4",
    )
    opens = forms.TimeField(label="Opens at (24-hour, e.g. 09:00)")
    closes = forms.TimeField(label="Closes at (24-hour, e.g. 17:00; 00:00 is midnight)")
    response_target_hours = forms.IntegerField(
        min_value=1,
        max_value=2000,
        label="Response target in staffed hours",
        help_text="16 is two working days on an 8-hour day",
    )
    staffed_on_bank_holidays = forms.BooleanField(required=False)
    secure_channel_url = forms.URLField(
        required=False, assume_scheme="https", label="Official secure channel for individual cases"
    )
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="House rules introduction"
    )
    not_endorsement_statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Statement that following is not endorsement",
    )
    publish = forms.BooleanField(required=False, label="Publish the house rules page")
