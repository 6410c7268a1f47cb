"""Bluesky through the atproto SDK, writing records straight into the account's repository.

Exactly-once: each post's record key is a TID derived from the delivery's idempotency key
(`tid.tid_for_key`). A PDS refuses a second create with the same key (as HTTP 500, not 4xx),
so after *any* failed create we read the record back by its key: found with our text means
published; found with other text means the key was reused for another post (refused);
absent after a failure that may have reached the server means OutcomeUnknown, which a
`lookup_recent` by key settles exactly.

Reading needs no AppView: `com.atproto.repo.getRecord` / `listRecords`. Notifications do need
one (see `inbound.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

import httpx
from atproto import models
from atproto_client import exceptions as atp

from govsocial.connectors.base import (
    AccountInfo,
    Capability,
    Connector,
    EditRequest,
    InboundPage,
    Limits,
    LookupProbe,
    MediaKind,
    PublishRequest,
    PublishResult,
    RemotePost,
)
from govsocial.connectors.bluesky.errors import response_quota, translate
from govsocial.connectors.bluesky.inbound import (
    APPVIEW_PROXY,
    LIST_NOTIFICATIONS,
    NETWORK,
    inbound_item,
    post_url,
)
from govsocial.connectors.bluesky.sdk import EgressRequest, PinnedClient
from govsocial.connectors.bluesky.tid import tid_for_key
from govsocial.connectors.errors import (
    BadRequest,
    ConnectorError,
    MalformedResponse,
    OutcomeUnknown,
    PlatformDown,
)
from govsocial.connectors.http import AllowList, EgressSettings, host_port
from govsocial.connectors.rest import parse_time
from govsocial.connectors.validation import URL_PATTERN, check_media, check_text

T = TypeVar("T")
POST = "app.bsky.feed.post"
DEFAULT_PDS = "https://bsky.social"
INBOUND_MAX_PAGES = 20
MAX_TEXT_BYTES = 3000  # the lexicon's maxLength, in UTF-8 bytes, beside its 300 graphemes
AUTH_ERRORS = frozenset(
    {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"}
)

LIMITS = Limits(
    max_chars=300,
    max_images=4,
    max_videos=0,  # video goes through a separate video service, not built yet
    max_image_bytes=1_000_000,
    max_video_bytes=0,
    max_alt_text_chars=2000,
    image_types=frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
    video_types=frozenset(),
    unit="graphemes",
)


def link_facets(text: str) -> list[models.AppBskyRichtextFacet.Main]:
    """Links are plain text on Bluesky unless marked with a facet over their UTF-8 bytes."""
    facets = []
    for match in URL_PATTERN.finditer(text):
        start = len(text[: match.start()].encode())
        end = start + len(match.group().encode())
        facets.append(
            models.AppBskyRichtextFacet.Main(
                index=models.AppBskyRichtextFacet.ByteSlice(byte_start=start, byte_end=end),
                features=[models.AppBskyRichtextFacet.Link(uri=match.group())],
            )
        )
    return facets


class BlueskyConnector(Connector):
    network: ClassVar[str] = NETWORK
    display_name: ClassVar[str] = "Bluesky"
    capabilities: ClassVar[Capability] = (
        Capability.DELETE
        | Capability.ALT_TEXT
        | Capability.IMAGES
        | Capability.THREADS
        | Capability.CLIENT_RECORD_KEY
        | Capability.MEDIA_UPLOAD
        | Capability.INBOUND_MENTIONS
        | Capability.INBOUND_REPLIES
        | Capability.LOOKUP_RECENT
    )
    limits: ClassVar[Limits] = LIMITS
    credential_fields: ClassVar[tuple[str, ...]] = ("handle", "app_password")
    default_hosts: ClassVar[frozenset[str]] = frozenset(
        {"bsky.social:443", "*.host.bsky.network:443"}
    )
    api_docs: ClassVar[str] = "https://docs.bsky.app/docs/advanced-guides/posts"

    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        egress: EgressSettings | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(credentials=credentials)
        self._clock = clock
        settings = egress or EgressSettings.from_env()
        hosts = self.egress_hosts(credentials)
        self._pds_url = self.credentials.get("pds_url") or DEFAULT_PDS
        request = EgressRequest(allowed_hosts=hosts, settings=settings, transport=transport)
        self._client = PinnedClient(
            self._pds_url, request=request, allow=AllowList.of(hosts, settings)
        )
        self._did: str | None = None
        self._handle: str = self.credentials["handle"]

    @classmethod
    def egress_hosts(cls, credentials: Mapping[str, str] | None = None) -> frozenset[str]:
        pds = (credentials or {}).get("pds_url")
        return cls.default_hosts | ({host_port(pds)} if pds else set())

    # Session and errors ---------------------------------------------------------------------

    def _login(self) -> str:
        if self._did is None:
            session = self.credentials.get("session")
            self._call(
                lambda: self._client.login(
                    self._handle,
                    self.credentials["app_password"],
                    session_string=session or None,
                    fetch_bsky_profile=False,  # the profile lives on the AppView, not the PDS
                ),
                writes=False,
                login=False,
            )
            self._did = self._client._session.did if self._client._session else None
            if not self._did:
                raise MalformedResponse("the PDS created no session", network=NETWORK)
        return self._did

    def exported_session(self) -> str | None:
        """A session string to store as credentials["session"]: logins are tightly rate-limited."""
        return self._client.export_session_string() if self._did else None

    def _call(self, action: Callable[[], T], *, writes: bool, login: bool = True) -> T:
        self.refuse_while_exhausted(now=self._clock())
        if login:
            self._login()
        try:
            return action()
        except atp.AtProtocolError as exc:
            self.quota = response_quota(exc) or self.quota
            raise translate(exc, writes=writes, now=self._clock()) from exc

    # The contract ---------------------------------------------------------------------------

    def _record(self, request: PublishRequest) -> models.AppBskyFeedPost.Record:
        embed = None
        if request.media:
            images = []
            for item in request.media:
                if item.kind is not MediaKind.IMAGE or item.data is None:
                    raise BadRequest("only images with their data can be attached", network=NETWORK)
                data = item.data
                blob = self._call(lambda d=data: self._client.upload_blob(d), writes=True)  # type: ignore[misc]
                images.append(models.AppBskyEmbedImages.Image(alt=item.alt_text, image=blob.blob))
            embed = models.AppBskyEmbedImages.Main(images=images)
        reply = None
        if request.in_reply_to:
            reply = self._reply_ref(request.in_reply_to)
        return models.AppBskyFeedPost.Record(
            text=request.text,
            created_at=self._client.get_current_time_iso(),
            facets=link_facets(request.text) or None,
            embed=embed,
            reply=reply,
            langs=[request.language] if request.language else None,
        )

    def _reply_ref(self, uri: str) -> models.AppBskyFeedPost.ReplyRef:
        """A reply names its parent and its thread's root, both by URI and content hash."""
        parts = uri.removeprefix("at://").split("/")
        if not uri.startswith("at://") or len(parts) != 3:
            raise BadRequest(
                f"in_reply_to {uri!r} is not a post URI (at://did/collection/rkey)", network=NETWORK
            )
        repo, collection, rkey = parts
        found = self._call(
            lambda: self._client.com.atproto.repo.get_record(
                {"repo": repo, "collection": collection, "rkey": rkey}
            ),
            writes=False,
        )
        parent = models.ComAtprotoRepoStrongRef.Main(uri=found.uri, cid=str(found.cid))
        parent_reply = getattr(found.value, "reply", None)
        root = parent_reply.root if parent_reply is not None else parent
        return models.AppBskyFeedPost.ReplyRef(parent=parent, root=root)

    def _get_post(self, rkey: str) -> Any | None:
        did = self._login()
        try:
            return self._call(
                lambda: self._client.com.atproto.repo.get_record(
                    {"repo": did, "collection": POST, "rkey": rkey}
                ),
                writes=False,
            )
        except BadRequest as exc:
            if "RecordNotFound" in str(exc.__cause__) or "Could not locate" in exc.message:
                return None
            raise

    def _result(self, uri: str, raw: Mapping[str, Any]) -> PublishResult:
        return PublishResult(remote_id=uri, url=post_url(self._handle, uri), raw=raw)

    def publish(self, request: PublishRequest) -> PublishResult:
        check_text(request.text, self.limits, network=NETWORK)
        size = len(request.text.encode())
        if size > MAX_TEXT_BYTES:
            raise BadRequest(
                f"the post is {size} bytes of UTF-8; Bluesky allows {MAX_TEXT_BYTES}, "
                "use fewer emoji or accented characters",
                network=NETWORK,
            )
        check_media(request.media, self.limits, network=NETWORK)
        did = self._login()
        rkey = tid_for_key(request.idempotency_key)
        record = self._record(request)
        try:
            created = self._call(
                lambda: self._client.com.atproto.repo.create_record(
                    models.ComAtprotoRepoCreateRecord.Data(
                        repo=did, collection=POST, rkey=rkey, record=record
                    )
                ),
                writes=True,
            )
        except (OutcomeUnknown, PlatformDown, MalformedResponse) as failure:
            existing = self._reconcile(rkey, request, failure)
            return self._result(existing.uri, {"uri": existing.uri, "cid": str(existing.cid)})
        return self._result(created.uri, {"uri": created.uri, "cid": created.cid, "rkey": rkey})

    def _reconcile(self, rkey: str, request: PublishRequest, failure: ConnectorError) -> Any:
        try:
            existing = self._get_post(rkey)
        except ConnectorError as exc:
            raise OutcomeUnknown(
                f"{failure.message}, and the read-back failed too ({exc.message}); reconcile later",
                network=NETWORK,
            ) from failure
        if existing is None:
            if isinstance(failure, PlatformDown):
                raise failure  # refused before sending: provably not published
            raise OutcomeUnknown(
                f"{failure.message}; the record is not there yet, look it up again before resending",
                network=NETWORK,
            ) from failure
        if getattr(existing.value, "text", None) != request.text:
            raise BadRequest(
                "this idempotency key already published a different text; use a new key",
                network=NETWORK,
            )
        return existing

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        raise BadRequest("Bluesky posts cannot be edited; delete and post again", network=NETWORK)

    def delete(self, remote_id: str) -> None:
        did = self._login()
        rkey = remote_id.rsplit("/", 1)[-1]
        self._call(
            lambda: self._client.com.atproto.repo.delete_record(
                models.ComAtprotoRepoDeleteRecord.Data(repo=did, collection=POST, rkey=rkey)
            ),
            writes=True,
        )

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        did = self._login()
        found: dict[str, RemotePost] = {}
        if probe.idempotency_key:
            record = self._get_post(tid_for_key(probe.idempotency_key))
            if record is not None:
                found[record.uri] = self._remote_post(record, matched_by="record_key")
        if probe.text is not None:
            listing = self._call(
                lambda: self._client.com.atproto.repo.list_records(
                    {"repo": did, "collection": POST, "limit": max(1, min(limit, 100))}
                ),
                writes=False,
            )
            for record in listing.records:
                text = getattr(record.value, "text", "")
                if record.uri not in found and probe.matches_text(text):
                    found[record.uri] = self._remote_post(record, matched_by="text")
        return list(found.values())

    def _remote_post(self, record: Any, *, matched_by: str) -> RemotePost:
        value = record.value
        return RemotePost(
            remote_id=record.uri,
            url=post_url(self._handle, record.uri),
            text=str(getattr(value, "text", "")),
            created_at=parse_time(getattr(value, "created_at", None)),
            matched_by=matched_by,
            raw={"uri": record.uri, "cid": str(record.cid)},
        )

    def verify_credentials(self) -> AccountInfo:
        did = self._login()
        session = self._call(self._client.com.atproto.server.get_session, writes=False)
        return AccountInfo(
            remote_id=did,
            handle=session.handle,
            display_name=session.handle,
            url=f"https://bsky.app/profile/{session.handle}",
            raw={"did": session.did, "handle": session.handle},
        )

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        """Notifications newer than `since_cursor` (the newest `indexedAt` we stored)."""
        self._login()
        since = parse_time(since_cursor) if since_cursor else None
        collected: list[Mapping[str, Any]] = []
        page_cursor: str | None = None
        for _ in range(INBOUND_MAX_PAGES):
            params = models.AppBskyNotificationListNotifications.Params(
                limit=50, cursor=page_cursor
            )
            response = self._call(
                lambda p=params: self._client.invoke_query(  # type: ignore[misc]
                    LIST_NOTIFICATIONS, params=p, headers={"atproto-proxy": APPVIEW_PROXY}
                ),
                writes=False,
            )
            body = response.content
            if not isinstance(body, dict) or not isinstance(body.get("notifications"), list):
                raise MalformedResponse(
                    "listNotifications answered without notifications", network=NETWORK
                )
            reached_seen = False
            for notification in body["notifications"]:
                indexed = (
                    parse_time(notification.get("indexedAt"))
                    if isinstance(notification, dict)
                    else None
                )
                if since and indexed and indexed <= since:
                    reached_seen = True
                    break
                collected.append(
                    notification if isinstance(notification, dict) else {"value": notification}
                )
            page_cursor = body.get("cursor")
            if reached_seen or not page_cursor:
                break
        items, unreadable = [], []
        for notification in reversed(collected):  # oldest first
            try:
                item = inbound_item(notification)
            except MalformedResponse:
                unreadable.append(notification)
                continue
            if item is not None:
                items.append(item)
        newest = max(
            (t for n in collected if (t := parse_time(n.get("indexedAt"))) is not None),
            default=since,
        )
        cursor = (
            newest.astimezone(UTC).isoformat() if isinstance(newest, datetime) else since_cursor
        )
        return InboundPage(items=tuple(items), next_cursor=cursor, unreadable=tuple(unreadable))

    def close(self) -> None:
        self._client.request.close()
