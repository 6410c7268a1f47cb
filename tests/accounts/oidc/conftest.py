"""A real OpenID provider (npm oidc-provider 9.13.3) for the single sign-on tests.

Installed outside the clone by scripts/peers/install-oidc-provider.sh; without node or the
package these tests skip and say how to install it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client

HERE = Path(__file__).resolve().parent
CLIENT_ID = "govsocial-test"
CLIENT_SECRET = "govsocial-test-secret"  # noqa: S105 (the test provider's fixed secret)


def _provider_dir() -> Path:
    cache = os.environ.get("GOVSOCIAL_PEER_CACHE") or str(Path.home() / ".cache/govsocial/peers")
    return Path(cache) / "oidc-provider"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class OpenIDProvider:
    issuer: str

    def put_account(self, sub: str, **claims: object) -> None:
        httpx.put(f"{self.issuer}/test/accounts/{sub}", json=claims).raise_for_status()

    def disable_account(self, sub: str) -> None:
        httpx.delete(f"{self.issuer}/test/accounts/{sub}").raise_for_status()

    def browser(self) -> httpx.Client:
        """The user's browser as the provider sees it (its own cookies, no redirects followed)."""
        return httpx.Client(follow_redirects=False, timeout=10)

    def sign_in(self, client: Client, sub: str, browser: httpx.Client | None = None) -> str:
        """Runs the code flow; returns where govsocial sends the browser after its callback."""
        start = client.get("/oidc/authenticate/")
        assert start.status_code == 302, start
        return self.follow(client, start["Location"], sub, browser or self.browser())

    def follow(self, client: Client, url: str, sub: str, browser: httpx.Client) -> str:
        """Follows the provider's redirects, logging in as `sub` if asked, up to govsocial.

        Returns where govsocial then sends the browser, or "refused by the provider".
        """
        for _ in range(10):
            if url.startswith("http://testserver/"):
                parts = urlsplit(url)
                done = client.get(f"{parts.path}?{parts.query}")
                return str(done["Location"])
            response = browser.get(url)
            if response.status_code == 200 and "<form" in response.text:
                action = re.search(r'<form[^>]*action="([^"]+)"', response.text)
                assert action, response.text
                response = browser.post(
                    httpx.URL(url).join(action.group(1)),
                    data={"prompt": "login", "login": sub, "password": "anything"},
                )
            if response.status_code >= 400:
                return "refused by the provider"
            assert response.status_code in (302, 303), (response.status_code, response.text[:500])
            url = str(httpx.URL(url).join(response.headers["location"]))
        raise AssertionError("the provider never sent the browser back to govsocial")


@pytest.fixture(scope="session")
def openid_provider() -> Iterator[OpenIDProvider]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: apt-get install nodejs npm")
    directory = _provider_dir()
    if not (directory / "node_modules" / "oidc-provider").is_dir():
        pytest.skip(
            f"the OpenID provider is not installed in {directory}: "
            "run scripts/peers/install-oidc-provider.sh"
        )
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [node, str(HERE / "op.mjs")],
        env={
            **os.environ,
            "OIDC_PROVIDER_DIR": str(directory),
            "OP_PORT": str(port),
            "RP_REDIRECTS": "http://testserver/oidc/callback/",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Generous: a cold Node start on a busy 2-core machine can take many seconds, and the
        # wait only costs time when the provider really cannot start.
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-2000:]
                    pytest.fail(
                        f"the OpenID provider did not start (exit {process.poll()}):\n{output}"
                    )
                time.sleep(0.1)
        yield OpenIDProvider(issuer=issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def sso_settings(settings, openid_provider: OpenIDProvider):  # type: ignore[no-untyped-def]
    """govsocial configured for the test provider, as docs/sign-in.md describes for Keycloak."""
    issuer = openid_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{issuer}/session/end"
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.GOVSOCIAL_OIDC_PROVIDER_NAME = "Test Keycloak"
    settings.GOVSOCIAL_OIDC_GROUP_ROLE_MAP = {
        "comms-publishers": ["department-for-testing", "publisher"],
        "comms-authors": [["department-for-testing", "author"], ["other-office", "viewer"]],
    }
    return settings
