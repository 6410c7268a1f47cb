"""Security headers Django 5.2 does not set itself: CSP with a per-request nonce, and no caching of staff pages.

Django's SecurityMiddleware adds HSTS, nosniff, Referrer-Policy and COOP from settings
(config/settings/security.py); this adds the rest and removes headers that name software.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


# Headers that tell an attacker which software and version answer (a passive scan flags them).
LEAKY_HEADERS = ("Server", "X-Powered-By", "X-AspNet-Version", "X-Runtime")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        for leak in LEAKY_HEADERS:
            if leak in response.headers:
                del response.headers[leak]
        if not request.path.startswith(("/assets/", "/public/")):
            # Staff pages hold unpublished drafts and personal data: never keep them in a shared cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
