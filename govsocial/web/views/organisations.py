from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.channels.selectors import official_account_list
from govsocial.publishing.selectors import post_get, post_latest_version, post_list
from govsocial.records.selectors import audit_list
from govsocial.web.views.decorators import organisation_view


@organisation_view(Action.VIEW)
def post_list_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "posts/list.html",
        {"organisation": organisation, "posts": post_list(organisation=organisation)},
    )


@organisation_view(Action.VIEW)
def post_detail_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    post = post_get(organisation=organisation, pk=pk)
    if post is None:
        raise Http404("No such post")
    return render(
        request,
        "posts/detail.html",
        {"organisation": organisation, "post": post, "version": post_latest_version(post=post)},
    )


@organisation_view(Action.VIEW)
def account_list_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "organisations/accounts.html",
        {
            "organisation": organisation,
            "accounts": official_account_list(organisation=organisation),
        },
    )


@organisation_view(Action.VIEW)
def audit_list_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "organisations/audit.html",
        {"organisation": organisation, "records": audit_list(organisation=organisation)},
    )
