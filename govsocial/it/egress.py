"""What the proxy must let through: every enabled network's "host:port" needs, in one place.

The list comes from the connectors' own declarations (`Connector.egress_hosts`), given each
official account's instance address (a Mastodon instance, a Bluesky PDS). The connectors build
the allow-list they enforce from the very same method, so what ICT is told to open is exactly
what govsocial will ever try to reach. `account_egress_client()` gives the rest of govsocial an
httpx client for one account from that data, through the connectors' one egress factory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from govsocial.connectors.errors import ConnectorConfigError, EgressRefused
from govsocial.connectors.http import EgressSettings, egress_client, host_port
from govsocial.connectors.registry import connector_class, registered_networks

__all__ = [
    "Destination",
    "EgressReport",
    "EgressRefused",
    "NetworkNeeds",
    "account_allowed_hosts",
    "account_credentials_for_egress",
    "account_egress_client",
    "egress_report",
]

# Which credential field of each network carries the per-account host (OfficialAccount.instance_url).
INSTANCE_FIELD = {"mastodon": "instance_url", "bluesky": "pds_url"}


@dataclass(frozen=True)
class Destination:
    host: str
    port: int
    wildcard: bool = False  # "*.host.bsky.network": every subdomain (per-account shard hosts)

    @classmethod
    def parse(cls, entry: str) -> Destination:
        host, _, port = entry.rpartition(":")
        return cls(host=host, port=int(port), wildcard=host.startswith("*."))

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class NetworkNeeds:
    network: str
    display_name: str
    destinations: tuple[Destination, ...]
    accounts: tuple[str, ...]  # the handles that make this network enabled
    problems: tuple[str, ...] = ()  # accounts whose address could not be read

    def as_dict(self) -> dict[str, Any]:
        return {
            "network": self.network,
            "display_name": self.display_name,
            "destinations": [
                {"host": d.host, "port": d.port, "wildcard": d.wildcard} for d in self.destinations
            ],
            "accounts": list(self.accounts),
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class EgressReport:
    networks: tuple[NetworkNeeds, ...]
    extra_allowed: tuple[str, ...] = ()
    relay_url: str | None = None
    ca_bundle: str | None = None
    proxy_from_environment: dict[str, str] = field(default_factory=dict)

    @property
    def destinations(self) -> list[str]:
        """Every "host:port" to allow, once each, sorted: the proxy allow-list."""
        every = {str(d) for n in self.networks for d in n.destinations} | set(self.extra_allowed)
        return sorted(every)

    def as_dict(self) -> dict[str, Any]:
        return {
            "allow": self.destinations,
            "networks": [n.as_dict() for n in self.networks],
            "extra_allowed": list(self.extra_allowed),
            "relay_url": self.relay_url,
            "ca_bundle": self.ca_bundle,
            "proxy_from_environment": self.proxy_from_environment,
        }


def account_credentials_for_egress(*, network: str, instance_url: str) -> dict[str, str]:
    """The credential fields that decide an account's hosts (never secrets)."""
    name = INSTANCE_FIELD.get(network)
    return {name: instance_url} if name and instance_url else {}


def account_allowed_hosts(
    *, network: str, instance_url: str = "", credentials: Mapping[str, str] | None = None
) -> frozenset[str]:
    """The "host:port" pairs one account needs, exactly as its connector enforces them.

    `credentials` are the account's stored credentials when they can be read (only their
    address fields are used); otherwise the register's instance address stands in for them.
    """
    fields = account_credentials_for_egress(network=network, instance_url=instance_url)
    fields.update({k: v for k, v in (credentials or {}).items() if k.endswith("_url") and v})
    return frozenset(connector_class(network).egress_hosts(fields))


def account_egress_client(
    *,
    network: str,
    instance_url: str = "",
    settings: EgressSettings | None = None,
    transport: httpx.BaseTransport | None = None,
    base_url: str = "",
) -> httpx.Client:
    """An httpx client for one account that refuses every destination its network does not need."""
    return egress_client(
        allowed_hosts=account_allowed_hosts(network=network, instance_url=instance_url),
        settings=settings,
        base_url=base_url,
        transport=transport,
    )


def _redact(url: str) -> str:
    """A proxy URL without its password, fit to print."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"


AccountEntry = tuple[str, str, str] | tuple[str, str, str, Mapping[str, str]]


def egress_report(
    accounts: Iterable[AccountEntry],
    *,
    settings: EgressSettings | None = None,
    environ: Mapping[str, str] | None = None,
    all_networks: bool = False,
    sso_endpoints: Iterable[str] = (),
) -> EgressReport:
    """Builds the report from (network, handle, instance_url[, credentials]) of each account.

    A network is enabled when at least one account uses it; `all_networks` lists every network
    govsocial can connect to (for ICT preparing a proxy before accounts are added).
    """
    import os

    env = os.environ if environ is None else environ
    settings = settings or EgressSettings.from_env(env)
    by_network: dict[str, dict[str, Any]] = {}
    if all_networks:
        for network in registered_networks():
            by_network[network] = {"hosts": set(), "accounts": [], "problems": []}
    for item in accounts:
        network, handle, instance_url = item[0], item[1], item[2]
        credentials = item[3] if len(item) > 3 else None
        entry = by_network.setdefault(network, {"hosts": set(), "accounts": [], "problems": []})
        entry["accounts"].append(handle)
        try:
            entry["hosts"] |= account_allowed_hosts(
                network=network, instance_url=instance_url, credentials=credentials
            )
        except ConnectorConfigError as exc:
            entry["problems"].append(f"{handle}: {exc}")
    networks = []
    for network in sorted(by_network):
        entry = by_network[network]
        cls = connector_class(network)
        hosts = set(entry["hosts"]) | set(cls.egress_hosts(None))
        if network in INSTANCE_FIELD and not entry["accounts"]:
            entry["problems"].append(
                f"{cls.display_name} hosts depend on each account's instance address: "
                "add the accounts to see them"
            )
        networks.append(
            NetworkNeeds(
                network=network,
                display_name=cls.display_name,
                destinations=tuple(sorted((Destination.parse(h) for h in hosts), key=str)),
                accounts=tuple(sorted(entry["accounts"])),
                problems=tuple(entry["problems"]),
            )
        )
    sso_hosts = {host_port(url) for url in sso_endpoints if url}
    if sso_hosts:
        # mozilla-django-oidc calls the identity provider from the web hosts (not via a connector).
        networks.append(
            NetworkNeeds(
                network="sso",
                display_name="Single sign-on (your identity provider)",
                destinations=tuple(sorted((Destination.parse(h) for h in sso_hosts), key=str)),
                accounts=("staff sign-in",),
            )
        )
    proxies = {
        name: _redact(env[name])
        for name in (
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "NO_PROXY",
            "no_proxy",
        )
        if env.get(name)
    }
    return EgressReport(
        networks=tuple(networks),
        extra_allowed=tuple(sorted(settings.extra_allowed)),
        relay_url=_redact(settings.relay_url) if settings.relay_url else None,
        ca_bundle=settings.ca_bundle,
        proxy_from_environment=proxies,
    )


def relay_destination(report: EgressReport) -> str | None:
    """With a relay, govsocial itself connects only there; the relay needs the full list."""
    return host_port(report.relay_url.replace("***@", "")) if report.relay_url else None
