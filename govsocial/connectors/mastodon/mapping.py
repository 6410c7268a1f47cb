"""Mastodon API objects (as Mastodon.py returns them) → our dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

from govsocial.connectors.base import InboundItem, InboundKind, RemotePost
from govsocial.connectors.errors import MalformedResponse

NETWORK = "mastodon"


class _TextExtractor(HTMLParser):
    BREAKS = frozenset({"br", "p"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Statuses come back as HTML; compare and show them as the text the author wrote."""
    extractor = _TextExtractor()
    extractor.feed(html)
    return "".join(extractor.parts).strip()


def json_safe(value: Any) -> Any:
    """Mastodon.py turns timestamps into datetimes; keep `raw` storable as JSON."""
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def field(obj: Any, name: str) -> Any:
    try:
        return obj[name]
    except (KeyError, TypeError) as exc:
        raise MalformedResponse(
            f"the server's answer has no {name!r}; is this a Mastodon API?", network=NETWORK
        ) from exc


def as_datetime(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def remote_post(status: Any, *, matched_by: str) -> RemotePost:
    return RemotePost(
        remote_id=str(field(status, "id")),
        url=str(status.get("url") or status.get("uri") or ""),
        text=html_to_text(str(field(status, "content") or "")),
        created_at=as_datetime(status.get("created_at")),
        matched_by=matched_by,
        raw=json_safe(status),
    )


def inbound_item(notification: Any, *, conversation_of: Mapping[str, str]) -> InboundItem | None:
    """A mention notification → an inbox item; other notification types are not inbox items."""
    if notification.get("type") != "mention" or not notification.get("status"):
        return None
    status = notification["status"]
    account = field(status, "account")
    status_id = str(field(status, "id"))
    reply_to = status.get("in_reply_to_id")
    if status.get("visibility") == "direct":
        kind = InboundKind.DIRECT_MESSAGE
        thread = conversation_of.get(status_id, str(reply_to or status_id))
    else:
        kind = InboundKind.REPLY if reply_to else InboundKind.MENTION
        thread = str(reply_to or status_id)
    return InboundItem(
        remote_id=status_id,
        kind=kind,
        author_handle=str(field(account, "acct")),
        author_name=str(account.get("display_name") or account.get("username") or ""),
        text=html_to_text(str(status.get("content") or "")),
        created_at=as_datetime(status.get("created_at")),
        thread_id=thread,
        in_reply_to=str(reply_to) if reply_to else None,
        url=str(status.get("url") or status.get("uri") or ""),
        raw=json_safe(notification),
    )
