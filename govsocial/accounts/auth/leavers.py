"""Leavers: disabling a user ends every session they hold, at once (ASVS 7.4.2)."""

from __future__ import annotations

from django.db import transaction

from govsocial.accounts.models import User
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record


@transaction.atomic
def user_disable(*, user: User, actor: User | None) -> None:
    """Marks the user inactive; the post_save receiver in sessions.py ends their sessions."""
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        organisation=None,
        actor=actor,
        action=AuditAction.USER_DISABLE,
        target=user,
        data={"user": user.get_username()},
    )
