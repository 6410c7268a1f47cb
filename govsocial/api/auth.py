from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import organisation_get_for_user, user_can
from govsocial.accounts.services import TokenRefused, api_token_authenticate
from govsocial.core.errors import NotFound, PermissionDenied
from govsocial.core.text import text_problem

NO_CREDENTIALS = "Sign in, or send `Authorization: Bearer <token>` with a valid API token."


class CredentialsRefused(AuthenticationError):
    """401: the request's credentials were missing or did not authenticate, and why."""

    def __init__(self, detail: str = NO_CREDENTIALS) -> None:
        super().__init__(message=detail)
        self.detail = detail


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gs_...` for scripts; create a token on the "Your API tokens" page
    or with `govsocial user token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if text_problem(token) is not None:
            # A NUL byte would reach the token lookup, which PostgreSQL refuses.
            raise CredentialsRefused(
                "That API token is not valid. Send `Authorization: Bearer <token>` with a token"
                " from your “Your API tokens” page."
            )
        try:
            user = api_token_authenticate(raw=token)
        except TokenRefused as refusal:
            # Raised, not returned as None: a script that sent a token learns what is wrong with
            # it, and a browser session cookie alongside a bad token does not paper over it.
            raise CredentialsRefused(refusal.message) from None
        request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """The signed-in browser session, so the UI's own scripts can call the API (CSRF-checked)."""

    def __call__(self, request: HttpRequest) -> Any:
        # django-ninja checks CSRF before it looks at the session, so a request with no session
        # at all (a script without a token) would get 403 "CSRF check Failed" instead of 401.
        # Only a signed-in session is CSRF-checked; everything else is unauthenticated.
        if "Authorization" in request.headers:
            return None  # a script's credentials, which TokenAuth alone judges
        if self.authenticate(request, None) is None:
            return None
        return super().__call__(request)

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
