"""How the inbox's records are kept, exported and found for subject access (govsocial.records)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import models

from govsocial.accounts.models import Organisation


def _closed_messages_before(organisation: Organisation, cutoff: datetime) -> Iterable[models.Model]:
    from govsocial.inbox.models import OPEN_STATUSES, InboundItem

    # Open cases and moderated messages (evidence for an appeal) are kept until they are settled.
    return (
        InboundItem.objects.filter(organisation=organisation, received_at__lt=cutoff)
        .exclude(status__in=OPEN_STATUSES)
        .filter(moderation_actions__isnull=True)
        .order_by("pk")
    )


def _dispose_message(item: models.Model) -> None:
    item.delete()  # notes and reply drafts go with it; the disposal itself is in the public log


def register_inbox_records() -> None:
    from govsocial.records.exports import register_exportable
    from govsocial.records.retention import register_retention_class, retention_classes
    from govsocial.records.subject_access import register_personal_data

    existing = {c.name: c for c in retention_classes()}.get("inbound_message")
    register_retention_class(
        "inbound_message",
        label=existing.label if existing else "Messages citizens sent (correspondence schedule)",
        default_keep_days=existing.default_keep_days if existing else 730,
        due=_closed_messages_before,
        dispose=_dispose_message,
    )
    for label, path in (
        ("inbox.InboxSettings", "account__organisation"),
        ("inbox.HouseRules", "account__organisation"),
        ("inbox.InboxCursor", "account__organisation"),
        ("inbox.Thread", "organisation"),
        ("inbox.InboundItem", "organisation"),
        ("inbox.UnreadablePayload", "account__organisation"),
        ("inbox.InternalNote", "item__organisation"),
        ("inbox.SavedReply", "organisation"),
        ("inbox.InboxReply", "item__organisation"),
        ("inbox.ModerationAction", "organisation"),
    ):
        register_exportable(label, organisation_path=path)
    register_personal_data(
        "inbox.InboundItem",
        organisation_path="organisation",
        fields=("author_handle", "author_name", "original_text", "redacted_text"),
    )
    register_personal_data(
        "inbox.InternalNote", organisation_path="item__organisation", fields=("text",)
    )
    register_personal_data(
        "inbox.InboxReply", organisation_path="item__organisation", fields=("text",)
    )
    register_personal_data(
        "inbox.ModerationAction", organisation_path="organisation", fields=("snapshot", "note")
    )
