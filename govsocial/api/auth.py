from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from govsocial.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gs_...` for scripts; create a token with `govsocial manage api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
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
