from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import organisation_get_for_user, user_can
from govsocial.accounts.services import api_token_authenticate
from govsocial.core.errors import NotFound, PermissionDenied
from govsocial.core.text import text_problem


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gs_...` for scripts; create a token with `govsocial user create-token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if text_problem(token) is not None:
            return None  # a NUL byte would reach the token lookup, which PostgreSQL refuses
        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """The signed-in browser session, so the UI's own scripts can call the API (CSRF-checked)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


API_AUTH = [TokenAuth(), StaffSessionAuth()]


def api_user(request: HttpRequest) -> User:
    """The user the request authenticated as (every route is behind API_AUTH)."""
    user = request.user
    assert isinstance(user, User)
    return user


def api_organisation(
    request: HttpRequest, slug: str, *, action: str = Action.VIEW, refusal: str = ""
) -> Organisation:
    """One of the user's organisations (404 for any other) where their role allows `action` (403)."""
    user = api_user(request)
    organisation = organisation_get_for_user(user=user, slug=slug)
    if organisation is None:
        raise NotFound(f"No organisation {slug!r} among yours.")
    if not user_can(user=user, action=action, organisation=organisation):
        raise PermissionDenied(refusal or "Your role does not allow this in this organisation.")
    return organisation
