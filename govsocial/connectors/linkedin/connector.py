"""LinkedIn organisation page posts. Text only for now (images need the Images API upload
first). No idempotency key: reconcile by listing the organisation's posts for the text.
LinkedIn throttles per member and per application and answers 429, even on its connection
test; it sends no quota headers, so only Retry-After (when present) sets the wait."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from govsocial.connectors.base import (
    AccountInfo,
    Capability,
    EditRequest,
    InboundItem,
    InboundPage,
    Limits,
    LookupProbe,
    PublishRequest,
    PublishResult,
    RemotePost,
    time_cursor_page,
)
from govsocial.connectors.errors import BadRequest, MalformedResponse, OutcomeUnknown, Unsupported
from govsocial.connectors.linkedin import client as api
from govsocial.connectors.rest import RestConnector, dig_str
from govsocial.connectors.validation import check_text

INBOUND_POSTS = 10


class LinkedInConnector(RestConnector):
    network: ClassVar[str] = api.NETWORK
    display_name: ClassVar[str] = "LinkedIn"
    base_url: ClassVar[str] = api.BASE_URL
    capabilities: ClassVar[Capability] = (
        Capability.EDIT | Capability.DELETE | Capability.LOOKUP_RECENT | Capability.INBOUND_COMMENTS
    )
    limits: ClassVar[Limits] = Limits(
        max_chars=3000,
        max_images=0,
        max_videos=0,
        max_image_bytes=0,
        max_video_bytes=0,
        max_alt_text_chars=300,
        image_types=frozenset(),
        video_types=frozenset(),
    )
    credential_fields: ClassVar[tuple[str, ...]] = ("access_token", "organization_id")
    default_hosts: ClassVar[frozenset[str]] = frozenset({"api.linkedin.com:443"})
    api_docs: ClassVar[str] = (
        "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api"
    )

    def default_headers(self) -> dict[str, str]:
        return {
            **super().default_headers(),
            "LinkedIn-Version": api.API_VERSION,
            "X-Restli-Protocol-Version": api.RESTLI_PROTOCOL,
        }

    @property
    def author(self) -> str:
        return api.organization_urn(self.credentials["organization_id"])

    def publish(self, request: PublishRequest) -> PublishResult:
        check_text(request.text, self.limits, network=self.network)
        if request.media:
            raise Unsupported(
                "images on LinkedIn are not supported yet; post text only", network=self.network
            )
        if request.in_reply_to:
            raise Unsupported("replies on LinkedIn are comments, not posts", network=self.network)
        _, response = self._exchange(
            "POST",
            api.CREATE_POST,
            creates=True,
            json_body=api.create_body(request, author=self.author),
        )
        # The new post's URN comes back only in this header; the body is empty.
        urn = response.headers.get("x-restli-id", "")
        if not urn.startswith("urn:li:"):
            # 201 without the id header: the post exists but we cannot name it.
            raise OutcomeUnknown(
                "LinkedIn accepted the post but did not return its id; reconcile",
                network=self.network,
            )
        return PublishResult(remote_id=urn, url=api.post_url(urn), raw={"id": urn})

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        check_text(request.text, self.limits, network=self.network)
        if request.media:
            raise Unsupported("LinkedIn edits change the text only", network=self.network)
        self._call(
            "POST",
            api.UPDATE_POST.format(urn=api.encoded(remote_id)),
            json_body={"patch": {"$set": {"commentary": api.escape_commentary(request.text)}}},
            headers={"X-RestLi-Method": "PARTIAL_UPDATE"},
        )
        return PublishResult(
            remote_id=remote_id, url=api.post_url(remote_id), raw={"id": remote_id}
        )

    def delete(self, remote_id: str) -> None:
        try:
            self._call("DELETE", api.DELETE_POST.format(urn=api.encoded(remote_id)))
        except BadRequest as exc:
            if exc.status != 404:
                raise  # 404: already gone, which is what we wanted

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        body = self._call(
            "GET",
            api.POSTS_BY_AUTHOR,
            params={
                "q": "author",
                "author": self.author,
                "count": max(1, min(limit, 100)),
                "sortBy": "LAST_MODIFIED",
            },
            headers={"X-RestLi-Method": "FINDER"},
        )
        posts = [api.remote_post(e, matched_by="text") for e in (body or {}).get("elements") or []]
        return [p for p in posts if probe.matches_text(p.text)]

    def verify_credentials(self) -> AccountInfo:
        body = self._call("GET", api.ORGANIZATION.format(id=self.credentials["organization_id"]))
        vanity = str(body.get("vanityName") or "") if isinstance(body, dict) else ""
        return AccountInfo(
            remote_id=self.author,
            handle=vanity or dig_str(body, "id", network=self.network),
            display_name=str(body.get("localizedName") or ""),
            url=f"https://www.linkedin.com/company/{vanity}/" if vanity else "",
            raw=body,
        )

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        """Comments on the organisation's 10 most recent posts, at or after `since_cursor`.

        One call for the posts, one per post for its comments; LinkedIn has no page inbox API."""
        listing = self._call(
            "GET",
            api.POSTS_BY_AUTHOR,
            params={
                "q": "author",
                "author": self.author,
                "count": INBOUND_POSTS,
                "sortBy": "LAST_MODIFIED",
            },
            headers={"X-RestLi-Method": "FINDER"},
        )
        items: list[InboundItem] = []
        unreadable: list[Mapping[str, Any]] = []
        for post in (listing or {}).get("elements") or []:
            post_urn = post.get("id") if isinstance(post, dict) else None
            if not post_urn:
                unreadable.append(post if isinstance(post, dict) else {"value": post})
                continue
            body = self._call("GET", api.COMMENTS.format(urn=api.encoded(str(post_urn))))
            for comment in (body or {}).get("elements") or []:
                if isinstance(comment, dict) and comment.get("actor") == self.author:
                    continue  # the organisation's own replies
                try:
                    items.append(api.comment_item(comment, post_urn=str(post_urn)))
                except (MalformedResponse, AttributeError):
                    unreadable.append(comment if isinstance(comment, dict) else {"value": comment})
        return time_cursor_page(items, unreadable, since_cursor)
