"""Login throttling and lockout, per username and per client address (ASVS 6.3.1)."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from govsocial.accounts.auth.models import LoginFailure


def client_ip(request: HttpRequest) -> str | None:
    """The browser's address: REMOTE_ADDR, or the header a trusted proxy sets when configured."""
    raw = ""
    header = settings.GOVSOCIAL_CLIENT_IP_HEADER
    if header:
        raw = request.headers.get(header, "").split(",")[-1].strip()
    raw = raw or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.GOVSOCIAL_LOCKOUT_MINUTES)


def _normalise(username: str) -> str:
    return username.strip().lower()[:150]


def lockout_message(*, username: str, ip: str | None) -> str | None:
    """Why sign-in is refused right now, or None when it may be tried."""
    since = _window_start()
    minutes = settings.GOVSOCIAL_LOCKOUT_MINUTES
    recent = LoginFailure.objects.filter(created_at__gte=since)
    if username and (
        recent.filter(username=_normalise(username)).count() >= settings.GOVSOCIAL_LOCKOUT_FAILURES
    ):
        return (
            f"This account is locked for {minutes} minutes after too many failed sign-in "
            f"attempts. Wait {minutes} minutes and try again, or ask your account admin to "
            "check the account."
        )
    if ip and recent.filter(ip_address=ip).count() >= settings.GOVSOCIAL_LOCKOUT_IP_FAILURES:
        return (
            f"Sign-in from your network address is paused for {minutes} minutes after too many "
            "failed attempts. Wait and try again, or ask your IT team."
        )
    return None


def record_failure(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=_normalise(username), ip_address=ip)


def clear_failures(*, username: str) -> None:
    LoginFailure.objects.filter(username=_normalise(username)).delete()


def prune_failures() -> int:
    """Deletes failures older than the lockout window; the worker runs it periodically."""
    deleted, _ = LoginFailure.objects.filter(created_at__lt=_window_start()).delete()
    return deleted
