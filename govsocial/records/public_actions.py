"""Which audit actions the public may see, and so become transparency-log leaves (issue 6).

Services write these action names through audit_record(); the log turns each
into one leaf. The data keys a public record carries are listed in PUBLIC_DATA_KEYS:
  account_id   the OfficialAccount pk the action concerns
  network      the network name ("mastodon", "bluesky", ...)
  remote_id    the network's id for the post or item, once known
  remote_url   the network's URL for it, once known
  reason_code  a moderation, cancellation, break-glass, erasure or disposal reason
  content      a dict of the public content (text, alt texts, ...) to commit to, never put in the log itself
"""

from __future__ import annotations

PUBLIC_ACTIONS: dict[str, str] = {
    "post.schedule": "Scheduled",
    "post.approve": "Approved",
    "post.cancel": "Cancelled",
    "post.break_glass": "Published at once in a crisis",
    "delivery.published": "Published",
    "delivery.edited": "Edited on the network",
    "delivery.deleted": "Deleted on the network",
    "delivery.failed": "Failed to publish",
    "delivery.unknown": "Outcome unknown, being checked",
    "moderation.hide": "Hidden",
    "moderation.delete": "Deleted",
    "moderation.block": "Blocked",
    "moderation.restore": "Restored after appeal",
    "record.erase": "Content erased lawfully",
    "record.dispose": "Disposed of under the retention schedule",
}

PUBLIC_DATA_KEYS = ("account_id", "network", "remote_id", "remote_url", "reason_code", "content")


def is_public(action: str) -> bool:
    return action in PUBLIC_ACTIONS
