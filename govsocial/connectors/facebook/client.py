"""Facebook Pages (Graph API): endpoints and payload mapping."""

from __future__ import annotations

from typing import Any

from govsocial.connectors.base import InboundItem, InboundKind, RemotePost
from govsocial.connectors.rest import dig_str, parse_time

NETWORK = "facebook"
GRAPH_VERSION = "v23.0"
BASE_URL = f"https://graph.facebook.com/{GRAPH_VERSION}"

# https://developers.facebook.com/docs/pages-api/posts#publish-posts
PAGE_FEED = "/{page_id}/feed"
# https://developers.facebook.com/docs/graph-api/reference/page/photos/#publish
#   (published=false gives a photo id to attach to a feed post; alt_text_custom is its alt text)
PAGE_PHOTOS = "/{page_id}/photos"
# https://developers.facebook.com/docs/pages-api/posts#update-a-post  (POST /{post-id})
# https://developers.facebook.com/docs/pages-api/posts#delete-a-post  (DELETE /{post-id})
POST = "/{post_id}"
# https://developers.facebook.com/docs/graph-api/reference/page/feed/#read  (the page's own posts)
PAGE_POSTS = "/{page_id}/posts"
# https://developers.facebook.com/docs/graph-api/reference/page/#Reading
PAGE = "/{page_id}"

POST_FIELDS = "id,message,created_time,permalink_url"


def post_url(post_id: str) -> str:
    return f"https://www.facebook.com/{post_id}"


def remote_post(post: Any, *, matched_by: str) -> RemotePost:
    post_id = dig_str(post, "id", network=NETWORK)
    return RemotePost(
        remote_id=post_id,
        url=str(post.get("permalink_url") or post_url(post_id)),
        text=str(post.get("message") or ""),
        created_at=parse_time(post.get("created_time")),
        matched_by=matched_by,
        raw=post,
    )


# https://developers.facebook.com/docs/graph-api/reference/object/comments/  (as a field of
# the page's posts, newest first; `from` needs the pages_read_user_content permission)
COMMENT_FIELDS = (
    "id,permalink_url,comments.filter(stream).order(reverse_chronological).limit(50)"
    "{id,message,from,created_time,parent{id},permalink_url}"
)


def comment_item(comment: Any, *, post_id: str) -> InboundItem:
    author = comment.get("from") or {}
    parent = (comment.get("parent") or {}).get("id")
    comment_id = dig_str(comment, "id", network=NETWORK)
    return InboundItem(
        remote_id=comment_id,
        kind=InboundKind.COMMENT,
        author_handle=str(author.get("id") or ""),
        author_name=str(author.get("name") or ""),
        text=str(comment.get("message") or ""),
        created_at=parse_time(comment.get("created_time")),
        thread_id=post_id,
        in_reply_to=str(parent or post_id),
        url=str(comment.get("permalink_url") or post_url(comment_id)),
        raw=comment,
    )
