"""Peers and replay helpers for the connector tests.

- `mastodon_peer`: mastodon-mock in-process, one per session, reset before each test.
- `bluesky_pds`: the reference Bluesky PDS from the peer cache (scripts/peers/install-pds.sh),
  one per session; skipped with the reason when node or the install is missing.
- `replay`: an httpx.MockTransport that plays a recorded fixture and asserts each request.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

FIXTURES = Path(__file__).parent
PEER_CACHE = Path(
    os.environ.get("GOVSOCIAL_PEER_CACHE", Path.home() / ".cache" / "govsocial" / "peers")
)
PDS_DIR = PEER_CACHE / "bluesky-pds"


# Mastodon ----------------------------------------------------------------------------------


@dataclass
class MastodonPeer:
    """The mock's control plane through plain httpx (its own helpers need an extra package)."""

    server: Any

    @property
    def base_url(self) -> str:
        return str(self.server.base_url)

    def client(self, username: str) -> Any:
        return self.server.client(username)

    def reset(self) -> None:
        httpx.post(f"{self.base_url}/api/v1/_mock/reset").raise_for_status()

    @contextlib.contextmanager
    def fault(
        self,
        *,
        path: str,
        methods: list[str] | None = None,
        type: str = "status",
        status: int | None = None,
        body: Any = None,
        delay_ms: int = 0,
        count: int | None = None,
    ) -> Iterator[None]:
        effect: dict[str, Any] = {"type": type, "delay_ms": delay_ms, "truncate": True}
        if status is not None:
            effect["status"] = status
        if body is not None:
            effect["body"] = body
        rule = {"match": {"methods": methods, "path": path}, "effect": effect, "count": count}
        created = httpx.post(f"{self.base_url}/api/v1/_mock/faults", json=rule)
        created.raise_for_status()
        try:
            yield
        finally:
            httpx.delete(f"{self.base_url}/api/v1/_mock/faults/{created.json()['id']}")


@pytest.fixture(scope="session")
def _mastodon_server() -> Iterator[Any]:
    from mastodon_mock.testing import MockServer

    with MockServer() as server:
        yield server


@pytest.fixture
def mastodon_peer(_mastodon_server: Any) -> MastodonPeer:
    peer = MastodonPeer(_mastodon_server)
    peer.reset()
    return peer


# Bluesky -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdsAccount:
    pds_url: str
    handle: str
    password: str
    did: str


