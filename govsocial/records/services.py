"""The one entry point for audit records (issue 5 item 6; issue 6 turns public ones into log leaves)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction

from govsocial.records.models import AuditRecord

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User


class AuditOutsideTransaction(RuntimeError):
    """audit_record() was called outside the transaction of the change it records."""


_after_record_hooks: list[Any] = []


def register_audit_hook(hook: Any) -> None:
    """Lets another app (the transparency log) act on each record inside the same transaction."""
    if hook not in _after_record_hooks:
        _after_record_hooks.append(hook)


def audit_record(
    *,
    organisation: Organisation | None,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor_role: str = "",
) -> AuditRecord:
    """Writes the audit record of a state change; must run inside that change's transaction."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit_record({action!r}) must be called inside the service's transaction.atomic block"
        )
    record = AuditRecord.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.pk else None,
        actor_role=actor_role,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
    for hook in _after_record_hooks:
        hook(record)
    return record


__all__ = ["audit_record", "register_audit_hook", "AuditOutsideTransaction", "transaction"]
