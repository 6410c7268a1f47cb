"""Helpers shared by the inbox pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from govsocial.accounts.models import Organisation
from govsocial.inbox import clocks
from govsocial.inbox.models import REASON_EXPLANATIONS, InboundItem, ModerationReason
from govsocial.inbox.selectors import (
    assignable_users,
    inbound_item_get,
    inbox_settings_for,
    moderation_list,
    thread_items,
)
from govsocial.inbox.services import FOI_NOTE_REMINDER
from govsocial.inbox.services.moderation import network_can_moderate
from govsocial.inbox.services.permissions import (
    can_moderate,
    can_reply,
    can_see_personal_data,
    can_work,
)
from govsocial.web.forms.inbox import (
    AppealDecideForm,
    AppealOpenForm,
    AssignForm,
    ModerateForm,
    NoteForm,
    ReplyForm,
    RouteForm,
    SavedReplyChoiceForm,
    StatusForm,
)
from govsocial.web.views.decorators import acting_user


def item_or_404(organisation: Organisation, pk: int) -> InboundItem:
    item = inbound_item_get(organisation=organisation, pk=pk)
    if item is None:
        raise Http404("No such inbox item")
    return item


def sla_for(item: InboundItem) -> Any:
    if item.sla_due_at is None:
        return None
    settings = inbox_settings_for(account=item.account)
    try:
        return clocks.sla_now(received=item.received_at, at=timezone.now(), settings=settings)
    except ValueError:
        return None


def render_item(
    request: HttpRequest,
    organisation: Organisation,
    item: InboundItem,
    *,
    status: int = 200,
    **overrides: Any,
) -> HttpResponse:
    user = acting_user(request)
    users = list(assignable_users(organisation=organisation))
    context: dict[str, Any] = {
        "organisation": organisation,
        "item": item,
        "thread": list(thread_items(item=item)),
        "notes": item.notes.select_related("author"),
        "replies": item.replies.select_related("author", "post"),
        "moderations": moderation_list(item=item),
        "sla": sla_for(item),
        "can_work": can_work(user=user, item=item),
        "can_reply": can_reply(user=user, item=item),
        "can_moderate": can_moderate(user=user, item=item),
        "can_see_personal_data": can_see_personal_data(user=user, item=item),
        "network_moderation": network_can_moderate(item.account.network),
        "foi_note_reminder": FOI_NOTE_REMINDER,
        "reasons": [
            (code, label, REASON_EXPLANATIONS[code]) for code, label in ModerationReason.choices
        ],
        "assign_form": AssignForm(users=users, initial={"assignee": str(item.assignee_id or "")}),
        "status_form": StatusForm(initial={"status": item.status}),
        "route_form": RouteForm(initial={"queue": item.queue}),
        "note_form": NoteForm(),
        "reply_form": ReplyForm(initial={"text": item.suggested_reply}),
        "saved_form": SavedReplyChoiceForm(organisation=organisation),
        "moderate_form": ModerateForm(),
        "appeal_open_form": AppealOpenForm(),
        "appeal_decide_form": AppealDecideForm(),
        "original": None,
        "check": None,
    }
    context.update(overrides)
    return render(request, "inbox/item.html", context, status=status)
