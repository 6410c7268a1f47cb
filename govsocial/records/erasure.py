"""Lawful erasure: delete an entry's content and salt, and append a tombstone saying when and why.

The erased leaf's bytes never change, so every proof issued earlier still verifies;
its commitment can no longer be opened, because the salt is gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from govsocial.accounts.roles import Action
from govsocial.core.errors import ApplicationError, NotFound, PermissionDenied
from govsocial.records.events import AuditAction
from govsocial.records.models import AuditRecord, LeafContent, LogLeaf
from govsocial.records.services import audit_record

if TYPE_CHECKING:
    from govsocial.accounts.models import User

#: Why content may be erased lawfully (shown on the public tombstone).
ERASURE_REASONS: dict[str, str] = {
    "personal_data": "Personal data published by mistake",
    "data_subject_request": "A person's valid request to erase their data",
    "court_order": "A court order",
    "unlawful_content": "Content that was unlawful to publish",
    "security": "Information that put someone's safety or security at risk",
}


@transaction.atomic
def record_erase(*, leaf: LogLeaf, reason_code: str, actor: User) -> LogLeaf:
    """Delete a leaf's content and salt and append a tombstone saying when and why.

    The erased leaf's bytes never change, so every proof issued earlier still verifies.
    Records managers and data protection officers may erase.
    """
    from govsocial.accounts.selectors import user_can

    organisation = leaf.log.organisation
    if not any(
        user_can(user=actor, action=action, organisation=organisation)
        for action in (Action.MANAGE_RECORDS, Action.HANDLE_SAR)
    ):
        raise PermissionDenied(
            "Only a records manager or a data protection officer may erase public record content."
        )
    if reason_code not in ERASURE_REASONS:
        raise ApplicationError(
            f"{reason_code!r} is not an erasure reason; use one of {', '.join(ERASURE_REASONS)}.",
            field="reason_code",
        )
    locked = LogLeaf.objects.select_for_update().filter(pk=leaf.pk).first()
    if locked is None:
        raise NotFound("That log entry does not exist.")
    if locked.action == "tombstone":
        raise ApplicationError("A tombstone records an erasure; it cannot itself be erased.")
    if LogLeaf.objects.filter(log=locked.log, erased_index=locked.index).exists():
        raise ApplicationError(f"Entry {locked.index} has already been erased.")
    LeafContent.objects.filter(leaf=locked).delete()
    if locked.audit_record_id is not None:
        # The content was also kept in the audit record's data: erase it there too.
        source = AuditRecord.objects.get(pk=locked.audit_record_id)
        scrubbed = {k: v for k, v in (source.data or {}).items() if k != "content"}
        scrubbed["content_erased"] = True
        AuditRecord.objects.filter(pk=source.pk).update(data=scrubbed)
    record = audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.RECORD_ERASE,
        target=locked,
        data={"erased_index": locked.index, "reason_code": reason_code},
    )
    return LogLeaf.objects.get(audit_record=record)
