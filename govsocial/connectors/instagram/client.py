"""Instagram Graph API (content publishing): endpoints and payload mapping."""

from __future__ import annotations

from typing import Any

from govsocial.connectors.base import InboundItem, InboundKind, RemotePost
from govsocial.connectors.rest import dig_str, parse_time

NETWORK = "instagram"
GRAPH_VERSION = "v23.0"
BASE_URL = f"https://graph.facebook.com/{GRAPH_VERSION}"

# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#creating
CREATE_CONTAINER = "/{ig_user_id}/media"
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container#reading
CONTAINER = "/{container_id}"
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish
PUBLISH = "/{ig_user_id}/media_publish"
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media#reading
MEDIA = "/{media_id}"
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#reading
USER_MEDIA = "/{ig_user_id}/media"
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user#reading
USER = "/{ig_user_id}"

MEDIA_FIELDS = "id,caption,timestamp,permalink"


def remote_post(media: Any, *, matched_by: str) -> RemotePost:
    media_id = dig_str(media, "id", network=NETWORK)
    return RemotePost(
        remote_id=media_id,
        url=str(media.get("permalink") or ""),
        text=str(media.get("caption") or ""),
        created_at=parse_time(media.get("timestamp")),
        matched_by=matched_by,
        raw=media,
    )


# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
# (as a field of the account's recent media, with each comment's replies)
COMMENT_FIELDS = (
    "id,permalink,comments.limit(50){id,text,username,timestamp,"
    "replies{id,text,username,timestamp}}"
)


def comment_item(comment: Any, *, media: Any, parent: str | None) -> InboundItem:
    media_id = dig_str(media, "id", network=NETWORK)
    return InboundItem(
        remote_id=dig_str(comment, "id", network=NETWORK),
        kind=InboundKind.COMMENT,
        author_handle=dig_str(comment, "username", network=NETWORK),
        author_name="",
        text=str(comment.get("text") or ""),
        created_at=parse_time(comment.get("timestamp")),
        thread_id=media_id,
        in_reply_to=parent or media_id,
        url=str(media.get("permalink") or ""),
        raw=comment,
    )
