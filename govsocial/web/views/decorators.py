"""What every organisation page shares: the permission guard, the acting user, and services'
refusals turned into what the page shows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from govsocial.accounts.models import User
from govsocial.accounts.selectors import organisation_get_for_user, user_can
from govsocial.core.errors import ApplicationError, PermissionDenied

View = Callable[..., HttpResponse]
T = TypeVar("T")


def organisation_view(action: str) -> Callable[[View], View]:
    """Resolves <org> among the user's own organisations (404 otherwise) and checks the action (403)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            organisation = organisation_get_for_user(user=request.user, slug=org)  # type: ignore[arg-type]
            if organisation is None:
                raise Http404("No such organisation")
            if not user_can(user=request.user, action=action, organisation=organisation):  # type: ignore[arg-type]
                raise DjangoPermissionDenied("Your role does not allow this here.")
            return view(request, organisation, *args, **kwargs)

        return wrapped

    return decorator


def acting_user(request: HttpRequest) -> User:
    """The signed-in user; organisation_view has already turned anyone else away."""
    return cast(User, request.user)


def form_error(form: forms.Form, exc: ApplicationError) -> None:
    """Shows a service's refusal on the form: by its field when the form has one, else on top."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def attempt(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Runs a service; its ApplicationError becomes a form error the page shows in the summary."""
    try:
        return call()
    except ApplicationError as exc:
        form_error(form, exc)
        return None


def attempt_or_forbid(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Like `attempt`, but a role's refusal answers 403, as the organisation guard does."""
    try:
        return call()
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except ApplicationError as exc:
        form_error(form, exc)
        return None


def flash_form_errors(request: HttpRequest, form: forms.Form) -> None:
    """Actions posted from a page with several forms report their errors as banners."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
