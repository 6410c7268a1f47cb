"""LinkedIn Posts API (versioned /rest endpoints): endpoints and payload mapping."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from govsocial.connectors.base import InboundItem, InboundKind, PublishRequest, RemotePost
from govsocial.connectors.rest import dig_str

NETWORK = "linkedin"
BASE_URL = "https://api.linkedin.com"
# Versioned APIs need a YYYYMM version header; LinkedIn supports each for a year.
# https://learn.microsoft.com/en-us/linkedin/marketing/versioning
API_VERSION = "202511"
RESTLI_PROTOCOL = "2.0.0"

# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#create-a-text-only-post
CREATE_POST = "/rest/posts"
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#update-posts
UPDATE_POST = "/rest/posts/{urn}"
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#delete-posts
DELETE_POST = "/rest/posts/{urn}"
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#find-posts-by-authors
POSTS_BY_AUTHOR = "/rest/posts"
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
ORGANIZATION = "/rest/organizations/{id}"


def encoded(urn: str) -> str:
    """Rest.li wants URNs in paths fully percent-encoded (colons included)."""
    return quote(urn, safe="")


def organization_urn(organization_id: str) -> str:
    return f"urn:li:organization:{organization_id}"


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


def create_body(request: PublishRequest, *, author: str) -> dict[str, Any]:
    return {
        "author": author,
        "commentary": escape_commentary(request.text),
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }


# Commentary is "little text" format: these characters are markup unless escaped.
# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format
RESERVED = "\\|{}@[]()<>#*_~"


def escape_commentary(text: str) -> str:
    return "".join("\\" + c if c in RESERVED else c for c in text)


def unescape_commentary(text: str) -> str:
    out, escaped = [], False
    for char in text:
        if escaped or char != "\\":
            out.append(char)
            escaped = False
        else:
            escaped = True
    return "".join(out)


def remote_post(element: Any, *, matched_by: str) -> RemotePost:
    from govsocial.connectors.rest import epoch_or_none

    urn = dig_str(element, "id", network=NETWORK)
    created = element.get("createdAt") or element.get("publishedAt")
    return RemotePost(
        remote_id=urn,
        url=post_url(urn),
        text=unescape_commentary(str(element.get("commentary") or "")),
        created_at=epoch_or_none(str(created / 1000)) if isinstance(created, int) else None,
        matched_by=matched_by,
        raw=element,
    )


# https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api#retrieve-comments-on-shares
COMMENTS = "/rest/socialActions/{urn}/comments"


def comment_item(comment: Any, *, post_urn: str) -> InboundItem:
    from govsocial.connectors.rest import epoch_or_none

    urn = str(comment.get("$URN") or "") or dig_str(comment, "commentUrn", network=NETWORK)
    created = (comment.get("created") or {}).get("time")
    parent = comment.get("parentComment")
    message = comment.get("message") or {}
    return InboundItem(
        remote_id=urn,
        kind=InboundKind.COMMENT,
        author_handle=dig_str(comment, "actor", network=NETWORK),
        author_name="",  # LinkedIn gives only the member's URN here
        text=str(message.get("text") or "") if isinstance(message, dict) else "",
        created_at=epoch_or_none(str(created / 1000)) if isinstance(created, int) else None,
        thread_id=post_urn,
        in_reply_to=str(parent or post_urn),
        url=post_url(post_urn),
        raw=comment,
    )
