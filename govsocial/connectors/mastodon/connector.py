"""Mastodon through Mastodon.py, with the checks real Mastodon makes that test peers skip.

Idempotency: `POST /api/v1/statuses` carries `Idempotency-Key` (the delivery's key); Mastodon
returns the first status for a repeated key for about an hour, so reconciling a recent unknown
is a re-send with the same key. Older unknowns are reconciled by `lookup_recent` (exact text).

Inbound: mention notifications are the source of truth (direct messages arrive as mentions
too); conversations only lend DMs their thread id. The cursor is the newest notification id,
paged forward with `min_id` so a burst larger than one page is not skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ProxyError

from govsocial.connectors.base import (
    AccountInfo,
    Capability,
    Connector,
    EditRequest,
    InboundPage,
    Limits,
    LookupProbe,
    PublishRequest,
    PublishResult,
    RemotePost,
)
from govsocial.connectors.errors import (
    AuthExpired,
    BadRequest,
    ConnectorConfigError,
    ConnectorError,
    EgressRefused,
    MalformedResponse,
    OutcomeUnknown,
    PlatformDown,
    RateLimited,
    RateQuota,
)
from govsocial.connectors.http import EgressSettings, egress_session, host_port
from govsocial.connectors.mastodon.limits import DEFAULT_LIMITS, limits_from_instance
from govsocial.connectors.mastodon.mapping import (
    NETWORK,
    field,
    inbound_item,
    json_safe,
    remote_post,
)
from govsocial.connectors.rest import id_order
from govsocial.connectors.validation import check_media, check_text

T = TypeVar("T")

# Mastodon.py would otherwise ask the server for its version on construction (a network call).
ASSUMED_SERVER_VERSION = "4.3.0"
INBOUND_PAGE_SIZE = 40  # the API's maximum
INBOUND_MAX_PAGES = 25


_CONNECT_FAILURES = (NewConnectionError, ConnectTimeoutError, ProxyError, requests.ConnectTimeout)


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 12:
        chain.append(current)
        reason = getattr(current, "reason", None)  # urllib3 MaxRetryError keeps the cause here
        if isinstance(reason, BaseException):
            chain.append(reason)
        current = current.__cause__ or current.__context__
    return chain


class MastodonConnector(Connector):
    network: ClassVar[str] = NETWORK
    display_name: ClassVar[str] = "Mastodon"
    capabilities: ClassVar[Capability] = (
        Capability.EDIT
        | Capability.DELETE
        | Capability.ALT_TEXT
        | Capability.IMAGES
        | Capability.VIDEO
        | Capability.THREADS
        | Capability.DMS
        | Capability.IDEMPOTENCY_KEY
        | Capability.MEDIA_UPLOAD
        | Capability.INBOUND_MENTIONS
        | Capability.INBOUND_REPLIES
        | Capability.INBOUND_DMS
        | Capability.LOOKUP_RECENT
        | Capability.VISIBILITY
    )
    limits: ClassVar[Limits] = DEFAULT_LIMITS
    credential_fields: ClassVar[tuple[str, ...]] = ("instance_url", "access_token")
    api_docs: ClassVar[str] = "https://docs.joinmastodon.org/methods/statuses/"

    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        egress: EgressSettings | None = None,
        request_timeout: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(credentials=credentials)
        self._clock = clock
        self._session = egress_session(
            allowed_hosts=self.egress_hosts(credentials), settings=egress
        )
        self._api = Mastodon(
            access_token=self.credentials["access_token"],
            api_base_url=self.credentials["instance_url"].rstrip("/"),
            session=self._session,
            ratelimit_method="throw",
            request_timeout=request_timeout or (egress.timeout if egress else 30.0),
            mastodon_version=ASSUMED_SERVER_VERSION,
            version_check_mode="none",
        )
        self._instance_limits: Limits | None = None
        self._account_id: str | None = None

    @classmethod
    def egress_hosts(cls, credentials: Mapping[str, str] | None = None) -> frozenset[str]:
        instance = (credentials or {}).get("instance_url")
        if not instance:
            return frozenset()  # the instance is per account; nothing is allowed without one
        if "://" not in instance:
            raise ConnectorConfigError(
                f"instance_url {instance!r} needs a scheme, e.g. https://{instance}",
                network=NETWORK,
            )
        return frozenset({host_port(instance)})

    # Error translation ------------------------------------------------------------------------

    def _quota(self) -> RateQuota | None:
        api = self._api
        if api.ratelimit_limit is None and api.ratelimit_reset is None:
            return None
        reset = api.ratelimit_reset
        return RateQuota(
            limit=api.ratelimit_limit,
            remaining=api.ratelimit_remaining,
            reset_at=datetime.fromtimestamp(reset, tz=UTC) if reset else None,
        )

    def _translate(self, exc: MastodonError, *, writes: bool, creates: bool) -> ConnectorError:
        if isinstance(exc, MastodonRatelimitError):
            reset = self._api.ratelimit_reset
            after = max(0.0, reset - self._clock()) if reset else None
            return RateLimited(
                "rate limited by the instance", network=NETWORK, retry_after=after, quota=self.quota
            )
        if isinstance(exc, MastodonNetworkError):
            causes = _causes(exc)
            refused = next((c for c in causes if isinstance(c, EgressRefused)), None)
            if refused is not None:
                return refused
            if any(isinstance(c, _CONNECT_FAILURES) for c in causes) or not writes:
                return PlatformDown(f"could not reach the instance: {exc}", network=NETWORK)
            return OutcomeUnknown(
                "the connection failed after the request was sent; reconcile before resending",
                network=NETWORK,
            )
        if isinstance(exc, MastodonUnauthorizedError):
            return AuthExpired(
                "the instance refused the token; reconnect the account", network=NETWORK, status=401
            )
        if isinstance(exc, MastodonServerError):
            status = exc.args[1] if len(exc.args) > 1 else None
            if creates:
                return OutcomeUnknown(
                    f"the instance failed while creating the post (HTTP {status}); reconcile",
                    network=NETWORK,
                )
            return PlatformDown(f"the instance is failing (HTTP {status})", network=NETWORK)
        if isinstance(exc, MastodonAPIError):
            if len(exc.args) >= 4 and isinstance(exc.args[1], int):
                message = str(exc.args[3] or exc.args[2])
                return BadRequest(message, network=NETWORK, status=exc.args[1])
            # Mastodon.py could not parse a success body: the write may have happened.
            if creates:
                return OutcomeUnknown(
                    "the instance answered with an unreadable body; reconcile", network=NETWORK
                )
            return MalformedResponse(
                "the instance answered with an unreadable body", network=NETWORK
            )
        return BadRequest(str(exc), network=NETWORK)

    def _call(self, action: Callable[[], T], *, writes: bool, creates: bool = False) -> T:
        self.refuse_while_exhausted(now=self._clock())
        try:
            result = action()
        except MastodonError as exc:
            self.quota = self._quota() or self.quota
            raise self._translate(exc, writes=writes, creates=creates) from exc
        self.quota = self._quota() or self.quota
        return result

    # Instance limits ------------------------------------------------------------------------

    def instance_limits(self) -> Limits:
        """Limits as this instance reports them; the 500-character default if it will not say."""
        if self._instance_limits is None:
            try:
                instance = self._call(self._api.instance_v2, writes=False)
                self._instance_limits = limits_from_instance(instance)
            except (ConnectorError, KeyError, TypeError, ValueError, AttributeError):
                return DEFAULT_LIMITS  # not cached: the next call asks again
        return self._instance_limits

    # The contract ---------------------------------------------------------------------------

    def publish(self, request: PublishRequest) -> PublishResult:
        limits = self.instance_limits()
        check_text(request.text, limits, network=NETWORK)
        check_media(request.media, limits, network=NETWORK)
        media_ids = [self._upload(item) for item in request.media]
        status = self._call(
            lambda: self._api.status_post(
                request.text,
                in_reply_to_id=request.in_reply_to,
                media_ids=media_ids or None,
                visibility=request.visibility.value,
                language=request.language,
                idempotency_key=request.idempotency_key,
            ),
            writes=True,
            creates=True,
        )
        try:
            return PublishResult(
                remote_id=str(field(status, "id")),
                url=str(status.get("url") or field(status, "uri")),
                raw=json_safe(status),
            )
        except MalformedResponse as exc:
            raise OutcomeUnknown(f"{exc.message}; reconcile", network=NETWORK) from exc

    def _upload(self, item: Any) -> str:
        if item.data is None:
            raise BadRequest(f"{item.filename} has no data to upload", network=NETWORK)
        attachment = self._call(
            lambda: self._api.media_post(
                item.data,
                mime_type=item.mime_type,
                description=item.alt_text or None,
                file_name=item.filename,
                synchronous=True,  # real Mastodon may answer 202 and process later
            ),
            writes=True,
        )
        return str(field(attachment, "id"))

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        if request.media:
            raise BadRequest(
                "changing media after publishing is not supported; delete and post again",
                network=NETWORK,
            )
        # The test peer does not check edit length; real Mastodon does, so we always do.
        check_text(request.text, self.instance_limits(), network=NETWORK)
        status = self._call(
            lambda: self._api.status_update(remote_id, status=request.text), writes=True
        )
        return PublishResult(
            remote_id=str(field(status, "id")),
            url=str(status.get("url") or status.get("uri") or ""),
            raw=json_safe(status),
        )

    def delete(self, remote_id: str) -> None:
        try:
            self._call(lambda: self._api.status_delete(remote_id), writes=True)
        except BadRequest as exc:
            if exc.status == 404:
                return  # already gone: deleting is idempotent
            raise

    def _my_id(self) -> str:
        if self._account_id is None:
            self._account_id = self.verify_credentials().remote_id
        return self._account_id

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        statuses = self._call(
            lambda: self._api.account_statuses(
                self._my_id(), limit=min(max(limit, 1), 40), exclude_reblogs=True
            ),
            writes=False,
        )
        found = []
        for status in statuses or []:
            post = remote_post(status, matched_by="text")
            if probe.matches_text(post.text):
                found.append(post)
        return found

    def verify_credentials(self) -> AccountInfo:
        account = self._call(self._api.account_verify_credentials, writes=False)
        return AccountInfo(
            remote_id=str(field(account, "id")),
            handle=str(field(account, "acct")),
            display_name=str(account.get("display_name") or ""),
            url=str(account.get("url") or ""),
            raw=json_safe(account),
        )

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        cursor = since_cursor
        notifications: list[Any] = []
        for _ in range(INBOUND_MAX_PAGES):
            page = self._call(
                lambda c=cursor: self._api.notifications(  # type: ignore[misc]
                    types=["mention"], min_id=c, limit=INBOUND_PAGE_SIZE
                ),
                writes=False,
            )
            page = sorted(
                page or [], key=lambda n: id_order(n.get("id") if isinstance(n, dict) else None)
            )
            if not page:
                break
            notifications.extend(page)
            newest = id_order(page[-1].get("id") if isinstance(page[-1], dict) else None)
            if newest < 0:
                break  # ids we cannot order: keep what we have; such items go to unreadable
            cursor = str(newest)
            if len(page) < INBOUND_PAGE_SIZE:
                break
        conversation_of = self._conversation_ids() if notifications else {}
        items = []
        unreadable = []
        for notification in notifications:
            try:
                item = inbound_item(notification, conversation_of=conversation_of)
            except MalformedResponse:
                unreadable.append(json_safe(notification))
                continue
            if item is not None:
                items.append(item)
        return InboundPage(items=tuple(items), next_cursor=cursor, unreadable=tuple(unreadable))

    def _conversation_ids(self) -> dict[str, str]:
        conversations = self._call(lambda: self._api.conversations(limit=40), writes=False)
        found = {}
        for conversation in conversations or []:
            last = conversation.get("last_status")
            if last and "id" in last:
                found[str(last["id"])] = str(conversation["id"])
        return found

    def close(self) -> None:
        self._session.close()
