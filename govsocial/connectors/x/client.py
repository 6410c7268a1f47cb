"""X API v2: endpoints and payload mapping."""

from __future__ import annotations

from typing import Any

from govsocial.connectors.base import InboundItem, InboundKind, PublishRequest, RemotePost
from govsocial.connectors.rest import dig, dig_str, parse_time

NETWORK = "x"
BASE_URL = "https://api.x.com"

# https://docs.x.com/x-api/posts/create-post
CREATE_POST = "/2/tweets"
# https://docs.x.com/x-api/posts/delete-post
DELETE_POST = "/2/tweets/{id}"
# https://docs.x.com/x-api/users/get-my-user
ME = "/2/users/me"
# https://docs.x.com/x-api/users/get-posts  (GET /2/users/:id/tweets)
USER_POSTS = "/2/users/{id}/tweets"
# https://docs.x.com/x-api/users/get-mentions  (GET /2/users/:id/mentions)
USER_MENTIONS = "/2/users/{id}/mentions"
# https://docs.x.com/x-api/media/upload-media  (simple upload, images)
MEDIA_UPLOAD = "/2/media/upload"
# https://docs.x.com/x-api/media/create-media-metadata  (alt text)
MEDIA_METADATA = "/2/media/metadata"

TWEET_FIELDS = "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets"


def post_url(post_id: str, username: str | None = None) -> str:
    return f"https://x.com/{username or 'i/web'}/status/{post_id}"


def create_body(request: PublishRequest, media_ids: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"text": request.text}
    if request.in_reply_to:
        body["reply"] = {"in_reply_to_tweet_id": request.in_reply_to}
    if media_ids:
        body["media"] = {"media_ids": media_ids}
    return body


def remote_post(tweet: Any, *, matched_by: str, username: str | None) -> RemotePost:
    post_id = dig_str(tweet, "id", network=NETWORK)
    return RemotePost(
        remote_id=post_id,
        url=post_url(post_id, username),
        text=str(dig(tweet, "text", network=NETWORK)),
        created_at=parse_time(tweet.get("created_at")),
        matched_by=matched_by,
        raw=tweet,
    )


def inbound_item(tweet: Any, users: dict[str, Any]) -> InboundItem:
    post_id = dig_str(tweet, "id", network=NETWORK)
    author = users.get(str(tweet.get("author_id")), {})
    replied = next(
        (r["id"] for r in tweet.get("referenced_tweets") or [] if r.get("type") == "replied_to"),
        None,
    )
    username = str(author.get("username") or tweet.get("author_id") or "")
    return InboundItem(
        remote_id=post_id,
        kind=InboundKind.REPLY if replied else InboundKind.MENTION,
        author_handle=username,
        author_name=str(author.get("name") or ""),
        text=str(dig(tweet, "text", network=NETWORK)),
        created_at=parse_time(tweet.get("created_at")),
        thread_id=str(tweet.get("conversation_id") or post_id),
        in_reply_to=str(replied) if replied else None,
        url=post_url(post_id, username or None),
        raw=tweet,
    )
