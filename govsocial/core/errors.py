"""Errors every layer can raise and every interface turns into a clear message."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message the user can act on."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(ApplicationError):
    """The acting user's role does not allow this action here."""


class NotFound(ApplicationError):
    """The object does not exist, or belongs to an organisation the user cannot see."""


class Conflict(ApplicationError):
    """The request clashes with one made before, e.g. an Idempotency-Key reused for other work."""
