"""End to end: the real Mastodon connector polling mastodon-mock (a real HTTP server on loopback)
into the inbox, including an outage mid-way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from govsocial.inbox.models import InboundItem, ItemKind, Queue
from govsocial.inbox.services import inbox_sync_account

from .conftest import T0

pytestmark = [pytest.mark.peer, pytest.mark.django_db]


@pytest.fixture(scope="module")
def mastodon_server() -> Iterator[Any]:
    mock = pytest.importorskip("mastodon_mock.testing")
    with mock.MockServer() as server:
        yield server


@pytest.fixture
def mastodon(mastodon_server: Any, desk: Any) -> Any:
    from govsocial.connectors.http import EgressSettings
    from govsocial.connectors.mastodon.connector import MastodonConnector

    base = str(mastodon_server.base_url)
    httpx.post(f"{base}/api/v1/_mock/reset").raise_for_status()

    def factory(account: Any) -> MastodonConnector:
        return MastodonConnector(
            credentials={"instance_url": base, "access_token": "alice_token"},
            egress=EgressSettings(trust_env=False),
        )

    def sync(at: Any) -> Any:
        return inbox_sync_account(account=desk.account, connector_factory=factory, now=at)

    return mastodon_server, base, sync


def test_mentions_and_dms_arrive_once_redacted_and_triaged(mastodon: Any) -> None:
    server, base, sync = mastodon
    bob = server.client("bob")
    bob.status_post("@alice when does the consultation close?")
    bob.status_post("@alice my NHS number is 943 476 5919, please check", visibility="direct")
    bob.status_post(
        "@alice Freedom of Information request: please disclose the cost of the new website "
        "in 2025. Regards, Bob Smith"
    )
    first = sync(T0)
    assert first.status == "ok" and first.stored == 3
    assert sync(T0 + timedelta(minutes=1)).stored == 0
    items = {i.remote_id: i for i in InboundItem.objects.all()}
    dm = next(i for i in items.values() if i.kind == ItemKind.DIRECT_MESSAGE)
    assert "943 476 5919" not in dm.redacted_text and "943 476 5919" in dm.original_text
    assert any(i.queue == Queue.FOI_OFFICER and i.foi_due for i in items.values())


def test_an_outage_loses_nothing(mastodon: Any) -> None:
    server, base, sync = mastodon
    bob = server.client("bob")
    bob.status_post("@alice first question?")
    assert sync(T0).stored == 1
    bob.status_post("@alice second question?")
    rule = {
        "match": {"methods": ["GET"], "path": "/api/v1/notifications"},
        "effect": {"type": "status", "status": 503, "delay_ms": 0, "truncate": True},
        "count": None,
    }
    fault = httpx.post(f"{base}/api/v1/_mock/faults", json=rule)
    fault.raise_for_status()
    down = sync(T0 + timedelta(minutes=1))
    assert down.status == "down" and down.stored == 0
    httpx.delete(f"{base}/api/v1/_mock/faults/{fault.json()['id']}")
    back = sync(T0 + timedelta(hours=1))
    assert back.status == "ok" and back.stored == 1
    assert InboundItem.objects.count() == 2
