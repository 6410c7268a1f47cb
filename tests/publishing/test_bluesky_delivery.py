"""Delivery to a real Bluesky PDS: published once, and an unknown outcome reconciled by the
deterministic record key instead of being sent again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from govsocial.channels.services import account_register
from govsocial.publishing.models import AttemptOutcome, Delivery, DeliveryState
from govsocial.publishing.services import (
    post_approve,
    post_create,
    post_schedule,
    post_submit,
    transitions,
)
from govsocial.publishing.services.delivery import deliveries_claim, delivery_run, scheduler_tick
from tests.connectors.conftest import make_pds_account
from tests.publishing.conftest import GOOD_TEXT

pytestmark = pytest.mark.peer


@pytest.fixture
def bluesky_account(bluesky_pds, organisation, people):
    pds = make_pds_account(bluesky_pds, "dept")
    return pds, account_register(
        organisation=organisation,
        actor=people["admin"],
        network="bluesky",
        handle=pds.handle,
        owning_unit="Press office",
        named_owner=people["admin"],
        instance_url=pds.pds_url,
        house_rules_url="https://www.example.gov.uk/social-media-use",
        two_factor_confirmed=True,
        credentials={"handle": pds.handle, "app_password": pds.password},
    )


def records_on(pds) -> list[dict]:
    from atproto import Client

    client = Client(base_url=pds.pds_url)
    listed = client.com.atproto.repo.list_records(
        {"repo": pds.did, "collection": "app.bsky.feed.post", "limit": 100}
    )
    return [r.value for r in listed.records]


def approved(organisation, people, account, text):
    post = post_create(
        organisation=organisation,
        actor=people["author"],
        title="t",
        text=text,
        accounts=[account],
        campaign_code="C-1",
    )
    post_submit(post=post, actor=people["author"])
    post_approve(post=post, actor=people["reviewer"])
    post_schedule(post=post, actor=people["publisher"])
    return post


def test_a_post_reaches_the_pds_once_with_its_link(bluesky_account, organisation, people):
    pds, account = bluesky_account
    approved(organisation, people, account, GOOD_TEXT)
    scheduler_tick(worker="w")
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.PUBLISHED, delivery.last_error
    assert delivery.remote_url.startswith("https://bsky.app/profile/")
    assert [r.text for r in records_on(pds)] == [GOOD_TEXT]


def test_a_crash_after_the_pds_accepted_is_found_by_record_key(
    bluesky_account, organisation, people, monkeypatch
):
    pds, account = bluesky_account
    approved(organisation, people, account, GOOD_TEXT)

    class Died(BaseException):
        pass

    real_open = transitions.connector_for_account

    def dying(account):
        connector = real_open(account)
        publish = connector.publish

        def publish_then_die(request):
            publish(request)
            raise Died

        connector.publish = publish_then_die  # type: ignore[method-assign]
        return connector

    monkeypatch.setattr(transitions, "connector_for_account", dying)
    [delivery_id] = deliveries_claim(worker="doomed")
    with pytest.raises(Died):
        delivery_run(delivery_id=delivery_id, worker="doomed")
    monkeypatch.setattr(transitions, "connector_for_account", real_open)

    Delivery.objects.filter(pk=delivery_id).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    scheduler_tick(worker="survivor")
    delivery = Delivery.objects.get(pk=delivery_id)
    assert delivery.state == DeliveryState.PUBLISHED
    assert list(delivery.attempts.values_list("outcome", flat=True)) == [
        AttemptOutcome.UNKNOWN,
        AttemptOutcome.FOUND,
    ]
    assert [r.text for r in records_on(pds)] == [GOOD_TEXT]
