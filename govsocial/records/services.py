"""The one entry point for audit records: `audit_record()`, called inside each service's transaction.

A public action (records/events/) also becomes a transparency-log leaf, in the same
transaction, so a change and its public record commit or roll back together.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, models

from govsocial.accounts.selectors import role_acting_as
from govsocial.records.events import AuditAction, event_spec
from govsocial.records.models import AuditRecord
from govsocial.records.transparency_log import leaf_from_audit_record

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User

logger = logging.getLogger("govsocial.records")


class AuditOutsideTransaction(RuntimeError):
    """audit_record() was called outside the transaction of the change it records."""


class UndeclaredAuditData(RuntimeError):
    """audit_record() was given an action or data keys that records/events/ does not declare."""


def undeclared_data(action: AuditAction, data: dict[str, Any]) -> list[str]:
    """Keys of `data` that the catalogue does not list for `action`."""
    return sorted(set(data) - set(event_spec(action).data_keys))


SYSTEM_ROLE = "system"


def actor_role_for(*, actor: User | None, organisation: Organisation, action: AuditAction) -> str:
    """The role a record (and its leaf) names: the actor's highest role relevant to the action."""
    if actor is None or not actor.pk:
        return SYSTEM_ROLE
    role = role_acting_as(
        user=actor, organisation=organisation, actions=event_spec(action).acting_as
    )
    return role or SYSTEM_ROLE


def audit_record(
    *,
    organisation: Organisation | None,
    actor: User | None,
    action: AuditAction,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor_role: str = "",
) -> AuditRecord:
    """Writes the audit record of a state change; must run inside that change's transaction."""
    if not isinstance(action, AuditAction):
        raise UndeclaredAuditData(f"{action!r} is not an AuditAction: add it to records/events/")
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit_record({action.value!r}) must be called inside the service's "
            "transaction.atomic block"
        )
    data = data or {}
    unexpected = undeclared_data(action, data)
    if unexpected:
        # Tests and development refuse, so the catalogue stays true; production keeps the
        # record (losing an audit record would be worse) and says so in the log.
        message = f"{action.value} carries keys records/events/ does not list: {unexpected}"
        if settings.GOVSOCIAL_AUDIT_STRICT:
            raise UndeclaredAuditData(message)
        logger.warning("audit.undeclared_data %s", message)
    actor = actor if actor is not None and actor.pk else None
    if not actor_role and organisation is not None:
        # Every record names the role the person acted in, as the public log does.
        actor_role = actor_role_for(actor=actor, organisation=organisation, action=action)
    record = AuditRecord.objects.create(
        organisation=organisation,
        actor=actor,
        actor_role=actor_role,
        action=action.value,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
    leaf_from_audit_record(record)
    return record


__all__ = ["AuditOutsideTransaction", "UndeclaredAuditData", "audit_record"]
