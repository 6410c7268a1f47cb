"""Signed-in sessions: recorded at sign-in, listed to their user, ended one by one or all at once.

A session ends by deleting its row in Django's session store, so the browser's cookie no longer
signs anyone in, on every web host at once (ASVS 7.4.2, 7.4.5, 7.5.2).
"""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from govsocial.accounts.auth.models import AuthMethod, UserSession
from govsocial.accounts.auth.throttle import client_ip
from govsocial.accounts.models import User
from govsocial.core.errors import NotFound
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

# Session keys the sign-in flow and the policy middleware keep.
AUTH_METHOD_KEY = "govsocial_auth_method"
SIGNED_IN_AT_KEY = "govsocial_signed_in_at"
LAST_SEEN_KEY = "govsocial_last_seen"


def _store_delete(session_key: str) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=session_key).delete()


@transaction.atomic
def session_record(request: HttpRequest, user: User, method: str) -> None:
    """Remembers the session that has just signed in (called after login() cycled the key)."""
    now = timezone.now()
    request.session[AUTH_METHOD_KEY] = method
    request.session[SIGNED_IN_AT_KEY] = now.timestamp()
    request.session[LAST_SEEN_KEY] = now.timestamp()
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key
    assert key is not None
    session, _ = UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "auth_method": method,
            "ip_address": client_ip(request),
            "user_agent": request.headers.get("user-agent", "")[:300],
            "signed_in_at": now,
            "last_seen_at": now,
        },
    )
    audit_record(
        organisation=None,
        actor=user,
        action=AuditAction.SESSION_SIGN_IN,
        target=user,
        data={"method": method, "device": session.device, "ip": session.ip_address or ""},
    )


@transaction.atomic
def session_sign_out(*, session_key: str, user: User | None) -> None:
    """Forgets a session that signed out here, and records it."""
    session = UserSession.objects.filter(session_key=session_key).first()
    if session is None:
        return
    session.delete()
    audit_record(
        organisation=None,
        actor=user if user is not None and user.is_authenticated else session.user,
        action=AuditAction.SESSION_SIGN_OUT,
        target=session.user,
        data={"device": session.device},
    )


def session_touch(request: HttpRequest, *, now: datetime) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).update(last_seen_at=now)


def session_list_for_user(*, user: User) -> list[UserSession]:
    return list(UserSession.objects.filter(user=user))


@transaction.atomic
def session_end(*, user: User, session_id: int, actor: User) -> UserSession:
    """Ends one of the user's own sessions. Another user's session is "not found"."""
    session = UserSession.objects.filter(user=user, pk=session_id).first()
    if session is None:
        raise NotFound("That session has already ended. The list below shows the ones still open.")
    _store_delete(session.session_key)
    session.delete()
    audit_record(
        organisation=None,
        actor=actor,
        action=AuditAction.SESSION_END,
        target=user,
        data={"device": session.device, "ip": session.ip_address or ""},
    )
    return session


@transaction.atomic
def session_end_all(*, user: User, actor: User | None, reason: str, keep: str = "") -> int:
    """Ends every session of the user except the one whose key is `keep`; returns how many."""
    ended = 0
    for session in UserSession.objects.filter(user=user).exclude(session_key=keep):
        _store_delete(session.session_key)
        session.delete()
        ended += 1
    if ended:
        audit_record(
            organisation=None,
            actor=actor,
            action=AuditAction.SESSION_END_ALL,
            target=user,
            data={"user": user.get_username(), "ended": ended, "reason": reason},
        )
    return ended


@receiver(user_logged_in, dispatch_uid="govsocial_session_record")
def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    # The sign-in views record their own method; anything else (force_login, a refresh) is
    # recorded here so it is still listed and can be ended.
    if request is not None and hasattr(request, "session"):
        method = getattr(request, "_govsocial_auth_method", AuthMethod.OTHER)
        session_record(request, user, method)


@receiver(user_logged_out, dispatch_uid="govsocial_session_forget")
def _on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        key = request.session.session_key
        if key:
            session_sign_out(session_key=key, user=user)


@receiver(post_save, sender=User, dispatch_uid="govsocial_disabled_user_sessions")
def _on_user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    """A leaver disabled by an admin loses every session the moment the change is saved."""
    if not created and not instance.is_active:
        session_end_all(user=instance, actor=None, reason="account disabled")


def sessions_prune() -> int:
    """Forgets sessions past the absolute timeout (dead anyway); the worker runs it hourly."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(hours=settings.GOVSOCIAL_SESSION_ABSOLUTE_HOURS)
    stale = list(
        UserSession.objects.filter(signed_in_at__lt=cutoff).values_list("session_key", flat=True)
    )
    for key in stale:
        _store_delete(key)
    UserSession.objects.filter(session_key__in=stale).delete()
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    return len(stale)
