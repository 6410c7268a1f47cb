"""The queue with filters, and the overview of SLA breaches and account polling."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.channels.selectors import official_account_list
from govsocial.inbox.selectors import (
    ItemFilters,
    account_sync_status,
    assignable_users,
    inbound_item_list,
    inbox_breaches,
    inbox_counts,
)
from govsocial.web.forms.inbox import FilterForm
from govsocial.web.pagination import paginate
from govsocial.web.views.decorators import acting_user, organisation_view

#: The overview shows the most overdue; the rest are a link away, in the paginated queue.
OVERVIEW_BREACHES = 20


@organisation_view(Action.VIEW)
def queue_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    accounts = official_account_list(organisation=organisation)
    users = assignable_users(organisation=organisation)
    # With no filter chosen (the first visit, or its page 2) the queue shows what is open.
    chosen = any(name != "page" for name in request.GET)
    data = request.GET if chosen else {"status": "open"}
    form = FilterForm(data, accounts=accounts, users=users)
    filters = ItemFilters(status="open")
    if form.is_valid():
        cleaned = form.cleaned_data
        filters = ItemFilters(
            status=cleaned["status"] or "",
            label=cleaned["label"] or "",
            queue=cleaned["queue"] or "",
            account=cleaned["account"],
            assignee=cleaned["assignee"] or "",
            overdue=bool(cleaned["overdue"]),
            search=cleaned["search"] or "",
        )
    items = inbound_item_list(
        organisation=organisation,
        filters=filters,
        user=acting_user(request),
    )
    return render(
        request,
        "inbox/queue.html",
        {
            "organisation": organisation,
            "form": form,
            "pagination": paginate(request, items),
            "counts": inbox_counts(organisation=organisation),
        },
    )


@organisation_view(Action.VIEW)
def overview_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "inbox/overview.html",
        {
            "organisation": organisation,
            "breaches": inbox_breaches(organisation=organisation, limit=OVERVIEW_BREACHES),
            "counts": inbox_counts(organisation=organisation),
            "sync_status": account_sync_status(organisation=organisation),
        },
    )