@pytest.fixture(scope="session")
def bluesky_pds() -> Iterator[str]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed; the Bluesky PDS peer needs Node 20 (apt nodejs)")
    if not (PDS_DIR / "node_modules" / "@atproto" / "pds").is_dir():
        pytest.skip(
            f"the Bluesky PDS is not installed in {PDS_DIR}; run scripts/peers/install-pds.sh"
        )
    process = subprocess.Popen(
        ["node", "start-pds.mjs"],
        cwd=PDS_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        # Generous, for a cold start on a busy machine; it only costs time when the PDS is broken.
        ready, _, _ = select.select([process.stdout], [], [], 180)
        line = process.stdout.readline() if ready else ""
        if not line:
            pytest.fail("the Bluesky PDS did not print its ready line within 180 s")
        yield json.loads(line)["pds"]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def bluesky_account(bluesky_pds: str) -> PdsAccount:
    return make_pds_account(bluesky_pds, "alice")


def make_pds_account(pds_url: str, name: str) -> PdsAccount:
    from atproto import Client

    handle = f"{name}{uuid.uuid4().hex[:6]}.test"
    password = "correct horse battery staple"  # noqa: S105 - a throwaway local account
    client = Client(base_url=pds_url)
    created = client.com.atproto.server.create_account(
        {"handle": handle, "email": f"{handle}@example.test", "password": password}
    )
    return PdsAccount(pds_url=pds_url, handle=handle, password=password, did=created.did)


@pytest.fixture(scope="session")
def pds_account_factory(bluesky_pds: str) -> Callable[[str], PdsAccount]:
    return lambda name: make_pds_account(bluesky_pds, name)


# Recorded request/response replay ------------------------------------------------------------


class ReplayError(AssertionError):
    pass


@dataclass
class Replay:
    """Plays `exchanges` in order; each request must match the recorded one."""

    exchanges: list[dict[str, Any]]
    seen: list[httpx.Request] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        if len(self.seen) >= len(self.exchanges):
            raise ReplayError(f"unexpected extra request {request.method} {request.url}")
        exchange = self.exchanges[len(self.seen)]
        self.seen.append(request)
        expect_request(request, exchange["request"])
        response = exchange["response"]
        failure = response.get("raise")
        if failure == "connect_error":
            raise httpx.ConnectError("connection refused", request=request)
        if failure == "read_timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if failure == "remote_protocol_error":
            raise httpx.RemoteProtocolError("server disconnected", request=request)
        if "json" in response:
            content = json.dumps(response["json"]).encode()
            headers = {"content-type": "application/json", **response.get("headers", {})}
        else:
            content = response.get("text", "").encode()
            headers = response.get("headers", {})
        return httpx.Response(response["status"], headers=headers, content=content)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    def assert_all_played(self) -> None:
        assert len(self.seen) == len(self.exchanges), (
            f"{len(self.exchanges) - len(self.seen)} recorded requests were never made"
        )


def expect_request(request: httpx.Request, recorded: dict[str, Any]) -> None:
    where = f"{request.method} {request.url}"
    assert request.method == recorded["method"], f"{where}: expected {recorded['method']}"
    assert request.url.host == recorded.get("host", request.url.host), where
    assert request.url.path == recorded["path"], f"{where}: expected path {recorded['path']}"
    if "raw_path" in recorded:
        raw = request.url.raw_path.decode().split("?")[0]
        assert raw == recorded["raw_path"], (
            f"{where}: raw path {raw}, expected {recorded['raw_path']}"
        )
    for name, value in recorded.get("query", {}).items():
        got = request.url.params.get(name)
        assert got == value, f"{where}: query {name}={got!r}, expected {value!r}"
    for name, value in recorded.get("headers", {}).items():
        got = request.headers.get(name)
        assert got == value, f"{where}: header {name}={got!r}, expected {value!r}"
    if "json" in recorded:
        body = json.loads(request.content or b"null")
        assert body == recorded["json"], f"{where}: body {body!r} != {recorded['json']!r}"
    if "form" in recorded:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        assert form == recorded["form"], f"{where}: form {form!r} != {recorded['form']!r}"


@pytest.fixture
def replay() -> Callable[..., Replay]:
    """`replay("x/fixtures/publish.json")` or `replay(exchanges=[...])`."""

    def load(name: str | None = None, *, exchanges: list[dict[str, Any]] | None = None) -> Replay:
        if name is not None:
            exchanges = json.loads((FIXTURES / name).read_text())["exchanges"]
        assert exchanges is not None
        return Replay(exchanges=list(exchanges))

    return load


FIXED_NOW = 1795600000.0  # 2026-11-25T09:46:40Z, inside the recorded exchanges' window
CREDENTIALS: dict[str, dict[str, str]] = {
    "x": {"access_token": "x-user-token"},
    "linkedin": {"access_token": "li-token", "organization_id": "2414183"},
    "facebook": {"access_token": "page-token", "page_id": "1234567890"},
    "instagram": {"access_token": "ig-token", "ig_user_id": "17841400000000000"},
    "threads": {"access_token": "threads-token"},
}


@pytest.fixture
def recorded(replay: Callable[..., Replay]) -> Callable[..., tuple[Any, Replay]]:
    """`recorded("x", "publish")` → (the X connector wired to that fixture, its Replay)."""
    from govsocial.connectors.http import EgressSettings
    from govsocial.connectors.registry import connector_for

    def build(
        network: str, fixture: str | None = None, *, exchanges: Any = None
    ) -> tuple[Any, Replay]:
        played = (
            replay(f"{network}/fixtures/{fixture}.json") if fixture else replay(exchanges=exchanges)
        )
        connector = connector_for(
            network,
            credentials=CREDENTIALS[network],
            egress=EgressSettings(trust_env=False),
            transport=played.transport(),
            clock=lambda: FIXED_NOW,
        )
        connector._sleep = lambda seconds: None  # container polling waits in real life
        return connector, played

    return build
