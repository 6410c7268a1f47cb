"""Fetch what people paste (link previews, media by URL) without letting them reach inside.

Kept on purpose; not dead code. Nothing imports this module yet except its test
(tests/it/test_fetch.py): it is the fetcher that link previews and media-from-URL will use when
they are built (a later issue). Do not delete it, and do not write a second fetcher for those.

Server-side request forgery defences (ASVS 5.0 1.3.6 and 15.3.2; reliability.md SEC-4):

- http and https only, on ports 80 and 443; no user name or password in the URL;
- the host is read the way a resolver would read it, so `2130706433`, `0177.0.0.1`, `0x7f.1`
  and `127.1` are all 127.0.0.1, and are refused;
- the name is resolved ONCE per hop and EVERY address returned is checked: private, loopback,
  link-local, carrier-grade NAT, cloud metadata, unspecified, multicast, reserved and
  documentation ranges are refused, and so are IPv6 spellings that carry one of those inside
  (IPv4-mapped, IPv4-compatible, 6to4, NAT64, Teredo);
- the connection goes to the address that was checked (the IP is pinned; the Host header and
  TLS SNI/certificate check still use the name), so a second DNS answer cannot move it
  (DNS rebinding);
- redirects are followed by hand, at most 5, each one checked like the first URL;
- the body is capped (10 MB by default) and the whole fetch has one deadline.

Tests fetch from loopback servers only by naming them in `FetchPolicy.allow_networks`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from govsocial.core.errors import ApplicationError
from govsocial.it.addresses import IPAddress, IPNetwork, address_problem

Resolver = Callable[[str], Iterable[str]]

MAX_BYTES = 10 * 1024 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "govsocial link preview (+https://github.com/govsocial)"


class FetchError(ApplicationError):
    """The URL was not fetched; the message says why, in words fit to show the person."""


class FetchRefused(FetchError):
    """Refused by policy before (or instead of) connecting: address, scheme, redirect, size."""


class FetchFailed(FetchError):
    """Allowed, but the fetch did not work: no such host, no answer, timeout, bad TLS."""


_NUMERIC_PART = r"(?:0x[0-9a-f]*|[0-9]+)"
_NUMERIC_HOST = re.compile(rf"^{_NUMERIC_PART}(?:\.{_NUMERIC_PART}){{0,3}}\.?$")
_LAST_LABEL_NUMERIC = re.compile(r"(?:^|\.)(?:0x[0-9a-f]*|[0-9]+)\.?$")


def parse_ipv4_like(host: str) -> ipaddress.IPv4Address | None:
    """Reads `host` as inet_aton (and every browser) would: decimal, octal, hex, short forms.

    Returns None when `host` is not numeric; raises FetchRefused when it is numeric but not a
    valid address (a resolver might still make something of it).
    """
    if not _NUMERIC_HOST.match(host):
        return None
    parts = host.rstrip(".").split(".")
    numbers = []
    for part in parts:
        try:
            if part.startswith("0x"):
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            else:
                numbers.append(int(part, 10))
        except ValueError:
            raise FetchRefused(f"{host!r} is not a valid address") from None
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise FetchRefused(f"{host!r} is not a valid address")
    value = last
    for index, number in enumerate(leading):
        value |= number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


@dataclass(frozen=True)
class Target:
    """One checked URL: where to connect (the pinned address) and what to call it (the name)."""

    url: str
    scheme: str
    hostname: str  # IDNA (ASCII) form, or the address itself for an IP literal
    port: int
    path: str  # path and query, as sent
    literal: IPAddress | None  # set when the URL names an address rather than a name

    @property
    def host_header(self) -> str:
        default = {"http": 80, "https": 443}[self.scheme]
        name = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        return name if self.port == default else f"{name}:{self.port}"


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int = MAX_BYTES
    timeout: float = 10.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 5
    ports: frozenset[int] = frozenset({80, 443})
    # Only tests set this: addresses in these networks are allowed although they are internal.
    allow_networks: tuple[IPNetwork, ...] = ()

    def allows_anyway(self, address: IPAddress) -> bool:
        return any(address in net for net in self.allow_networks)


@dataclass(frozen=True)
class FetchResult:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    content: bytes
    address: str  # the address the final response came from
    redirects: tuple[str, ...] = field(default_factory=tuple)


def check_url(url: str, policy: FetchPolicy) -> Target:
    """Refuses URLs that are not plain http(s) to a host name or public address."""
    if not isinstance(url, str) or not url.strip():
        raise FetchRefused("Enter a web address starting with https://")
    url = url.strip()
    if any(ch in url for ch in "\\\t\r\n ") or any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise FetchRefused("The web address contains spaces, backslashes or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused("The web address is not valid: check the host name and port") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchRefused(f"Only http and https addresses can be fetched, not {scheme or 'this'}:")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise FetchRefused("Web addresses with a user name or password (user@host) are not fetched")
    raw_host = parts.hostname or ""
    if not raw_host:
        raise FetchRefused("The web address has no host name")
    port = port if port is not None else (443 if scheme == "https" else 80)
    literal: IPAddress | None = None
    if parts.netloc.rpartition("@")[2].startswith("["):
        try:
            literal = ipaddress.ip_address(raw_host)
        except ValueError:
            raise FetchRefused(f"[{raw_host}] is not a valid IPv6 address") from None
        hostname = str(literal)
    else:
        try:
            hostname = raw_host.rstrip(".").encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise FetchRefused(f"{raw_host!r} is not a valid host name") from None
        if not hostname:
            raise FetchRefused("The web address has no host name")
        literal = parse_ipv4_like(hostname)
        if literal is not None:
            hostname = str(literal)
        elif _LAST_LABEL_NUMERIC.search(hostname):
            raise FetchRefused(f"{raw_host!r} is neither a host name nor a valid address")
        elif hostname == "localhost" or hostname.endswith((".localhost", ".internal", ".local")):
            raise FetchRefused(f"{raw_host} is an internal name; only public sites are fetched")
        elif "." not in hostname:
            raise FetchRefused(f"{raw_host} is not a full host name (for example www.gov.uk)")
    if literal is not None:
        _refuse_address(literal, hostname, policy)
    if port not in policy.ports:
        allowed = ", ".join(str(p) for p in sorted(policy.ports))
        raise FetchRefused(f"Port {port} is not allowed; only ports {allowed} are fetched")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(url=url, scheme=scheme, hostname=hostname, port=port, path=path, literal=literal)


def _refuse_address(address: IPAddress, hostname: str, policy: FetchPolicy) -> None:
    problem = address_problem(address)
    if problem and not policy.allows_anyway(address):
        shown = hostname if hostname == str(address) else f"{hostname} ({address})"
        raise FetchRefused(f"{shown} is {problem}; only public sites are fetched")


def system_resolver(hostname: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(hostname, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def resolve_and_check(target: Target, resolver: Resolver, policy: FetchPolicy) -> IPAddress:
    """Resolves the name once and checks every address; returns the one to connect to."""
    if target.literal is not None:
        return target.literal
    answers = list(resolver(target.hostname))
    if not answers:
        raise FetchFailed(f"{target.hostname} was not found: check the address")
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            address = ipaddress.ip_address(answer.split("%")[0])
        except ValueError:
            raise FetchRefused(
                f"{target.hostname} resolved to {answer!r}, not an address"
            ) from None
        # Every answer must pass: a resolver may hand a later connection any of them.
        _refuse_address(address, target.hostname, policy)
        addresses.append(address)
    return addresses[0]


def _pinned_request(target: Target, address: IPAddress, timeout: float) -> httpx.Request:
    host = f"[{address}]" if address.version == 6 else str(address)
    request = httpx.Request(
        "GET",
        f"{target.scheme}://{host}:{target.port}{target.path}",
        headers={
            "Host": target.host_header,
            "User-Agent": USER_AGENT,
            "Accept": "*/*",
            "Accept-Encoding": "identity",  # the size cap counts the bytes that arrive
        },
        extensions={
            "timeout": httpx.Timeout(timeout).as_dict(),
            # TLS: SNI and certificate check against the name, not the pinned address.
            **({"sni_hostname": target.hostname} if target.scheme == "https" else {}),
        },
    )
    return request


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FetchResult:
    """GETs `url` under the SSRF rules above. Raises FetchRefused or FetchFailed."""
    policy = policy or FetchPolicy()
    resolve = resolver or system_resolver
    deadline = clock() + policy.timeout
    redirects: list[str] = []
    current = url
    with httpx.Client(
        transport=transport or httpx.HTTPTransport(retries=0),
        trust_env=False,  # the address is pinned: a proxy would resolve the name again
        follow_redirects=False,
        verify=True,
    ) as client:
        while True:
            target = check_url(current, policy)
            address = resolve_and_check(target, resolve, policy)
            remaining = deadline - clock()
            if remaining <= 0:
                raise FetchFailed(f"{url} took longer than {policy.timeout:g} seconds")
            request = _pinned_request(target, address, remaining)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchFailed(f"{target.hostname} did not answer in time") from None
            except httpx.HTTPError as exc:
                raise FetchFailed(f"could not fetch from {target.hostname}: {exc}") from None
            try:
                if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                    if len(redirects) >= policy.max_redirects:
                        raise FetchRefused(
                            f"{url} redirects more than {policy.max_redirects} times"
                        )
                    following = urljoin(target.url, response.headers["location"])
                    if target.scheme == "https" and following.lower().startswith("http:"):
                        raise FetchRefused("The site redirects from https to http; not followed")
                    redirects.append(following)
                    current = following
                    continue
                content = _read_capped(response, policy, deadline, clock, target)
                return FetchResult(
                    url=url,
                    final_url=target.url,
                    status=response.status_code,
                    content_type=response.headers.get("content-type", ""),
                    content=content,
                    address=str(address),
                    redirects=tuple(redirects),
                )
            finally:
                response.close()


def _read_capped(
    response: httpx.Response,
    policy: FetchPolicy,
    deadline: float,
    clock: Callable[[], float],
    target: Target,
) -> bytes:
    too_big = FetchRefused(
        f"{target.hostname} sent more than {policy.max_bytes // (1024 * 1024) or policy.max_bytes}"
        f"{' MB' if policy.max_bytes >= 1024 * 1024 else ' bytes'}; larger files are not fetched"
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise too_big
    received = bytearray()
    if response.is_stream_consumed:  # already in memory (an in-process transport)
        if len(response.content) > policy.max_bytes:
            raise too_big
        return response.content
    try:
        for chunk in response.iter_raw():
            received += chunk
            if len(received) > policy.max_bytes:
                raise too_big
            if clock() > deadline:
                raise FetchFailed(f"{target.hostname} took longer than {policy.timeout:g} seconds")
    except httpx.TimeoutException:
        raise FetchFailed(f"{target.hostname} did not answer in time") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(f"the download from {target.hostname} failed: {exc}") from None
    return bytes(received)
