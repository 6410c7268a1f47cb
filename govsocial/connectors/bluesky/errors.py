"""atproto SDK exceptions → the contract's typed errors, and Bluesky's rate-limit headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from atproto_client import exceptions as atp

from govsocial.connectors.bluesky.inbound import NETWORK
from govsocial.connectors.errors import (
    AuthExpired,
    BadRequest,
    ConnectorError,
    EgressRefused,
    MalformedResponse,
    OutcomeUnknown,
    PlatformDown,
    RateLimited,
    RateQuota,
)
from govsocial.connectors.rest import epoch_or_none, int_or_none

# A PDS names these in the body, sometimes with HTTP 400 rather than 401.
AUTH_ERRORS = frozenset(
    {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"}
)


def quota_from(headers: Mapping[str, Any]) -> RateQuota | None:
    limit = int_or_none(headers.get("ratelimit-limit"))
    remaining = int_or_none(headers.get("ratelimit-remaining"))
    if limit is None and remaining is None:
        return None
    return RateQuota(
        limit=limit, remaining=remaining, reset_at=epoch_or_none(headers.get("ratelimit-reset"))
    )


def response_quota(exc: atp.AtProtocolError) -> RateQuota | None:
    response = getattr(exc, "response", None)
    return quota_from(response.headers) if response is not None else None


def translate(exc: atp.AtProtocolError, *, writes: bool, now: float) -> ConnectorError:
    if isinstance(exc, atp.LoginRequiredError):
        return AuthExpired("the session ended; reconnect the account", network=NETWORK)
    if isinstance(exc, atp.ModelError):
        return MalformedResponse(f"the PDS answered in an unexpected shape: {exc}", network=NETWORK)
    if not isinstance(exc, atp.RequestErrorBase):
        return BadRequest(str(exc), network=NETWORK)
    response = exc.response
    if response is None:
        return _transport_failure(exc, writes=writes)
    status = response.status_code
    content = response.content
    error = getattr(content, "error", None)
    message = getattr(content, "message", None) or error or f"HTTP {status}"
    if status == 401 or error in AUTH_ERRORS:
        return AuthExpired(f"{message}; reconnect the account", network=NETWORK, status=status)
    if status == 429 or isinstance(exc, atp.RateLimitExceededError):
        quota = response_quota(exc)
        after = max(0.0, quota.reset_at.timestamp() - now) if quota and quota.reset_at else None
        return RateLimited(
            f"rate limited: {message}", network=NETWORK, retry_after=after, quota=quota
        )
    if status >= 500 or status in (409, 413):
        if writes:
            return OutcomeUnknown(f"the PDS failed (HTTP {status})", network=NETWORK)
        return PlatformDown(f"the PDS is failing (HTTP {status})", network=NETWORK)
    return BadRequest(str(message), network=NETWORK, status=status)


def _transport_failure(exc: atp.RequestErrorBase, *, writes: bool) -> ConnectorError:
    causes = [exc.__cause__, exc.__context__]
    refused = next((c for c in causes if isinstance(c, EgressRefused)), None)
    if refused is not None:
        return refused
    if any(isinstance(c, httpx.ConnectError | httpx.ConnectTimeout) for c in causes):
        return PlatformDown("could not connect to the PDS", network=NETWORK)
    if writes:
        return OutcomeUnknown(
            "the connection failed after the request was sent; reconcile", network=NETWORK
        )
    return PlatformDown("the PDS did not answer", network=NETWORK)
