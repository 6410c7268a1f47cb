"""A fake network for the inbox: a faithful twin of the connector contract's inbound side.

It holds a list of items in arrival order; `fetch_inbound(cursor)` returns the items after the
cursor (an opaque position string), at most `page_size` of them, oldest first, and the cursor
of the last one, like the Mastodon connector's `min_id` paging. Failures are queued and raised
as the typed connector errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import pytest

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.channels.models import OfficialAccount
from govsocial.connectors.base import (
    Capability,
    Connector,
    InboundItem,
    InboundKind,
    InboundPage,
    Limits,
    Moderation,
)
from govsocial.connectors.errors import ConnectorError
from govsocial.connectors.registry import CONNECTORS
from govsocial.inbox.services import inbox_sync_account

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday, 10am in London


@dataclass
class FakeNetwork:
    items: list[InboundItem] = field(default_factory=list)
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    failures: list[ConnectorError | Exception] = field(default_factory=list)
    page_size: int = 50
    calls: list[str | None] = field(default_factory=list)
    redeliver_last: bool = False  # send the last item of the previous page again
    moderated: list[tuple[str, str]] = field(default_factory=list)

    def add(
        self,
        text: str,
        *,
        remote_id: str | None = None,
        author: str = "citizen@social.example",
        name: str = "A Citizen",
        at: datetime | None = None,
        kind: InboundKind = InboundKind.MENTION,
        thread_id: str | None = None,
        in_reply_to: str | None = None,
    ) -> InboundItem:
        number = len(self.items) + 1
        item = InboundItem(
            remote_id=remote_id or f"r{number}",
            kind=kind,
            author_handle=author,
            author_name=name,
            text=text,
            created_at=at or T0 + timedelta(minutes=number),
            thread_id=thread_id,
            in_reply_to=in_reply_to,
            url=f"https://social.example/@x/{remote_id or number}",
            raw={"id": remote_id or f"r{number}"},
        )
        self.items.append(item)
        return item

    def fetch(self, cursor: str | None) -> InboundPage:
        self.calls.append(cursor)
        if self.failures:
            raise self.failures.pop(0)
        start = int(cursor) if cursor else 0
        if self.redeliver_last and start > 0:
            start -= 1
        chunk = self.items[start : start + self.page_size]
        end = start + len(chunk)
        unreadable = tuple(self.unreadable) if start == 0 else ()
        return InboundPage(
            items=tuple(chunk),
            next_cursor=str(end) if chunk else cursor,
            unreadable=unreadable,
        )

    def moderate(self, remote_id: str, action: Moderation) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.moderated.append((remote_id, action))


class FakeConnector(Connector):
    network: ClassVar[str] = "mastodon"
    display_name: ClassVar[str] = "Fake"
    capabilities: ClassVar[Capability] = Capability.INBOUND_MENTIONS
    limits: ClassVar[Limits] = Limits(
        max_chars=500,
        max_images=4,
        max_videos=1,
        max_image_bytes=1,
        max_video_bytes=1,
        max_alt_text_chars=None,
        image_types=frozenset(),
        video_types=frozenset(),
    )
    credential_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, credentials: Mapping[str, str], network: FakeNetwork) -> None:
        super().__init__(credentials=credentials)
        self._network = network
        self.closed = False

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        return self._network.fetch(since_cursor)

    def close(self) -> None:
        self.closed = True

    def publish(self, request: Any) -> Any:
        raise NotImplementedError

    def edit(self, remote_id: str, request: Any) -> Any:
        raise NotImplementedError

    def delete(self, remote_id: str) -> None:
        raise NotImplementedError

    def lookup_recent(self, probe: Any, *, limit: int = 20) -> list[Any]:
        return []

    def verify_credentials(self) -> Any:
        raise NotImplementedError


class ModeratingConnector(FakeConnector):
    """The fake network's connector, on a network whose API lets us moderate."""

    capabilities: ClassVar[Capability] = FakeConnector.capabilities | Capability.MODERATE

    def moderate_inbound(self, remote_id: str, action: Moderation) -> None:
        self._network.moderate(remote_id, action)


@dataclass
class Desk:
    organisation: Organisation
    account: OfficialAccount
    network: FakeNetwork
    users: dict[str, User]

    def factory(self, account: OfficialAccount) -> Connector:
        return FakeConnector(credentials={}, network=self.network)

    def sync(self, *, now: datetime | None = None) -> Any:
        return inbox_sync_account(
            account=self.account, connector_factory=self.factory, now=now or T0 + timedelta(days=1)
        )


@pytest.fixture
def desk(organisation, make_user, make_account) -> Desk:
    users = {
        "viewer": make_user("viewer", organisation=organisation, role=Role.VIEWER),
        "author": make_user("author", organisation=organisation, role=Role.AUTHOR),
        "author2": make_user("author2", organisation=organisation, role=Role.AUTHOR),
        "reviewer": make_user("reviewer", organisation=organisation, role=Role.REVIEWER),
        "publisher": make_user("publisher", organisation=organisation, role=Role.PUBLISHER),
        "dpo": make_user("dpo", organisation=organisation, role=Role.DATA_PROTECTION_OFFICER),
        "foi": make_user("foi", organisation=organisation, role=Role.FOI_OFFICER),
        "admin": make_user("admin", organisation=organisation, role=Role.ACCOUNT_ADMIN),
    }
    account = make_account(organisation, owner=users["admin"])
    return Desk(organisation=organisation, account=account, network=FakeNetwork(), users=users)


@pytest.fixture
def synced(desk: Desk) -> Callable[..., Any]:
    """Add messages to the fake network and sync them; returns the stored items by text."""

    def add_and_sync(*texts: str, **kwargs: Any) -> list[Any]:
        from govsocial.inbox.models import InboundItem as Stored

        added = [desk.network.add(text, **kwargs) for text in texts]
        desk.sync()
        return [Stored.objects.get(account=desk.account, remote_id=a.remote_id) for a in added]

    return add_and_sync


@pytest.fixture
def network_moderates(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Connector]:
    """The desk's network gets a connector that declares it can moderate; returns its factory."""
    monkeypatch.setitem(
        CONNECTORS,
        desk.account.network,
        f"{ModeratingConnector.__module__}:{ModeratingConnector.__qualname__}",
    )

    def factory(account: OfficialAccount) -> Connector:
        return ModeratingConnector(credentials={}, network=desk.network)

    return factory
