"""The two-step local sign-in: a password opens a short-lived pending state, a code completes it.

Nobody is signed in (no login(), no session user) until both factors pass, so no page can be
reached half-way. The test client's force_login skips the sign-in pages altogether, like it
skips the password.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth import login
from django.http import HttpRequest

from govsocial.accounts.auth.throttle import clear_failures
from govsocial.accounts.models import User

PENDING_KEY = "govsocial_pending_sign_in"
PENDING_SECONDS = 5 * 60


@dataclass(frozen=True)
class PendingSignIn:
    user: User
    backend: str
    next_url: str


def pending_start(request: HttpRequest, *, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", "govsocial.accounts.auth.backends.LocalBackend"),
        "next": next_url,
        "at": time.time(),
    }


def pending_get(request: HttpRequest) -> PendingSignIn | None:
    """The user who has passed the password step in this browser in the last 5 minutes."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(data.get("user_id") or 0), is_active=True).first()
    if user is None:
        return None
    return PendingSignIn(user=user, backend=str(data["backend"]), next_url=str(data["next"]))


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def sign_in_complete(request: HttpRequest, *, user: User, backend: str, method: str) -> None:
    """Signs the user in with a new session key and records how (ASVS 7.2.4)."""
    pending_clear(request)
    request._govsocial_auth_method = method  # type: ignore[attr-defined]
    login(request, user, backend=backend)  # user_logged_in records the session
    clear_failures(username=user.get_username())
