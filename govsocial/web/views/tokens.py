""" "Your API tokens": list your tokens, create one (its secret shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from govsocial.accounts.models import ApiToken, User
from govsocial.accounts.selectors import api_token_get_for_user, api_token_list_for_user
from govsocial.accounts.services import api_token_create, api_token_revoke
from govsocial.core.errors import ApplicationError
from govsocial.web.forms.tokens import TokenCreateForm


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(
                user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # Shown in this response and never stored, not even in the session: the page is
            # served no-store, and reloading it asks to send the form again rather than
            # showing the secret twice.
            return render(request, "auth/token_created.html", {"token": token, "secret": secret})
    now = timezone.now()
    tokens = [(t, t.state_at(now)) for t in api_token_list_for_user(user=user)]
    return render(request, "auth/tokens.html", {"form": form, "tokens": tokens})


def own_token(request: HttpRequest, token_id: int) -> ApiToken:
    user: User = request.user  # type: ignore[assignment]
    token = api_token_get_for_user(user=user, token_id=token_id)  # the <id:> URL caps token_id
    if token is None:
        raise Http404("You have no such API token.")
    return token


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_page(request: HttpRequest, token_id: int) -> HttpResponse:
    """Asks to confirm, then revokes: a GET never changes anything."""
    token = own_token(request, token_id)
    if request.method == "POST":
        revoked = api_token_revoke(token=token, actor=request.user)  # type: ignore[arg-type]
        messages.success(
            request, f"Token “{revoked.name}” ({revoked.prefix}) is revoked: it no longer works."
        )
        return HttpResponseRedirect(reverse("accounts:tokens"))
    return render(request, "auth/token_revoke.html", {"token": token})
