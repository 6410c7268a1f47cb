"""Pre-flight checks each connector runs before sending, so a refusal costs no network call.

These enforce what a network would refuse (or what a permissive test peer would wrongly
accept): length with links weighted, media counts and types, alt text length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

from govsocial.connectors.base import Limits, MediaItem, MediaKind
from govsocial.connectors.errors import BadRequest

# Mastodon and X both count any http(s) link as a fixed weight, whatever its length.
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def weighted_length(text: str, *, url_weight: int | None, unit: str = "characters") -> int:
    def count(part: str) -> int:
        if unit == "graphemes":
            return len(regex.findall(r"\X", part))  # what a reader sees as one character
        return len(part)

    if url_weight is None:
        return count(text)
    urls = URL_PATTERN.findall(text)
    return count(URL_PATTERN.sub("", text)) + url_weight * len(urls)


def check_text(text: str, limits: Limits, *, network: str, max_chars: int | None = None) -> None:
    ceiling = max_chars if max_chars is not None else limits.max_chars
    if not text.strip():
        raise BadRequest("the post has no text; write something to publish", network=network)
    length = weighted_length(text, url_weight=limits.url_weight, unit=limits.unit)
    if length > ceiling:
        how = f" (each link counts as {limits.url_weight})" if limits.url_weight else ""
        raise BadRequest(
            f"the post is {length} {limits.unit}{how}; the limit is {ceiling}, shorten it",
            network=network,
        )


def check_media(media: Sequence[MediaItem], limits: Limits, *, network: str) -> None:
    images = [m for m in media if m.kind is MediaKind.IMAGE]
    videos = [m for m in media if m.kind is MediaKind.VIDEO]
    if len(images) > limits.max_images:
        raise BadRequest(
            f"{len(images)} images attached; at most {limits.max_images} allowed", network=network
        )
    if len(videos) > limits.max_videos:
        raise BadRequest(
            f"{len(videos)} videos attached; at most {limits.max_videos} allowed", network=network
        )
    if images and videos and not limits.mixed_media:
        raise BadRequest("images and a video cannot go in the same post here", network=network)
    for item in media:
        allowed = limits.image_types if item.kind is MediaKind.IMAGE else limits.video_types
        if item.mime_type not in allowed:
            raise BadRequest(
                f"{item.kind} type {item.mime_type!r} is not accepted; use one of "
                f"{', '.join(sorted(allowed))}",
                network=network,
            )
        ceiling = limits.max_image_bytes if item.kind is MediaKind.IMAGE else limits.max_video_bytes
        if item.data is not None and len(item.data) > ceiling:
            raise BadRequest(
                f"{item.filename} is {len(item.data)} bytes; the limit is {ceiling}",
                network=network,
            )
        if limits.max_alt_text_chars is not None and len(item.alt_text) > limits.max_alt_text_chars:
            raise BadRequest(
                f"alt text of {item.filename} is {len(item.alt_text)} characters; "
                f"the limit is {limits.max_alt_text_chars}",
                network=network,
            )
