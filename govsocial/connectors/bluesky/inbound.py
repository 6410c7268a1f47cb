"""Bluesky notifications → inbox items.

A PDS on its own keeps no notifications: they come from the AppView, which the PDS proxies
to when a request carries the `atproto-proxy` header. Our test PDS has no AppView behind it,
so this path is tested against recorded AppView answers (tests/connectors/bluesky/fixtures).
Direct messages live in a separate chat service (chat.bsky.convo.*) and are not fetched yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govsocial.connectors.base import InboundItem, InboundKind
from govsocial.connectors.errors import MalformedResponse
from govsocial.connectors.rest import parse_time

# https://docs.bsky.app/docs/api/app-bsky-notification-list-notifications
LIST_NOTIFICATIONS = "app.bsky.notification.listNotifications"
# https://docs.bsky.app/docs/advanced-guides/api-directory#bluesky-services
APPVIEW_PROXY = "did:web:api.bsky.app#bsky_appview"
INBOX_REASONS = {
    "mention": InboundKind.MENTION,
    "reply": InboundKind.REPLY,
    "quote": InboundKind.MENTION,
}
NETWORK = "bluesky"


def post_url(handle: str, uri: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


def inbound_item(notification: Mapping[str, Any]) -> InboundItem | None:
    kind = INBOX_REASONS.get(str(notification.get("reason")))
    if kind is None:
        return None  # likes, reposts and follows are not conversations
    try:
        uri = str(notification["uri"])
        author = notification["author"]
        handle = str(author["handle"])
        record = notification["record"]
        text = str(record.get("text", ""))
    except (KeyError, TypeError, AttributeError) as exc:
        raise MalformedResponse(f"a notification lacks {exc}", network=NETWORK) from exc
    reply = record.get("reply") if isinstance(record, Mapping) else None
    parent = reply.get("parent", {}).get("uri") if isinstance(reply, Mapping) else None
    root = reply.get("root", {}).get("uri") if isinstance(reply, Mapping) else None
    return InboundItem(
        remote_id=uri,
        kind=kind,
        author_handle=handle,
        author_name=str(author.get("displayName") or ""),
        text=text,
        created_at=parse_time(record.get("createdAt")) or parse_time(notification.get("indexedAt")),
        thread_id=str(root or uri),
        in_reply_to=str(parent) if parent else None,
        url=post_url(handle, uri),
        raw=dict(notification),
    )
