"""A recording twin of the connector contract, for the delivery state machine's unit tests.

The end-to-end tests use real peers (mastodon-mock, the Bluesky PDS); this twin lets a test
script exactly what the network does on each call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from govsocial.connectors.base import (
    AccountInfo,
    Capability,
    Connector,
    EditRequest,
    InboundPage,
    LookupProbe,
    PublishRequest,
    PublishResult,
    RemotePost,
)
from govsocial.connectors.mastodon.connector import DEFAULT_LIMITS


class FakeNetwork:
    """What the network holds, and what it will do on the next publish calls."""

    def __init__(self) -> None:
        self.posts: dict[str, PublishRequest] = {}
        self.calls: list[str] = []
        self.script: list[Callable[[PublishRequest], PublishResult]] = []
        self.lookup_error: Exception | None = None

    def accept(self, request: PublishRequest) -> PublishResult:
        remote_id = f"r{len(self.posts) + 1}"
        self.posts[remote_id] = request
        return PublishResult(remote_id=remote_id, url=f"https://net.example/p/{remote_id}")


class FakeConnector(Connector):
    network: ClassVar[str] = "mastodon"
    display_name: ClassVar[str] = "Fake"
    capabilities: ClassVar[Capability] = (
        Capability.EDIT | Capability.DELETE | Capability.LOOKUP_RECENT
    )
    limits = DEFAULT_LIMITS
    credential_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, net: FakeNetwork, *, capabilities: Capability | None = None) -> None:
        super().__init__(credentials={})
        self.net = net
        if capabilities is not None:
            self.capabilities = capabilities  # type: ignore[misc]

    def publish(self, request: PublishRequest) -> PublishResult:
        self.net.calls.append("publish")
        if self.net.script:
            return self.net.script.pop(0)(request)
        return self.net.accept(request)

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        self.net.calls.append("edit")
        return PublishResult(remote_id=remote_id, url=f"https://net.example/p/{remote_id}")

    def delete(self, remote_id: str) -> None:
        self.net.calls.append("delete")
        self.net.posts.pop(remote_id, None)

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        self.net.calls.append("lookup")
        if self.net.lookup_error:
            raise self.net.lookup_error
        return [
            RemotePost(
                remote_id=rid,
                url=f"https://net.example/p/{rid}",
                text=req.text,
                created_at=None,
                matched_by="marker",
            )
            for rid, req in self.net.posts.items()
            if req.marker == probe.marker
        ]

    def verify_credentials(self) -> AccountInfo:
        return AccountInfo(remote_id="1", handle="@fake", display_name="Fake", url="")

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        return InboundPage(items=(), next_cursor=since_cursor)


def raising(exc: Exception) -> Callable[[PublishRequest], PublishResult]:
    def run(request: PublishRequest) -> PublishResult:
        raise exc

    return run


def accept_then(net: FakeNetwork, exc: Exception) -> Callable[[PublishRequest], PublishResult]:
    """The network keeps the post, then the answer is lost."""

    def run(request: PublishRequest) -> PublishResult:
        net.accept(request)
        raise exc

    return run


def install(monkeypatch: Any, net: FakeNetwork, capabilities: Capability | None = None) -> None:
    """Every delivery move (worker's or person's) opens its connector through one seam."""
    from govsocial.publishing.services import transitions

    def factory(account: Any) -> FakeConnector:
        return FakeConnector(net, capabilities=capabilities)

    monkeypatch.setattr(transitions, "connector_for_account", factory)


__all__ = ["FakeConnector", "FakeNetwork", "Mapping", "accept_then", "install", "raising"]
