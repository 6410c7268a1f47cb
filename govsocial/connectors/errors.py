"""Typed errors every connector raises, so the delivery worker can decide without parsing text.

The one rule that matters for exactly-once delivery: a connector raises `OutcomeUnknown`
whenever the network may have acted on a write it could not confirm. Only errors raised
*before* a request left this machine (`PlatformDown` from a refused connection, `EgressRefused`,
`BadRequest` from our own validation) prove that nothing was published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RateQuota:
    """What the network said about this account's remaining calls, from its headers."""

    limit: int | None
    remaining: int | None
    reset_at: datetime | None


class ConnectorError(Exception):
    """Base of every connector error; `str()` is one line fit to show a person."""

    def __init__(self, message: str, *, network: str = "", status: int | None = None) -> None:
        self.message = message
        self.network = network
        self.status = status
        prefix = f"{network}: " if network else ""
        super().__init__(f"{prefix}{message}")


class ConnectorConfigError(ConnectorError):
    """The connector cannot be built: unknown network, missing credential field, bad URL."""


class AuthExpired(ConnectorError):
    """The token was refused (401 or the network's equivalent): the owner must reconnect."""


class RateLimited(ConnectorError):
    """The account is over its quota; nothing was done. Retry after `retry_after` seconds."""

    def __init__(
        self,
        message: str,
        *,
        network: str = "",
        status: int | None = 429,
        retry_after: float | None = None,
        quota: RateQuota | None = None,
    ) -> None:
        super().__init__(message, network=network, status=status)
        self.retry_after = retry_after
        self.quota = quota


class BadRequest(ConnectorError):
    """The network (or our own pre-flight check) refused the content; resending will not help."""


class PlatformDown(ConnectorError):
    """The network could not be reached, or refused a read; nothing was published."""


class OutcomeUnknown(ConnectorError):
    """The write may or may not have taken effect: reconcile with `lookup_recent` before resending."""


class MalformedResponse(ConnectorError):
    """The network answered a read with a payload we cannot understand."""


class EgressRefused(ConnectorError):
    """The destination is not on the egress allow-list; no connection was opened."""


class Unsupported(BadRequest):
    """The network (or this connector, so far) cannot do this; check `capabilities` first."""
