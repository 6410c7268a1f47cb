"""The permission guard every organisation page goes through."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from govsocial.accounts.models import User
from govsocial.accounts.selectors import organisation_get_for_user, user_can

View = Callable[..., HttpResponse]


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
                raise PermissionDenied("Your role does not allow this here.")
            return view(request, organisation, *args, **kwargs)

        return wrapped

    return decorator


def acting_user(request: HttpRequest) -> User:
    """The signed-in user; organisation_view has already turned anyone else away."""
    return cast(User, request.user)
