"""The connector contract: what the delivery worker and the inbox may ask of any network.

Every network is one `Connector` subclass. An instance serves one official account (its
credentials come in as a plain dict, already decrypted by the caller) and keeps that
account's rate-limit quota. Inputs and outputs are frozen dataclasses; failures are the typed
errors in `govsocial.connectors.errors`.
"""

from __future__ import annotations

import enum
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from govsocial.connectors.errors import (
    BadRequest,
    ConnectorConfigError,
    RateLimited,
    RateQuota,
    Unsupported,
)


class Capability(enum.Flag):
    """What a network lets us do; the UI and the worker branch on these, never on names."""

    NONE = 0
    EDIT = enum.auto()
    DELETE = enum.auto()
    ALT_TEXT = enum.auto()
    IMAGES = enum.auto()
    VIDEO = enum.auto()
    THREADS = enum.auto()  # replies to our own posts, so a thread can be built
    DMS = enum.auto()  # direct messages can be read
    IDEMPOTENCY_KEY = enum.auto()  # the network de-duplicates a re-sent create
    CLIENT_RECORD_KEY = enum.auto()  # we choose the post's id, so a re-send is detectable
    MEDIA_PULL = enum.auto()  # the network fetches media from a public URL we give it
    MEDIA_UPLOAD = enum.auto()  # we push the media bytes
    INBOUND_MENTIONS = enum.auto()
    INBOUND_REPLIES = enum.auto()
    INBOUND_COMMENTS = enum.auto()
    INBOUND_DMS = enum.auto()
    LOOKUP_RECENT = enum.auto()  # recent posts of the account can be listed for reconciliation
    VISIBILITY = enum.auto()  # per-post visibility (public, unlisted, followers, direct)
    MODERATE = enum.auto()  # inbound items can be hidden or deleted, and their authors blocked


class MediaKind(enum.StrEnum):
    IMAGE = "image"
    VIDEO = "video"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    UNLISTED = "unlisted"
    FOLLOWERS = "private"
    DIRECT = "direct"


class Moderation(enum.StrEnum):
    """What a moderator asks the network to do with an inbound item."""

    HIDE = "hide"
    DELETE = "delete"
    BLOCK = "block"  # the item's author


class InboundKind(enum.StrEnum):
    MENTION = "mention"
    REPLY = "reply"
    COMMENT = "comment"
    DIRECT_MESSAGE = "direct_message"


@dataclass(frozen=True)
class Limits:
    """Per-network limits, enforced before sending.

    They agree with the checks engine's `govsocial/checks/data/limits.yaml` (a test keeps them
    in step): `max_chars` is its `limit`, `unit` its `unit`, `url_weight` its `url_length`,
    `max_alt_text_chars` its `alt_text`; the network name is its platform key. `url_weight` is
    how many characters a link counts as (23 on Mastodon and X); None means links count as
    their raw length.
    """

    max_chars: int
    max_images: int
    max_videos: int
    max_image_bytes: int
    max_video_bytes: int
    max_alt_text_chars: int | None
    image_types: frozenset[str]
    video_types: frozenset[str]
    url_weight: int | None = None
    unit: str = "characters"  # "characters", "graphemes" (Bluesky) or "weighted" (X)
    mixed_media: bool = False  # images and a video in the same post


@dataclass(frozen=True)
class MediaItem:
    """One attachment. Push networks read `data`; pull networks read `public_url`."""

    kind: MediaKind
    mime_type: str
    alt_text: str = ""
    data: bytes | None = None
    public_url: str | None = None
    has_captions: bool = False
    filename: str = "upload"


MediaUrlSigner = Callable[[MediaItem], str]
"""Returns a signed, time-limited public URL for an item, for networks that pull media."""


@dataclass(frozen=True)
class PublishRequest:
    """One delivery of one post version to one account.

    `idempotency_key` is fixed before the first attempt and reused on every re-send (a UUID
    from the delivery row). `marker` is a short content fingerprint kept with the post where
    the network allows, so reconciliation can find the post even without the key.
    """

    text: str
    idempotency_key: str
    marker: str = ""
    media: tuple[MediaItem, ...] = ()
    in_reply_to: str | None = None
    visibility: Visibility = Visibility.PUBLIC
    language: str | None = None
    media_url_signer: MediaUrlSigner | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "visibility", Visibility(self.visibility))
        except ValueError:
            allowed = ", ".join(v.value for v in Visibility)
            raise ValueError(f"visibility {self.visibility!r} is not one of {allowed}") from None
        if not self.idempotency_key.strip():
            raise ValueError("a publish request needs an idempotency key (the delivery's UUID)")
        if not self.marker:
            object.__setattr__(self, "marker", content_marker(self.text))

    def media_url(self, item: MediaItem) -> str:
        """The URL a pull network should fetch `item` from: signed if a signer was given."""
        if self.media_url_signer is not None:
            return self.media_url_signer(item)
        if item.public_url:
            return item.public_url
        raise BadRequest(
            f"{item.filename}: this network pulls media from a public URL; "
            "pass media_url_signer or set public_url"
        )


@dataclass(frozen=True)
class EditRequest:
    text: str
    media: tuple[MediaItem, ...] = ()


