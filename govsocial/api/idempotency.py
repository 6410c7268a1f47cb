"""`Idempotency-Key` for API writes: a repeated request gets the first answer, not a second write."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from govsocial.api.models import IdempotentRequest
from govsocial.core.errors import ApplicationError, Conflict
from govsocial.core.text import text_problem

KEY_MAX_CHARS = 200  # IdempotentRequest.key


def _fingerprint(request: HttpRequest) -> str:
    method = (request.method or "").encode()
    return hashlib.sha256(method + request.path.encode() + request.body).hexdigest()


def idempotent(request: HttpRequest, write: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return write()
    problem = text_problem(key, max_length=KEY_MAX_CHARS)
    if problem is not None:
        raise ApplicationError(f"The Idempotency-Key header cannot be used: {problem}.")
    fingerprint = _fingerprint(request)
    stored = IdempotentRequest.objects.filter(user=request.user, key=key).first()  # type: ignore[misc]
    if stored is not None:
        if stored.fingerprint != fingerprint:
            raise Conflict(
                "This Idempotency-Key was already used for a different request. Use a new key."
            )
        return stored.status, stored.body
    try:
        # The write and the stored answer commit together, so a repeat never writes twice.
        with transaction.atomic():
            status, body = write()
            IdempotentRequest.objects.create(
                user=request.user,
                key=key,
                fingerprint=fingerprint,
                status=status,
                body=body,  # type: ignore[misc]
            )
    except IntegrityError:
        stored = IdempotentRequest.objects.get(user=request.user, key=key)  # type: ignore[misc]
        return stored.status, stored.body
    return status, body
