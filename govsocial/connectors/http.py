"""The one way connectors reach the internet.

`egress_client()` builds every httpx client a connector uses; `egress_session()` builds the
requests session Mastodon.py needs, from the same `EgressSettings`. Both:

- refuse any destination not on the allow-list with `EgressRefused`, before a connection opens
  (checked on every hop, so a redirect cannot leave the list);
- honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment, unless pinned to one relay
  (`relay_url`), in which case every request goes through that relay and the environment's
  proxy settings are ignored;
- verify TLS against `ca_bundle` when given (an organisation's inspecting proxy), else the
  system store (SSL_CERT_FILE is honoured when trusting the environment).

Environment variables read by `EgressSettings.from_env()`:
GOVSOCIAL_EGRESS_RELAY, GOVSOCIAL_EGRESS_CA_BUNDLE, GOVSOCIAL_EGRESS_ALLOW (comma-separated
host:port pairs added to every connector's own list), GOVSOCIAL_EGRESS_TIMEOUT (seconds).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import requests
from requests.adapters import HTTPAdapter

from govsocial.connectors.errors import ConnectorConfigError, EgressRefused

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_port(url_or_host: str) -> str:
    """Normalise "https://Example.org/x", "example.org" or "example.org:8443" to "host:port"."""
    text = url_or_host.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if not parts.hostname:
        raise ConnectorConfigError(f"{url_or_host!r} is not a host name or URL")
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 443)
    return f"{parts.hostname.lower()}:{port}"


@dataclass(frozen=True)
class EgressSettings:
    extra_allowed: frozenset[str] = frozenset()
    relay_url: str | None = None
    ca_bundle: str | None = None
    trust_env: bool = True
    timeout: float = 30.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> EgressSettings:
        env = os.environ if environ is None else environ
        allow = frozenset(
            host_port(item) for item in env.get("GOVSOCIAL_EGRESS_ALLOW", "").split(",") if item
        )
        ca_bundle = env.get("GOVSOCIAL_EGRESS_CA_BUNDLE") or None
        if ca_bundle and not os.path.isfile(ca_bundle):
            raise ConnectorConfigError(
                f"GOVSOCIAL_EGRESS_CA_BUNDLE={ca_bundle} is not a readable file; fix the path"
            )
        try:
            timeout = float(env.get("GOVSOCIAL_EGRESS_TIMEOUT", "30"))
        except ValueError as exc:
            raise ConnectorConfigError(
                "GOVSOCIAL_EGRESS_TIMEOUT must be a number of seconds"
            ) from exc
        return cls(
            extra_allowed=allow,
            relay_url=env.get("GOVSOCIAL_EGRESS_RELAY") or None,
            ca_bundle=ca_bundle,
            timeout=timeout,
        )


@dataclass(frozen=True)
class AllowList:
    hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, hosts: Iterable[str], settings: EgressSettings) -> AllowList:
        return cls(frozenset(host_port(h) for h in hosts) | settings.extra_allowed)

    def allows(self, destination: str) -> bool:
        if destination in self.hosts:
            return True
        host, _, port = destination.rpartition(":")
        # "*.example.org:443" allows any subdomain (a network's per-account shard hosts).
        return any(
            entry.startswith("*.")
            and entry.endswith(f":{port}")
            and host.endswith(entry[1:].rpartition(":")[0])
            for entry in self.hosts
        )

    def check(self, url: str) -> None:
        destination = host_port(url)
        if not self.allows(destination):
            allowed = ", ".join(sorted(self.hosts)) or "nothing"
            raise EgressRefused(
                f"refused to connect to {destination}: not on the egress allow-list "
                f"(allowed: {allowed}); add it to GOVSOCIAL_EGRESS_ALLOW if it is intended"
            )


def ssl_context_for(settings: EgressSettings) -> ssl.SSLContext | bool:
    """The TLS verification to use: the configured CA bundle, or the default store."""
    if settings.ca_bundle:
        return ssl.create_default_context(cafile=settings.ca_bundle)
    return True


def egress_client(
    *,
    allowed_hosts: Iterable[str],
    settings: EgressSettings | None = None,
    base_url: str = "",
    headers: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An httpx client that can reach only `allowed_hosts` (plus the settings' extras).

    `transport` replaces the network (tests replay recorded exchanges through
    `httpx.MockTransport`); the allow-list still applies.
    """
    settings = settings or EgressSettings.from_env()
    allow = AllowList.of(allowed_hosts, settings)

    def refuse_unlisted(request: httpx.Request) -> None:
        allow.check(str(request.url))

    options: dict[str, Any] = {
        "base_url": base_url,
        "headers": dict(headers or {}),
        "timeout": settings.timeout,
        "event_hooks": {"request": [refuse_unlisted]},
        "follow_redirects": True,
    }
    if transport is not None:
        options.update(transport=transport, trust_env=False)
    elif settings.relay_url:
        options.update(proxy=settings.relay_url, trust_env=False, verify=ssl_context_for(settings))
    else:
        options.update(trust_env=settings.trust_env, verify=ssl_context_for(settings))
    return httpx.Client(**options)


class _AllowListAdapter(HTTPAdapter):
    def __init__(self, allow: AllowList) -> None:
        super().__init__()
        self._allow = allow

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        self._allow.check(str(request.url))
        return super().send(request, *args, **kwargs)


def egress_session(
    *, allowed_hosts: Iterable[str], settings: EgressSettings | None = None
) -> requests.Session:
    """The requests counterpart of `egress_client`, for Mastodon.py (which is built on requests)."""
    settings = settings or EgressSettings.from_env()
    allow = AllowList.of(allowed_hosts, settings)
    session = requests.Session()
    adapter = _AllowListAdapter(allow)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if settings.relay_url:
        session.trust_env = False
        session.proxies = {"http": settings.relay_url, "https": settings.relay_url}
    else:
        session.trust_env = settings.trust_env
    if settings.ca_bundle:
        session.verify = settings.ca_bundle
    return session
