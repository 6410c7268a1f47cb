"""Writes for the inbox. Each is one transaction with its audit record."""

from govsocial.inbox.services.ingest import (
    SyncResult,
    inbox_sync,
    inbox_sync_account,
    inbox_sync_periodic,
    store_page,
)
from govsocial.inbox.services.moderation import (
    house_rules_publish,
    inbound_item_moderate,
    inbox_settings_set,
    moderation_appeal_decide,
    moderation_appeal_open,
)
from govsocial.inbox.services.work import (
    FOI_NOTE_REMINDER,
    ReplyCheck,
    ReplyNeedsAttention,
    inbound_item_assign,
    inbound_item_reply,
    inbound_item_reveal_original,
    inbound_item_route,
    inbound_item_set_status,
    internal_note_create,
    reply_check,
    saved_reply_create,
)

__all__ = [
    "FOI_NOTE_REMINDER",
    "ReplyCheck",
    "ReplyNeedsAttention",
    "SyncResult",
    "house_rules_publish",
    "inbox_settings_set",
    "inbox_sync",
    "inbox_sync_account",
    "inbox_sync_periodic",
    "inbound_item_assign",
    "inbound_item_moderate",
    "inbound_item_reply",
    "inbound_item_reveal_original",
    "inbound_item_route",
    "inbound_item_set_status",
    "internal_note_create",
    "moderation_appeal_decide",
    "moderation_appeal_open",
    "reply_check",
    "saved_reply_create",
    "store_page",
]
