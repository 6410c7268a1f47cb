"""Network name → connector class, imported on first use (the SDKs are slow to import)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from govsocial.connectors.base import Connector
from govsocial.connectors.errors import ConnectorConfigError

CONNECTORS: dict[str, str] = {
    "mastodon": "govsocial.connectors.mastodon.connector:MastodonConnector",
    "bluesky": "govsocial.connectors.bluesky.connector:BlueskyConnector",
    "x": "govsocial.connectors.x.connector:XConnector",
    "linkedin": "govsocial.connectors.linkedin.connector:LinkedInConnector",
    "facebook": "govsocial.connectors.facebook.connector:FacebookPageConnector",
    "instagram": "govsocial.connectors.instagram.connector:InstagramConnector",
    "threads": "govsocial.connectors.threads.connector:ThreadsConnector",
}


def registered_networks() -> list[str]:
    return sorted(CONNECTORS)


def connector_class(network: str) -> type[Connector]:
    try:
        module_name, attribute = CONNECTORS[network.strip().lower()].split(":")
    except KeyError:
        known = ", ".join(registered_networks())
        raise ConnectorConfigError(f"unknown network {network!r}; choose one of {known}") from None
    cls = getattr(importlib.import_module(module_name), attribute)
    assert isinstance(cls, type) and issubclass(cls, Connector)
    return cls


def connector_for(network: str, *, credentials: Mapping[str, str], **options: Any) -> Connector:
    """Build the connector for one account. `credentials` is the decrypted dict from the register;
    `options` pass through (egress=EgressSettings, transport=... for tests)."""
    return connector_class(network)(credentials=credentials, **options)


def egress_allow_list(
    accounts: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, frozenset[str]]:
    """Every network's "host:port" needs, for `govsocial it egress`.

    `accounts` maps network → credentials, for networks whose host depends on the account
    (a Mastodon instance, a Bluesky PDS)."""
    accounts = accounts or {}
    return {
        network: connector_class(network).egress_hosts(accounts.get(network))
        for network in registered_networks()
    }
