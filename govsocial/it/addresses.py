"""Which addresses govsocial must never connect to on a user's behalf (SSRF; reliability.md SEC-4).

Private, loopback, link-local, carrier-grade NAT, cloud metadata, unspecified, multicast,
reserved and documentation ranges, and the IPv6 spellings that carry one of those inside
(IPv4-mapped, IPv4-compatible, 6to4, NAT64, Teredo). Used by the SSRF-safe fetcher (fetch.py).
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(c) for c in cidrs)


METADATA_ADDRESSES = {
    ipaddress.ip_address(a): "a cloud metadata service"
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
}

# (networks, why) in the order they are reported; anything not global is refused as well.
BLOCKED: tuple[tuple[tuple[IPNetwork, ...], str], ...] = (
    (networks("0.0.0.0/8", "::/128"), "an unspecified address"),
    (networks("127.0.0.0/8", "::1/128"), "a loopback address"),
    (networks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"), "a private address"),
    (networks("100.64.0.0/10"), "a carrier-grade NAT address"),
    (networks("169.254.0.0/16", "fe80::/10"), "a link-local address"),
    (networks("fec0::/10"), "a site-local address"),
    (networks("224.0.0.0/4", "ff00::/8"), "a multicast address"),
    (
        networks(
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.88.99.0/24",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "240.0.0.0/4",
            "100::/64",
            "2001:db8::/32",
            "2001:10::/28",
            "2001:20::/28",
        ),
        "a reserved or documentation address",
    ),
)

IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
NAT64 = networks("64:ff9b::/96", "64:ff9b:1::/48")
TEREDO = ipaddress.ip_network("2001::/32")


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 spelling carries, and the name of the spelling."""
    if address in IPV4_MAPPED or address in IPV4_TRANSLATED:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), "IPv4-mapped"
    if address in SIX_TO_FOUR:
        return ipaddress.IPv4Address((int(address) >> 80) & 0xFFFFFFFF), "6to4"
    if any(address in net for net in NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), "NAT64"
    if address in IPV4_COMPATIBLE and int(address) > 1:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), "IPv4-compatible"
    return None


def address_problem(address: IPAddress) -> str | None:
    """Why govsocial must not connect to `address`, or None when it is an ordinary public one."""
    if address in METADATA_ADDRESSES:
        return METADATA_ADDRESSES[address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "an address with a zone index"
        if address in TEREDO:
            return "a Teredo tunnel address"
        embedded = embedded_ipv4(address)
        if embedded is not None:
            inner, spelling = embedded
            problem = address_problem(inner)
            return f"{problem} ({inner}) written as {spelling} IPv6" if problem else None
    for networks, why in BLOCKED:
        if any(address in net for net in networks):
            return why
    if not address.is_global or address.is_multicast or address.is_reserved:
        return "not a public internet address"
    return None
