"""Mastodon's limits: our defaults, and the instance's own as `/api/v2/instance` reports them."""

from __future__ import annotations

from typing import Any

from govsocial.connectors.base import Limits

DEFAULT_LIMITS = Limits(
    max_chars=500,
    max_images=4,
    max_videos=1,
    max_image_bytes=16 * 1024 * 1024,
    max_video_bytes=99 * 1024 * 1024,
    max_alt_text_chars=1500,
    image_types=frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"}),
    video_types=frozenset({"video/mp4", "video/webm", "video/quicktime"}),
    url_weight=23,
)


def limits_from_instance(instance: Any) -> Limits:
    """Raises KeyError, TypeError or ValueError when the instance answers in another shape."""
    statuses = instance["configuration"]["statuses"]
    media = instance["configuration"]["media_attachments"]
    mime_types = list(media.get("supported_mime_types") or ())
    return Limits(
        max_chars=int(statuses.get("max_characters") or DEFAULT_LIMITS.max_chars),
        max_images=int(statuses.get("max_media_attachments") or DEFAULT_LIMITS.max_images),
        max_videos=1,
        max_image_bytes=int(media.get("image_size_limit") or DEFAULT_LIMITS.max_image_bytes),
        max_video_bytes=int(media.get("video_size_limit") or DEFAULT_LIMITS.max_video_bytes),
        max_alt_text_chars=int(
            media.get("description_limit") or DEFAULT_LIMITS.max_alt_text_chars or 0
        ),
        image_types=frozenset(t for t in mime_types if t.startswith("image/"))
        or DEFAULT_LIMITS.image_types,
        video_types=frozenset(t for t in mime_types if t.startswith("video/"))
        or DEFAULT_LIMITS.video_types,
        url_weight=int(statuses.get("characters_reserved_per_url") or 23),
    )
