"""Facebook Page posts. Images are pulled by Facebook from a public URL (signed, short-lived,
from `request.media_url_signer`), uploaded unpublished, then attached to one feed post, so a
failure before the feed post leaves nothing public. No idempotency key: reconcile by listing
the page's posts for the exact text."""

from __future__ import annotations

import json
from typing import ClassVar

from govsocial.connectors.base import (
    AccountInfo,
    Capability,
    EditRequest,
    InboundPage,
    Limits,
    LookupProbe,
    MediaItem,
    PublishRequest,
    PublishResult,
    RemotePost,
    time_cursor_page,
)
from govsocial.connectors.errors import BadRequest, MalformedResponse, Unsupported
from govsocial.connectors.facebook import client as api
from govsocial.connectors.meta import GraphConnector
from govsocial.connectors.rest import dig, dig_str
from govsocial.connectors.validation import check_media, check_text


class FacebookPageConnector(GraphConnector):
    network: ClassVar[str] = api.NETWORK
    display_name: ClassVar[str] = "Facebook Page"
    base_url: ClassVar[str] = api.BASE_URL
    graph_version: ClassVar[str] = api.GRAPH_VERSION
    capabilities: ClassVar[Capability] = (
        Capability.EDIT
        | Capability.DELETE
        | Capability.ALT_TEXT
        | Capability.IMAGES
        | Capability.MEDIA_PULL
        | Capability.LOOKUP_RECENT
        | Capability.INBOUND_COMMENTS
    )
    limits: ClassVar[Limits] = Limits(
        max_chars=63206,
        max_images=10,
        max_videos=0,
        max_image_bytes=4 * 1024 * 1024,
        max_video_bytes=0,
        max_alt_text_chars=1000,
        image_types=frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"}),
        video_types=frozenset(),
    )
    credential_fields: ClassVar[tuple[str, ...]] = ("access_token", "page_id")
    default_hosts: ClassVar[frozenset[str]] = frozenset({"graph.facebook.com:443"})
    api_docs: ClassVar[str] = "https://developers.facebook.com/docs/pages-api/posts"

    @property
    def page_id(self) -> str:
        return self.credentials["page_id"]

    def _unpublished_photo(self, request: PublishRequest, item: MediaItem) -> str:
        form = {"url": request.media_url(item), "published": "false"}
        if item.alt_text:
            form["alt_text_custom"] = item.alt_text
        body = self._call("POST", api.PAGE_PHOTOS.format(page_id=self.page_id), form=form)
        return dig_str(body, "id", network=self.network)

    def publish(self, request: PublishRequest) -> PublishResult:
        check_text(request.text, self.limits, network=self.network)
        check_media(request.media, self.limits, network=self.network)
        if request.in_reply_to:
            raise Unsupported(
                "replies on Facebook are comments, not page posts", network=self.network
            )
        form = {"message": request.text}
        photo_ids = [self._unpublished_photo(request, item) for item in request.media]
        if photo_ids:
            form["attached_media"] = json.dumps([{"media_fbid": pid} for pid in photo_ids])
        body = self._call(
            "POST", api.PAGE_FEED.format(page_id=self.page_id), creates=True, form=form
        )

        def mapped() -> PublishResult:
            post_id = dig_str(body, "id", network=self.network)
            return PublishResult(remote_id=post_id, url=api.post_url(post_id), raw=body)

        result: PublishResult = self._created(mapped)
        return result

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        check_text(request.text, self.limits, network=self.network)
        if request.media:
            raise Unsupported("Facebook edits change the text only", network=self.network)
        body = self._call(
            "POST", api.POST.format(post_id=remote_id), form={"message": request.text}
        )
        if dig(body, "success", network=self.network) is not True:
            raise MalformedResponse("Facebook did not confirm the edit", network=self.network)
        return PublishResult(remote_id=remote_id, url=api.post_url(remote_id), raw=body)

    def delete(self, remote_id: str) -> None:
        body = self._call("DELETE", api.POST.format(post_id=remote_id))
        if dig(body, "success", network=self.network) is not True:
            raise MalformedResponse("Facebook did not confirm the deletion", network=self.network)

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        body = self._call(
            "GET",
            api.PAGE_POSTS.format(page_id=self.page_id),
            params={"fields": api.POST_FIELDS, "limit": max(1, min(limit, 100))},
        )
        posts = [api.remote_post(p, matched_by="text") for p in (body or {}).get("data") or []]
        return [p for p in posts if probe.matches_text(p.text)]

    def verify_credentials(self) -> AccountInfo:
        body = self._call(
            "GET", api.PAGE.format(page_id=self.page_id), params={"fields": "id,name,link,username"}
        )
        page_id = dig_str(body, "id", network=self.network)
        if page_id != self.page_id:
            raise BadRequest(
                f"the token belongs to page {page_id}, not {self.page_id}", network=self.network
            )
        return AccountInfo(
            remote_id=page_id,
            handle=str(body.get("username") or page_id),
            display_name=str(body.get("name") or ""),
            url=str(body.get("link") or f"https://www.facebook.com/{page_id}"),
            raw=body,
        )

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        """Comments on the page's 25 most recent posts, at or after `since_cursor` (an ISO time).

        Messenger conversations need the pages_messaging permission and are not fetched."""
        body = self._call(
            "GET",
            api.PAGE_POSTS.format(page_id=self.page_id),
            params={"fields": api.COMMENT_FIELDS, "limit": 25},
        )
        posts = dig(body, "data", network=self.network)
        items, unreadable = [], []
        for post in posts if isinstance(posts, list) else []:
            comments = ((post or {}).get("comments") or {}).get("data") or []
            for comment in comments:
                author = (comment or {}).get("from") or {}
                if str(author.get("id")) == self.page_id:
                    continue  # our own replies are not inbox items
                try:
                    items.append(api.comment_item(comment, post_id=str(post["id"])))
                except (MalformedResponse, KeyError, TypeError, AttributeError):
                    unreadable.append(comment if isinstance(comment, dict) else {"value": comment})
        return time_cursor_page(items, unreadable, since_cursor)
