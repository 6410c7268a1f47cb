from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.channels.selectors import official_account_list
from govsocial.records.selectors import audit_list
from govsocial.web.pagination import paginate
from govsocial.web.views.decorators import organisation_view


@organisation_view(Action.VIEW)
def account_list_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "organisations/accounts.html",
        {
            "organisation": organisation,
            "pagination": paginate(request, official_account_list(organisation=organisation)),
        },
    )


@organisation_view(Action.VIEW)
def audit_list_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "organisations/audit.html",
        {
            "organisation": organisation,
            "pagination": paginate(request, audit_list(organisation=organisation)),
        },
    )