@dataclass(frozen=True)
class PublishResult:
    remote_id: str
    url: str
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RemotePost:
    """A post found on the network while reconciling; `matched_by` says how we know it is ours."""

    remote_id: str
    url: str
    text: str
    created_at: datetime | None
    matched_by: str  # "idempotency_key", "record_key", "marker" or "text"
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LookupProbe:
    """What reconciliation knows about a delivery whose outcome is unknown."""

    idempotency_key: str | None = None
    marker: str | None = None
    text: str | None = None

    @classmethod
    def for_request(cls, request: PublishRequest) -> LookupProbe:
        return cls(
            idempotency_key=request.idempotency_key, marker=request.marker, text=request.text
        )

    def matches_text(self, remote_text: str) -> bool:
        return self.text is not None and normalise_text(remote_text) == normalise_text(self.text)


@dataclass(frozen=True)
class AccountInfo:
    remote_id: str
    handle: str
    display_name: str
    url: str
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InboundItem:
    remote_id: str
    kind: InboundKind
    author_handle: str
    author_name: str
    text: str
    created_at: datetime | None
    thread_id: str | None
    in_reply_to: str | None
    url: str
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InboundPage:
    """Items newer than the cursor given, oldest first, and the cursor to pass next time.

    `unreadable` holds raw payloads the network sent that we could not map: they are kept
    for a person to look at rather than dropped, and never stop the rest of the page.
    """

    items: tuple[InboundItem, ...]
    next_cursor: str | None
    unreadable: tuple[Mapping[str, Any], ...] = ()


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def time_cursor_page(
    items: Sequence[InboundItem], unreadable: Sequence[Mapping[str, Any]], since_cursor: str | None
) -> InboundPage:
    """For networks that can only be asked "what is recent": keep items at or after the cursor
    (an ISO time), oldest first. Inclusive on purpose: an item stamped in the same second as the
    cursor is repeated rather than lost, and the inbox stores items once by their remote id."""
    since = _parse_iso(since_cursor)
    kept = [i for i in items if since is None or i.created_at is None or i.created_at >= since]
    kept.sort(key=lambda i: (i.created_at is None, i.created_at or EPOCH, i.remote_id))
    stamps = [i.created_at for i in kept if i.created_at is not None]
    newest = max(stamps) if stamps else since
    return InboundPage(
        items=tuple(kept),
        next_cursor=newest.isoformat() if newest else since_cursor,
        unreadable=tuple(unreadable),
    )


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def normalise_text(text: str) -> str:
    """Networks re-flow whitespace; compare posts on their words."""
    return " ".join(text.split())


def content_marker(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()[:16]


class Connector(ABC):
    """One official account on one network.

    Subclasses declare `network`, `capabilities`, `limits`, `credential_fields` and
    `default_hosts` (the "host:port" pairs they call, for the egress allow-list).
    """

    network: ClassVar[str]
    display_name: ClassVar[str]
    capabilities: ClassVar[Capability]
    limits: ClassVar[Limits]
    credential_fields: ClassVar[tuple[str, ...]]
    default_hosts: ClassVar[frozenset[str]] = frozenset()
    api_docs: ClassVar[str] = ""

    def __init__(self, *, credentials: Mapping[str, str]) -> None:
        missing = [name for name in self.credential_fields if not credentials.get(name)]
        if missing:
            raise ConnectorConfigError(
                f"credentials are missing {', '.join(missing)}; reconnect the account",
                network=self.network,
            )
        self.credentials: Mapping[str, str] = dict(credentials)
        self.quota: RateQuota | None = None

    def refuse_while_exhausted(self, *, now: float) -> None:
        """Honour the account's known quota: do not call while it is used up."""
        quota = self.quota
        if quota and quota.remaining == 0 and quota.reset_at:
            wait = quota.reset_at.timestamp() - now
            if wait > 0:
                raise RateLimited(
                    f"this account's quota is used up; it resets in {wait:.0f} s",
                    network=self.network,
                    status=None,
                    retry_after=wait,
                    quota=quota,
                )

    @classmethod
    def egress_hosts(cls, credentials: Mapping[str, str] | None = None) -> frozenset[str]:
        """The "host:port" destinations this connector needs, for the egress allow-list."""
        return cls.default_hosts

    @abstractmethod
    def publish(self, request: PublishRequest) -> PublishResult: ...

    @abstractmethod
    def edit(self, remote_id: str, request: EditRequest) -> PublishResult: ...

    @abstractmethod
    def delete(self, remote_id: str) -> None: ...

    @abstractmethod
    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]: ...

    @abstractmethod
    def verify_credentials(self) -> AccountInfo: ...

    @abstractmethod
    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage: ...

    def moderate_inbound(self, remote_id: str, action: Moderation) -> None:
        """Hide or delete the inbound item `remote_id`, or block its author, on the network.

        Only connectors that declare `Capability.MODERATE` override this.
        """
        raise Unsupported(
            f"govsocial cannot {action} on {self.display_name} through its API",
            network=self.network,
        )

    def close(self) -> None:  # noqa: B027 - optional hook; most connectors hold nothing
        """Release network resources."""

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
