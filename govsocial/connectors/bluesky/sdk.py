"""The atproto SDK wired to our egress rules."""

from __future__ import annotations

from typing import Any

import httpx
from atproto import Client
from atproto_client.request import Request, RequestBase

from govsocial.connectors.errors import EgressRefused
from govsocial.connectors.http import AllowList, EgressSettings, egress_client


class EgressRequest(Request):
    """The SDK's request layer on an `egress_client` (allow-list, proxy, CA bundle)."""

    def __init__(
        self,
        *,
        allowed_hosts: frozenset[str],
        settings: EgressSettings,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        RequestBase.__init__(self)
        self._allowed_hosts = allowed_hosts
        self._settings = settings
        self._transport = transport
        self._client_kwargs: dict[str, Any] = {}
        self._client = egress_client(
            allowed_hosts=allowed_hosts, settings=settings, transport=transport
        )

    def _new_instance(self) -> EgressRequest:
        return EgressRequest(
            allowed_hosts=self._allowed_hosts, settings=self._settings, transport=self._transport
        )


class PinnedClient(Client):
    """Follows the account's PDS endpoint from its DID document only when egress allows it.

    Otherwise it keeps talking to the configured URL (a PDS or the bsky.social entryway,
    which serves the same calls)."""

    def __init__(self, base_url: str, *, request: EgressRequest, allow: AllowList) -> None:
        super().__init__(base_url, request=request)
        self._allow = allow

    def _update_pds_endpoint(self, pds_endpoint: str) -> None:
        try:
            self._allow.check(pds_endpoint)
        except EgressRefused:
            return
        super()._update_pds_endpoint(pds_endpoint)
