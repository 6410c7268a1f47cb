"""The session policy, checked on every request of a signed-in user.

- A disabled user (a leaver) is signed out at once, whatever session they hold.
- Idle and absolute timeouts (ASVS 7.3.1, 7.3.2).
- A password-only session whose user has since gained a role needing two-factor ends.
- A single sign-on session is silently re-checked with the identity provider every
  OIDC_RENEW_SECONDS, so a user disabled there is signed out here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from govsocial.accounts.auth.models import AuthMethod
from govsocial.accounts.auth.sessions import (
    AUTH_METHOD_KEY,
    LAST_SEEN_KEY,
    SIGNED_IN_AT_KEY,
    session_touch,
)

# Writing last-seen on every request would make each page a database write.
TOUCH_EVERY_SECONDS = 60


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        session = request.session
        now = time.time()
        if not user.is_active:
            return self.sign_out(
                request, "Your account has been disabled. You have been signed out."
            )
        signed_in_at = float(session.get(SIGNED_IN_AT_KEY) or now)
        last_seen = float(session.get(LAST_SEEN_KEY) or now)
        if now - signed_in_at > settings.GOVSOCIAL_SESSION_ABSOLUTE_HOURS * 3600:
            return self.sign_out(
                request,
                f"You have been signed out because you signed in more than "
                f"{settings.GOVSOCIAL_SESSION_ABSOLUTE_HOURS} hours ago. Sign in again.",
            )
        if now - last_seen > settings.GOVSOCIAL_SESSION_IDLE_MINUTES * 60:
            return self.sign_out(
                request,
                f"You have been signed out after {settings.GOVSOCIAL_SESSION_IDLE_MINUTES} "
                "minutes without activity. Sign in again.",
            )
        method = session.get(AUTH_METHOD_KEY)
        if method == AuthMethod.PASSWORD:
            from govsocial.accounts.auth.policy import user_needs_two_factor

            if user_needs_two_factor(user):
                return self.sign_out(
                    request,
                    "Your role now needs two-factor sign-in. Sign in again to set it up.",
                )
        if method == AuthMethod.SSO and request.method == "GET":
            response = self.refresh_sso(request, now)
            if response is not None:
                return response
        if SIGNED_IN_AT_KEY not in session:
            session[SIGNED_IN_AT_KEY] = signed_in_at
        if now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN_KEY not in session:
            session[LAST_SEEN_KEY] = now
            session_touch(request, now=timezone.now())
        return None

    def refresh_sso(self, request: HttpRequest, now: float) -> HttpResponse | None:
        from govsocial.accounts.auth.oidc import oidc_enabled, silent_refresh_redirect

        if not oidc_enabled() or request.path.startswith(("/oidc/", "/api/")):
            return None
        if float(request.session.get("oidc_id_token_expiration", 0)) > now:
            return None
        return silent_refresh_redirect(request)

    def sign_out(self, request: HttpRequest, message: str) -> HttpResponse | None:
        logout(request)
        if request.path.startswith("/api/"):
            return None  # the API carries on as anonymous and answers 401 itself
        messages.info(request, message)
        return HttpResponseRedirect(reverse("web:login"))
