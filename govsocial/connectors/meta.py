"""What Facebook Pages, Instagram and Threads share: the Graph API's error codes and usage headers.

Graph answers many failures as HTTP 400 with a code in the body, so the status alone misleads:
code 190 is an expired or revoked token; 4, 17, 32, 613 and 80001-80014 are rate limits; 1 and 2
are transient platform errors. Error subcode 33 ("object does not exist or cannot be loaded")
is also returned transiently while a container or permalink is being built, so on a read it is
treated as an outage to retry, not a permanent failure (Postiz #1562 marked such posts failed
although they had gone out).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import httpx

from govsocial.connectors.errors import (
    AuthExpired,
    ConnectorError,
    OutcomeUnknown,
    PlatformDown,
    RateLimited,
    RateQuota,
)
from govsocial.connectors.rest import RestConnector

TOKEN_CODES = frozenset({102, 190})
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
TRANSIENT_CODES = frozenset({1, 2})
TRANSIENT_SUBCODES = frozenset({33})
USAGE_HEADERS = ("x-business-use-case-usage", "x-app-usage", "x-page-usage", "x-ad-account-usage")


def usage_percentages(headers: httpx.Headers) -> tuple[int | None, float | None]:
    """Highest usage percentage across Graph's usage headers, and minutes until access returns."""
    highest: int | None = None
    regain_minutes: float | None = None
    for name in USAGE_HEADERS:
        raw = headers.get(name)
        if not raw:
            continue
        try:
            parsed = json.loads(raw)
        except ValueError:
            continue
        blocks: list[Any] = []
        if isinstance(parsed, dict) and all(isinstance(v, list) for v in parsed.values()):
            for entries in parsed.values():
                blocks.extend(entries)  # business use case: {"<id>": [{...}]}
        else:
            blocks.append(parsed)
        for block in blocks:
            if not isinstance(block, dict):
                continue
            for key in ("call_count", "total_time", "total_cputime", "acc_id_util_pct"):
                value = block.get(key)
                if isinstance(value, int | float):
                    highest = max(highest or 0, int(value))
            regain = block.get("estimated_time_to_regain_access")
            if isinstance(regain, int | float) and regain > 0:
                regain_minutes = max(regain_minutes or 0.0, float(regain))
    return highest, regain_minutes


class GraphConnector(RestConnector):
    """Graph-style APIs: bearer token, usage headers, error codes in the body."""

    graph_version: ClassVar[str]

    def parse_quota(self, headers: httpx.Headers) -> RateQuota | None:
        used, _ = usage_percentages(headers)
        if used is None:
            return None
        # Graph reports percentages of the allowance, so the quota is out of 100.
        return RateQuota(limit=100, remaining=max(0, 100 - used), reset_at=None)

    def error_message(self, body: Any, response: httpx.Response) -> str:
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            message = str(error.get("error_user_msg") or error.get("message") or "")
            code = error.get("code")
            return f"{message} (code {code})" if code is not None else message
        return super().error_message(body, response)

    def classify_error(
        self, response: httpx.Response, body: Any, *, creates: bool
    ) -> ConnectorError | None:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return None
        code = error.get("code")
        subcode = error.get("error_subcode")
        message = self.error_message(body, response)
        status = response.status_code
        if code in TOKEN_CODES:
            return AuthExpired(
                f"the token was refused: {message}; reconnect the account",
                network=self.network,
                status=status,
            )
        if code in RATE_LIMIT_CODES:
            _, regain = usage_percentages(response.headers)
            return RateLimited(
                f"rate limited: {message}",
                network=self.network,
                status=status,
                retry_after=regain * 60 if regain else self._retry_after(response),
                quota=self.quota,
            )
        if code in TRANSIENT_CODES or (error.get("is_transient") is True):
            if creates:
                return OutcomeUnknown(
                    f"the network reported a temporary error while posting: {message}; reconcile",
                    network=self.network,
                    status=status,
                )
            return PlatformDown(message, network=self.network, status=status)
        if subcode in TRANSIENT_SUBCODES and response.request.method == "GET":
            return PlatformDown(
                f"the object is not readable yet: {message}", network=self.network, status=status
            )
        return None


class ContainerPublishing(GraphConnector):
    """Instagram and Threads publish in two steps: create a media container (the network pulls
    the media from our signed URL), wait until it is FINISHED, then publish it. Only the publish
    step makes anything public, so only it is a create for outcome purposes."""

    status_field: ClassVar[str] = "status"
    container_poll_attempts: ClassVar[int] = 10
    container_poll_seconds: ClassVar[float] = 2.0

    def _sleep(self, seconds: float) -> None:
        import time

        time.sleep(seconds)

    def _wait_until_finished(self, container_path: str) -> None:
        from govsocial.connectors.errors import BadRequest, PlatformDown

        for attempt in range(self.container_poll_attempts):
            body = self._call(
                "GET", container_path, params={"fields": f"id,{self.status_field},error_message"}
            )
            status = body.get(self.status_field) if isinstance(body, dict) else None
            if status in ("FINISHED", "PUBLISHED"):
                return
            if status in ("ERROR", "EXPIRED"):
                detail = body.get("error_message") if isinstance(body, dict) else None
                raise BadRequest(
                    f"the network could not process the media ({status}): "
                    f"{detail or 'check that the media URL is public and the file is valid'}",
                    network=self.network,
                )
            if attempt + 1 < self.container_poll_attempts:
                self._sleep(self.container_poll_seconds)
        raise PlatformDown(
            "the media is still processing; nothing was published, try again later",
            network=self.network,
        )

    def _permalink(self, media_path: str) -> str:
        """The post's link. It is already published: a failed read must not fail the delivery."""
        try:
            body = self._call("GET", media_path, params={"fields": "permalink"})
        except ConnectorError:
            return ""
        return str(body.get("permalink") or "") if isinstance(body, dict) else ""
