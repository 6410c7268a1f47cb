"""One item and its thread: reveal the original, assign, status, notes and the reply composer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.inbox.models import InboundItem, ReplyState
from govsocial.inbox.selectors import assignable_users
from govsocial.inbox.services import (
    ReplyNeedsAttention,
    inbound_item_assign,
    inbound_item_reply,
    inbound_item_reveal_original,
    inbound_item_route,
    inbound_item_set_status,
    internal_note_create,
)
from govsocial.web.forms.inbox import (
    AssignForm,
    NoteForm,
    ReplyForm,
    RouteForm,
    SavedReplyChoiceForm,
    StatusForm,
)
from govsocial.web.views.decorators import acting_user, attempt_or_forbid, organisation_view
from govsocial.web.views.inbox.common import item_or_404, render_item

T = TypeVar("T")


def _back(organisation: Organisation, pk: int) -> HttpResponse:
    return redirect("inbox:item", org=organisation.slug, pk=pk)


@organisation_view(Action.VIEW)
def item_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = item_or_404(organisation, pk)
    saved = SavedReplyChoiceForm(request.GET or None, organisation=organisation)
    if request.GET.get("saved") and saved.is_valid() and saved.cleaned_data["saved"]:
        return render_item(
            request,
            organisation,
            item,
            reply_form=ReplyForm(initial={"text": saved.cleaned_data["saved"].text}),
            saved_form=saved,
        )
    return render_item(request, organisation, item)


@require_POST
@organisation_view(Action.VIEW)
def original_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = item_or_404(organisation, pk)
    try:
        original = inbound_item_reveal_original(item=item, actor=acting_user(request))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    return render_item(request, organisation, item, original=original)


def _act_on_item(
    request: HttpRequest,
    organisation: Organisation,
    pk: int,
    form: forms.Form,
    form_name: str,
    run: Callable[[InboundItem], T],
    success: Callable[[T], str],
) -> HttpResponse:
    """One service on one item: the item page again with the form's errors (400), or a
    message and back to the item."""
    item = item_or_404(organisation, pk)
    if not form.is_valid():
        return render_item(request, organisation, item, status=400, **{form_name: form})
    done = attempt_or_forbid(form, lambda: run(item))
    if done is None:
        return render_item(request, organisation, item, status=400, **{form_name: form})
    messages.success(request, success(done))
    return _back(organisation, pk)


@require_POST
@organisation_view(Action.VIEW)
def assign_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    form = AssignForm(request.POST, users=assignable_users(organisation=organisation))
    return _act_on_item(
        request,
        organisation,
        pk,
        form,
        "assign_form",
        lambda item: inbound_item_assign(
            item=item, actor=acting_user(request), assignee=form.chosen()
        ),
        lambda item: f"Assigned to {item.assignee}." if item.assignee else "Returned to the queue.",
    )


@require_POST
@organisation_view(Action.VIEW)
def status_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    form = StatusForm(request.POST)
    return _act_on_item(
        request,
        organisation,
        pk,
        form,
        "status_form",
        lambda item: inbound_item_set_status(
            item=item, actor=acting_user(request), status=form.cleaned_data["status"]
        ),
        lambda item: f"Status set to {item.get_status_display().lower()}.",
    )


@require_POST
@organisation_view(Action.VIEW)
def route_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    form = RouteForm(request.POST)
    return _act_on_item(
        request,
        organisation,
        pk,
        form,
        "route_form",
        lambda item: inbound_item_route(
            item=item, actor=acting_user(request), queue=form.cleaned_data["queue"]
        ),
        lambda item: f"Moved to the {item.get_queue_display()} queue.",
    )


@require_POST
@organisation_view(Action.VIEW)
def note_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    return _act_on_item(
        request,
        organisation,
        pk,
        form,
        "note_form",
        lambda item: internal_note_create(
            item=item, actor=acting_user(request), text=form.cleaned_data["text"]
        ),
        lambda note: "Note added.",
    )


@require_POST
@organisation_view(Action.REPLY)
def reply_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = item_or_404(organisation, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return render_item(request, organisation, item, reply_form=form, status=400)
    user = acting_user(request)
    try:
        reply = inbound_item_reply(
            item=item,
            actor=user,
            text=form.cleaned_data["text"],
            acknowledge_warnings=form.cleaned_data["acknowledge"],
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except ReplyNeedsAttention as exc:
        form.add_error("text", exc.message)
        return render_item(
            request, organisation, item, reply_form=form, check=exc.check, status=400
        )
    except ApplicationError as exc:
        form.add_error("text", exc.message)
        return render_item(request, organisation, item, reply_form=form, status=400)
    if reply.state == ReplyState.SUBMITTED:
        messages.success(request, "Reply sent for approval and delivery.")
    else:
        messages.info(
            request,
            f"Reply saved as a draft in publishing: {reply.problem.rstrip('.')}. "
            "Finish it on the post's page.",
        )
    return _back(organisation, pk)
