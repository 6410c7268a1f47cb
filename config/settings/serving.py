"""Serving: which reverse proxies may say a request came over HTTPS, and where production is.

Both servers (`govsocial serve` with gunicorn, `govsocial run` with waitress) read these; the
scheme is decided by the server from the connection's address, never by Django from a header, so
a client that talks to govsocial directly cannot claim HTTPS (docs/install.md).
"""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_list

# Addresses or networks (comma-separated, e.g. "127.0.0.1,10.0.4.0/24") of the reverse proxies
# whose X-Forwarded-Proto is believed; "*" believes every peer (only when nothing else can reach
# govsocial). Empty: nobody's, and every request is taken as plain HTTP.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    if _proxy == "*":
        continue
    try:
        ipaddress.ip_network(_proxy)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES has {_proxy!r}, which is not an IP address or network: list your "
            "reverse proxy's addresses, e.g. TRUSTED_PROXIES=127.0.0.1 or 10.0.4.0/24."
        ) from None

# BEHIND_TLS_PROXY once told Django to believe X-Forwarded-Proto from any client; the servers now
# believe it from TRUSTED_PROXIES only, so the old switch on its own would silently do nothing.
if env_bool("BEHIND_TLS_PROXY", False) and not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "BEHIND_TLS_PROXY=true needs TRUSTED_PROXIES: set it to your reverse proxy's address "
        "(e.g. TRUSTED_PROXIES=127.0.0.1 when the proxy runs on the same host)."
    )

# True only in config.settings.production: the demo organisation (whose password is published)
# is refused there, and `govsocial run` does not load it.
GOVSOCIAL_PRODUCTION = False
