"""Shared plumbing for the connectors that speak to a network's HTTP API with httpx.

`RestConnector._call` turns every transport failure and status code into the typed errors of
the contract, records the account's quota from the response headers, and refuses to call at
all while a known quota is exhausted (per account: each connector instance is one account).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

import httpx

from govsocial.connectors.base import Connector
from govsocial.connectors.errors import (
    AuthExpired,
    BadRequest,
    ConnectorError,
    MalformedResponse,
    OutcomeUnknown,
    PlatformDown,
    RateLimited,
    RateQuota,
)
from govsocial.connectors.http import EgressSettings, egress_client

Clock = Callable[[], float]


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


def epoch_or_none(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (ValueError, OverflowError):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 time as networks write it ("Z" or "+0000" offsets), or None."""
    if not isinstance(value, str):
        return None
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def id_order(value: Any) -> int:
    """Sort key for numeric ids that may arrive as strings, or broken."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def dig(body: Any, *path: str | int, network: str) -> Any:
    """`body[path0][path1]...`, or MalformedResponse naming the missing field."""
    current = body
    for step in path:
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError) as exc:
            where = ".".join(str(p) for p in path)
            raise MalformedResponse(
                f"the network's answer has no {where}; it may have changed its API", network=network
            ) from exc
    return current


def dig_str(body: Any, *path: str | int, network: str) -> str:
    value = dig(body, *path, network=network)
    if isinstance(value, bool) or not isinstance(value, str | int):
        where = ".".join(str(p) for p in path)
        raise MalformedResponse(f"the network's {where} is not a string", network=network)
    return str(value)


class RestConnector(Connector):
    base_url: ClassVar[str]

    def __init__(
        self,
        *,
        credentials: Mapping[str, str],
        egress: EgressSettings | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(credentials=credentials)
        self._clock = clock
        self._http = egress_client(
            allowed_hosts=self.egress_hosts(credentials),
            settings=egress,
            base_url=self.base_url,
            headers=self.default_headers(),
            transport=transport,
        )

    # Hooks a network overrides -------------------------------------------------------------

    def default_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credentials['access_token']}"}

    def parse_quota(self, headers: httpx.Headers) -> RateQuota | None:
        limit = int_or_none(headers.get("x-ratelimit-limit"))
        remaining = int_or_none(headers.get("x-ratelimit-remaining"))
        reset = epoch_or_none(headers.get("x-ratelimit-reset"))
        if limit is None and remaining is None and reset is None:
            return None
        return RateQuota(limit=limit, remaining=remaining, reset_at=reset)

    def error_message(self, body: Any, response: httpx.Response) -> str:
        if isinstance(body, dict):
            for key in ("detail", "message", "error_description", "error", "title"):
                value = body.get(key)
                if isinstance(value, str) and value:
                    return value
                if isinstance(value, dict) and isinstance(value.get("message"), str):
                    return str(value["message"])
        return f"HTTP {response.status_code} {response.reason_phrase}".strip()

    def classify_error(
        self, response: httpx.Response, body: Any, *, creates: bool
    ) -> ConnectorError | None:
        """A network-specific reading of an error answer; None falls back to the status code."""
        return None

    # The one call path -----------------------------------------------------------------------

    def _retry_after(self, response: httpx.Response) -> float | None:
        now = self._clock()
        after = parse_retry_after(response.headers.get("retry-after"), now=now)
        if after is None and self.quota and self.quota.reset_at:
            after = max(0.0, self.quota.reset_at.timestamp() - now)
        return after

    def _call(self, method: str, path: str, **options: Any) -> Any:
        """Send one request and return its parsed JSON body (None for an empty body)."""
        body, _ = self._exchange(method, path, **options)
        return body

    def _exchange(
        self,
        method: str,
        path: str,
        *,
        creates: bool = False,
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        form: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[Any, httpx.Response]:
        """Send one request; return its parsed JSON body and the response (for its headers).

        `creates` marks a non-idempotent create: after it, any doubt is OutcomeUnknown.
        """
        writes = method != "GET"
        self.refuse_while_exhausted(now=self._clock())
        try:
            response = self._http.request(
                method,
                path,
                json=json_body,
                params=params,
                data=form,
                files=files,
                headers=headers,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError) as exc:
            raise PlatformDown(f"could not connect: {exc}", network=self.network) from exc
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if writes:
                raise OutcomeUnknown(
                    f"the connection failed after the request was sent ({type(exc).__name__}); "
                    "reconcile before resending",
                    network=self.network,
                ) from exc
            raise PlatformDown(f"the network did not answer: {exc}", network=self.network) from exc

        self.quota = self.parse_quota(response.headers) or self.quota
        body = self._parse_body(response, creates=creates)
        if response.is_success:
            return body, response
        error = self._error_for(response, body, creates=creates)
        if isinstance(error, RateLimited) and error.retry_after:
            self._hold_until(error.retry_after)
        raise error

    def _hold_until(self, retry_after: float) -> None:
        """Remember the wait, so this account makes no call until it is over."""
        known = self.quota
        self.quota = RateQuota(
            limit=known.limit if known else None,
            remaining=0,
            reset_at=datetime.fromtimestamp(self._clock() + retry_after, tz=UTC),
        )

    def _parse_body(self, response: httpx.Response, *, creates: bool) -> Any:
        if not response.content:
            return None
        try:
            return json.loads(response.content)
        except ValueError as exc:
            if not response.is_success:
                return None  # an HTML error page: the status code says enough
            if creates:
                raise OutcomeUnknown(
                    "the network accepted the post but its answer is unreadable; reconcile",
                    network=self.network,
                    status=response.status_code,
                ) from exc
            raise MalformedResponse(
                "the network answered with something that is not JSON",
                network=self.network,
                status=response.status_code,
            ) from exc

    def _error_for(self, response: httpx.Response, body: Any, *, creates: bool) -> ConnectorError:
        status = response.status_code
        specific = self.classify_error(response, body, creates=creates)
        if specific is not None:
            return specific
        message = self.error_message(body, response)
        if status == 401:
            return AuthExpired(
                f"the token was refused ({message}); reconnect the account",
                network=self.network,
                status=status,
            )
        if status == 429:
            return RateLimited(
                f"rate limited: {message}",
                network=self.network,
                retry_after=self._retry_after(response),
                quota=self.quota,
            )
        if status >= 500:
            if creates:
                return OutcomeUnknown(
                    f"the network failed while creating the post (HTTP {status}); "
                    "it may have been published, reconcile before resending",
                    network=self.network,
                    status=status,
                )
            return PlatformDown(
                f"the network is failing (HTTP {status}): {message}",
                network=self.network,
                status=status,
            )
        return BadRequest(message, network=self.network, status=status)

    def _created(self, build: Callable[[], Any]) -> Any:
        """Map a create's success body; if it is not what we expect, the post may still exist."""
        try:
            return build()
        except MalformedResponse as exc:
            raise OutcomeUnknown(
                f"{exc.message}; the post may have been published, reconcile",
                network=self.network,
            ) from exc

    def close(self) -> None:
        self._http.close()
