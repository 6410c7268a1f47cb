"""Following deliveries: the "needs check" queue, re-sending, and edits or deletions on the network."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.channels.selectors import official_account_get
from govsocial.publishing import selectors
from govsocial.publishing.models import Delivery
from govsocial.publishing.services import (
    delivery_delete_remote,
    delivery_edit_remote,
    delivery_resolve,
    delivery_retry,
)
from govsocial.web.forms.posts import DeleteForm, ResolveForm
from govsocial.web.pagination import Pagination, paginate
from govsocial.web.views.decorators import (
    acting_user,
    attempt,
    flash_form_errors,
    organisation_view,
)


def _delivery_or_404(organisation: Organisation, pk: int) -> Delivery:
    delivery = selectors.delivery_get(organisation=organisation, pk=pk)
    if delivery is None:
        raise Http404("No such delivery")
    return delivery


def _needs_check_pagination(request: HttpRequest, organisation: Organisation) -> Pagination:
    return paginate(request, selectors.deliveries_needing_check(organisation=organisation))


@organisation_view(Action.VIEW)
def needs_check_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "deliveries/needs_check.html",
        {
            "organisation": organisation,
            "pagination": _needs_check_pagination(request, organisation),
            "form": ResolveForm(),
        },
    )


@require_POST
@organisation_view(Action.PUBLISH)
def resolve_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    delivery = _delivery_or_404(organisation, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        if attempt(
            form,
            lambda: delivery_resolve(
                delivery=delivery,
                actor=acting_user(request),
                resolution=data["resolution"],
                remote_url=data["remote_url"],
                note=data["note"],
            ),
        ):
            messages.success(request, "Recorded. Thank you for checking.")
            return redirect("web:needs_check", org=organisation.slug)
    return render(
        request,
        "deliveries/needs_check.html",
        {
            "organisation": organisation,
            "pagination": _needs_check_pagination(request, organisation),
            "form": form,
            "form_delivery": delivery,
        },
        status=400,
    )


def _simple(
    request: HttpRequest, organisation: Organisation, pk: int, run: Any, success: str, form: Any
) -> HttpResponse:
    delivery = _delivery_or_404(organisation, pk)
    if form.is_valid() and attempt(form, lambda: run(delivery, request, form)) is not None:
        messages.success(request, success)
    else:
        flash_form_errors(request, form)
    return redirect("web:post_detail", org=organisation.slug, pk=delivery.post_id)


def _retry(delivery: Delivery, request: HttpRequest, form: Any) -> Any:
    return delivery_retry(delivery=delivery, actor=acting_user(request))


def _push_edit(delivery: Delivery, request: HttpRequest, form: Any) -> Any:
    return delivery_edit_remote(delivery=delivery, actor=acting_user(request))


def _delete(delivery: Delivery, request: HttpRequest, form: Any) -> Any:
    return delivery_delete_remote(
        delivery=delivery, actor=acting_user(request), reason=form.cleaned_data["reason"]
    )


@require_POST
@organisation_view(Action.PUBLISH)
def retry_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _simple(
        request, organisation, pk, _retry, "It will be sent again shortly.", Form(request.POST)
    )


@require_POST
@organisation_view(Action.PUBLISH)
def push_edit_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _simple(
        request,
        organisation,
        pk,
        _push_edit,
        "The edit is on the network and in the record.",
        Form(request.POST),
    )


@require_POST
@organisation_view(Action.PUBLISH)
def delete_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _simple(
        request,
        organisation,
        pk,
        _delete,
        "Deleted on the network. Our record of it is kept.",
        DeleteForm(request.POST),
    )


@organisation_view(Action.VIEW)
def account_health_page(
    request: HttpRequest, organisation: Organisation, account: int
) -> HttpResponse:
    found = official_account_get(organisation=organisation, pk=account)
    if found is None:
        raise Http404("No such account")
    recent = (
        selectors.delivery_list(organisation=organisation)
        .filter(account=found)
        .order_by("-due_at")[:20]
    )
    return render(
        request,
        "organisations/account_health.html",
        {"organisation": organisation, "account": found, "deliveries": recent},
    )
