"""X API v2. No idempotency key and no edit through the API: reconcile by listing the
account's recent posts for the exact text. X refuses an identical text posted twice in a
short time (HTTP 403 "duplicate content"), which we report as BadRequest with X's words."""

from __future__ import annotations

from typing import Any, ClassVar

import httpx
from twitter_text import parse_tweet

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
)
from govsocial.connectors.errors import BadRequest, MalformedResponse, RateQuota, Unsupported
from govsocial.connectors.rest import (
    RestConnector,
    dig,
    dig_str,
    epoch_or_none,
    id_order,
    int_or_none,
)
from govsocial.connectors.validation import check_media
from govsocial.connectors.x import client as api


class XConnector(RestConnector):
    network: ClassVar[str] = api.NETWORK
    display_name: ClassVar[str] = "X"
    base_url: ClassVar[str] = api.BASE_URL
    capabilities: ClassVar[Capability] = (
        Capability.DELETE
        | Capability.ALT_TEXT
        | Capability.IMAGES
        | Capability.THREADS
        | Capability.MEDIA_UPLOAD
        | Capability.INBOUND_MENTIONS
        | Capability.INBOUND_REPLIES
        | Capability.LOOKUP_RECENT
    )
    limits: ClassVar[Limits] = Limits(
        max_chars=280,
        max_images=4,
        max_videos=0,
        max_image_bytes=5 * 1024 * 1024,
        max_video_bytes=0,
        max_alt_text_chars=1000,
        image_types=frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
        video_types=frozenset(),
        url_weight=23,
        unit="weighted",
    )
    credential_fields: ClassVar[tuple[str, ...]] = ("access_token",)
    default_hosts: ClassVar[frozenset[str]] = frozenset({"api.x.com:443"})
    api_docs: ClassVar[str] = "https://docs.x.com/x-api/posts/create-post"

    _me: dict[str, Any] | None = None

    def parse_quota(self, headers: httpx.Headers) -> RateQuota | None:
        remaining = int_or_none(headers.get("x-rate-limit-remaining"))
        if remaining is None:
            return None
        return RateQuota(
            limit=int_or_none(headers.get("x-rate-limit-limit")),
            remaining=remaining,
            reset_at=epoch_or_none(headers.get("x-rate-limit-reset")),
        )

    def error_message(self, body: Any, response: httpx.Response) -> str:
        if isinstance(body, dict):
            errors = body.get("errors")
            if isinstance(errors, list) and errors and isinstance(errors[0], dict):
                return str(errors[0].get("message") or errors[0].get("detail"))
        return super().error_message(body, response)

    def _check_text(self, text: str) -> None:
        # X weighs characters (most CJK and emoji count 2, links 23): use its own counter.
        weighted = parse_tweet(text).weightedLength
        if not text.strip():
            raise BadRequest(
                "the post has no text; write something to publish", network=self.network
            )
        if weighted > self.limits.max_chars:
            raise BadRequest(
                f"the post weighs {weighted} characters on X (links count 23, most emoji 2); "
                f"the limit is {self.limits.max_chars}",
                network=self.network,
            )

    def _me_info(self) -> dict[str, Any]:
        if self._me is None:
            body = self._call("GET", api.ME)
            self._me = dict(dig(body, "data", network=self.network))
        return self._me

    def _upload(self, item: MediaItem) -> str:
        if item.data is None:
            raise BadRequest(f"{item.filename} has no data to upload", network=self.network)
        # An upload creates nothing public, so it is not a create for outcome purposes.
        body = self._call(
            "POST",
            api.MEDIA_UPLOAD,
            files={"media": (item.filename, item.data, item.mime_type)},
            form={"media_category": "tweet_image", "media_type": item.mime_type},
        )
        media_id = dig_str(body, "data", "id", network=self.network)
        if item.alt_text:
            self._call(
                "POST",
                api.MEDIA_METADATA,
                json_body={"id": media_id, "metadata": {"alt_text": {"text": item.alt_text}}},
            )
        return media_id

    def publish(self, request: PublishRequest) -> PublishResult:
        self._check_text(request.text)
        check_media(request.media, self.limits, network=self.network)
        media_ids = [self._upload(item) for item in request.media]
        body = self._call(
            "POST", api.CREATE_POST, creates=True, json_body=api.create_body(request, media_ids)
        )

        def mapped() -> PublishResult:
            post_id = dig_str(body, "data", "id", network=self.network)
            username = self._me["username"] if self._me else None
            return PublishResult(remote_id=post_id, url=api.post_url(post_id, username), raw=body)

        result: PublishResult = self._created(mapped)
        return result

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        raise Unsupported(
            "X does not allow editing through its API; delete and post again", network=self.network
        )

    def delete(self, remote_id: str) -> None:
        body = self._call("DELETE", api.DELETE_POST.format(id=remote_id))
        if dig(body, "data", "deleted", network=self.network) is not True:
            raise MalformedResponse("X did not confirm the deletion", network=self.network)

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        me = self._me_info()
        body = self._call(
            "GET",
            api.USER_POSTS.format(id=me["id"]),
            params={"max_results": max(5, min(limit, 100)), "tweet.fields": "created_at"},
        )
        posts = [
            api.remote_post(tweet, matched_by="text", username=me.get("username"))
            for tweet in (body or {}).get("data") or []
        ]
        return [post for post in posts if probe.matches_text(post.text)]

    def verify_credentials(self) -> AccountInfo:
        me = self._me_info()
        username = dig_str(me, "username", network=self.network)
        return AccountInfo(
            remote_id=dig_str(me, "id", network=self.network),
            handle=username,
            display_name=str(me.get("name") or ""),
            url=f"https://x.com/{username}",
            raw=me,
        )

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        """Mentions (including replies) newer than `since_cursor` (an X post id)."""
        me = self._me_info()
        params: dict[str, Any] = {
            "max_results": 100,
            "tweet.fields": api.TWEET_FIELDS,
            "expansions": "author_id",
            "user.fields": "username,name",
        }
        if since_cursor:
            params["since_id"] = since_cursor
        tweets: list[Any] = []
        users: dict[str, Any] = {}
        newest = since_cursor
        for _ in range(10):
            body = self._call("GET", api.USER_MENTIONS.format(id=me["id"]), params=params)
            if not isinstance(body, dict):
                raise MalformedResponse("mentions answered without a body", network=self.network)
            tweets.extend(body.get("data") or [])
            for user in (body.get("includes") or {}).get("users") or []:
                users[str(user.get("id"))] = user
            meta = body.get("meta") or {}
            if meta.get("newest_id") and id_order(meta["newest_id"]) > id_order(newest):
                newest = str(meta["newest_id"])
            token = meta.get("next_token")
            if not token:
                break
            params["pagination_token"] = token
        items, unreadable = [], []
        for tweet in sorted(tweets, key=lambda t: id_order(t.get("id"))):
            try:
                items.append(api.inbound_item(tweet, users))
            except MalformedResponse:
                unreadable.append(tweet)
        return InboundPage(items=tuple(items), next_cursor=newest, unreadable=tuple(unreadable))
