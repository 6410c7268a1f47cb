"""Threads API: endpoints and payload mapping."""

from __future__ import annotations

from typing import Any

from govsocial.connectors.base import InboundItem, InboundKind, RemotePost
from govsocial.connectors.rest import dig_str, parse_time

NETWORK = "threads"
BASE_URL = "https://graph.threads.net/v1.0"

# https://developers.facebook.com/docs/threads/posts#step-1--create-a-threads-media-container
CREATE_CONTAINER = "/me/threads"
# https://developers.facebook.com/docs/threads/troubleshooting#publishing-does-not-return-a-media-id
CONTAINER = "/{container_id}"
# https://developers.facebook.com/docs/threads/posts#step-2--publish-a-threads-media-container
PUBLISH = "/me/threads_publish"
# https://developers.facebook.com/docs/threads/threads-media#retrieve-a-single-threads-media-object
MEDIA = "/{media_id}"
# https://developers.facebook.com/docs/threads/posts/delete-posts
DELETE = "/{media_id}"
# https://developers.facebook.com/docs/threads/threads-media#retrieve-a-list-of-all-a-user-s-threads
USER_THREADS = "/me/threads"
# https://developers.facebook.com/docs/threads/threads-profiles
ME = "/me"

MEDIA_FIELDS = "id,text,timestamp,permalink"


def remote_post(media: Any, *, matched_by: str) -> RemotePost:
    media_id = dig_str(media, "id", network=NETWORK)
    return RemotePost(
        remote_id=media_id,
        url=str(media.get("permalink") or ""),
        text=str(media.get("text") or ""),
        created_at=parse_time(media.get("timestamp")),
        matched_by=matched_by,
        raw=media,
    )


# https://developers.facebook.com/docs/threads/retrieve-and-manage-replies/replies-and-conversations
CONVERSATION = "/{media_id}/conversation"
CONVERSATION_FIELDS = (
    "id,text,username,timestamp,permalink,replied_to,root_post,is_reply_owned_by_me"
)


def reply_item(reply: Any) -> InboundItem:
    root = (reply.get("root_post") or {}).get("id")
    parent = (reply.get("replied_to") or {}).get("id")
    reply_id = dig_str(reply, "id", network=NETWORK)
    return InboundItem(
        remote_id=reply_id,
        kind=InboundKind.REPLY,
        author_handle=dig_str(reply, "username", network=NETWORK),
        author_name="",
        text=str(reply.get("text") or ""),
        created_at=parse_time(reply.get("timestamp")),
        thread_id=str(root or parent or reply_id),
        in_reply_to=str(parent) if parent else None,
        url=str(reply.get("permalink") or ""),
        raw=reply,
    )
