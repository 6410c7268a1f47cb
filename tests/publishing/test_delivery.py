"""Exactly-once delivery: intent before the call, unknown is never retry, every attempt kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from govsocial.connectors.base import Capability
from govsocial.connectors.errors import (
    AuthExpired,
    BadRequest,
    OutcomeUnknown,
    PlatformDown,
    RateLimited,
)
from govsocial.core.errors import ApplicationError
from govsocial.publishing.models import AttemptOutcome, Delivery, DeliveryState, PostStatus
from govsocial.publishing.services import (
    delivery_resolve,
    delivery_retry,
    post_cancel,
    post_schedule,
)
from govsocial.publishing.services.delivery import deliveries_claim, delivery_run, scheduler_tick
from govsocial.records.models import AuditRecord
from tests.publishing.fakes import FakeNetwork, accept_then, install, raising


@pytest.fixture
def net(monkeypatch) -> FakeNetwork:
    network = FakeNetwork()
    install(monkeypatch, network)
    return network


@pytest.fixture
def scheduled(approved_post, people):
    post_schedule(post=approved_post, actor=people["publisher"])
    return Delivery.objects.get(post=approved_post)


def run_due(worker: str = "w1") -> None:
    scheduler_tick(worker=worker)


def test_a_due_delivery_is_published_once_with_its_link(net, scheduled):
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.PUBLISHED
    assert scheduled.remote_url == "https://net.example/p/r1"
    assert scheduled.post.status == PostStatus.PUBLISHED
    assert len(net.posts) == 1
    attempt = scheduled.attempts.get()
    assert (attempt.outcome, attempt.remote_id, attempt.idempotency_key) == (
        AttemptOutcome.PUBLISHED,
        "r1",
        str(scheduled.idempotency_key),
    )
    assert (
        AuditRecord.objects.filter(action="delivery.published", data__remote_id="r1").count() == 1
    )
    run_due()
    assert len(net.posts) == 1


def test_a_future_delivery_waits_for_its_time(net, approved_post, people):
    post_schedule(
        post=approved_post, actor=people["publisher"], at=timezone.now() + timedelta(hours=2)
    )
    run_due()
    assert net.calls == []
    assert Delivery.objects.get().state == DeliveryState.SCHEDULED


def test_scheduling_in_the_past_or_a_year_ahead_is_refused(approved_post, people):
    with pytest.raises(ApplicationError, match="has passed"):
        post_schedule(
            post=approved_post, actor=people["publisher"], at=timezone.now() - timedelta(hours=1)
        )
    with pytest.raises(ApplicationError, match="a year ahead"):
        post_schedule(
            post=approved_post, actor=people["publisher"], at=timezone.now() + timedelta(days=400)
        )


def test_a_rate_limit_means_nothing_was_sent_so_it_waits_and_retries(net, scheduled):
    net.script = [raising(RateLimited("slow down", retry_after=120))]
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.SCHEDULED
    assert scheduled.not_before > timezone.now() + timedelta(seconds=100)
    run_due()
    assert net.calls == ["publish"]  # still waiting
    Delivery.objects.filter(pk=scheduled.pk).update(not_before=timezone.now())
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.PUBLISHED
    assert list(scheduled.attempts.values_list("outcome", flat=True)) == ["retryable", "published"]


def test_a_refusal_fails_with_the_networks_message(net, scheduled):
    net.script = [raising(BadRequest("text is too long (512 of 500)", network="mastodon"))]
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.FAILED
    assert "text is too long" in scheduled.last_error
    assert scheduled.post.status == PostStatus.NEEDS_ATTENTION
    assert AuditRecord.objects.filter(action="delivery.failed").exists()


def test_an_expired_token_fails_and_can_be_sent_again_safely(net, scheduled, people):
    net.script = [raising(AuthExpired("reconnect the account"))]
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.FAILED
    delivery_retry(delivery=scheduled, actor=people["publisher"])
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.PUBLISHED
    assert len(net.posts) == 1


def test_an_unknown_outcome_is_reconciled_not_resent(net, scheduled):
    net.script = [accept_then(net, OutcomeUnknown("connection dropped after sending"))]
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state in {DeliveryState.PUBLISHED, DeliveryState.UNKNOWN}
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.PUBLISHED
    assert len(net.posts) == 1
    assert net.calls.count("publish") == 1
    assert list(scheduled.attempts.values_list("outcome", flat=True)) == ["unknown", "found"]


def test_an_unknown_that_cannot_be_proved_absent_waits_for_a_person(net, scheduled, people):
    net.script = [raising(OutcomeUnknown("timed out after sending"))]
    run_due()
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.NEEDS_CHECK
    assert "Look at the account on the network" in scheduled.needs_check_reason
    assert scheduled.post.status == PostStatus.NEEDS_ATTENTION
    for _ in range(3):
        run_due()
    assert net.calls.count("publish") == 1  # never re-sent on its own

    with pytest.raises(ApplicationError, match="address"):
        delivery_resolve(delivery=scheduled, actor=people["publisher"], resolution="published")
    delivery_resolve(
        delivery=scheduled,
        actor=people["publisher"],
        resolution="not_published",
        note="checked the timeline",
    )
    run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.PUBLISHED
    assert list(scheduled.attempts.values_list("outcome", flat=True)) == [
        "unknown",
        "unknown",
        "resolved",
        "published",
    ]


def test_a_person_can_record_that_it_was_published(net, scheduled, people):
    net.script = [raising(OutcomeUnknown("timed out"))]
    run_due()
    run_due()
    scheduled.refresh_from_db()
    delivery_resolve(
        delivery=scheduled,
        actor=people["publisher"],
        resolution="published",
        remote_url="https://net.example/p/77",
    )
    scheduled.refresh_from_db()
    assert (scheduled.state, scheduled.remote_id) == (DeliveryState.PUBLISHED, "77")


def test_a_network_with_exact_record_keys_proves_absence_and_resends(monkeypatch, scheduled):
    net = FakeNetwork()
    install(monkeypatch, net, capabilities=Capability.LOOKUP_RECENT | Capability.CLIENT_RECORD_KEY)
    net.script = [raising(OutcomeUnknown("dropped before the server got it"))]
    run_due()
    run_due()  # reconcile: absent → scheduled
    run_due()  # re-send with the same key
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.PUBLISHED
    assert len(net.posts) == 1
    assert list(scheduled.attempts.values_list("outcome", flat=True)) == [
        "unknown",
        "absent",
        "published",
    ]


def test_a_worker_that_died_after_the_intent_leaves_an_unknown_never_a_retry(net, scheduled):
    # Claim and commit the intent as a worker would, then "die" before the result is stored.
    [delivery_id] = deliveries_claim(worker="dead")
    from govsocial.publishing.services import transitions

    class Died(BaseException):
        pass

    def die(request):
        net.accept(request)
        raise Died

    net.script = [die]
    with pytest.raises(Died):
        delivery_run(delivery_id=delivery_id, worker="dead")
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.SENDING
    assert scheduled.attempts.get().outcome == AttemptOutcome.SENDING

    Delivery.objects.filter(pk=scheduled.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    run_due("survivor")
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.PUBLISHED
    assert net.calls.count("publish") == 1
    assert AuditRecord.objects.filter(action="delivery.unknown").count() == 1
    assert transitions.LEASE > timedelta(seconds=30)


def test_a_claimed_row_is_not_claimed_twice_while_its_lease_holds(net, scheduled):
    assert deliveries_claim(worker="a") == [scheduled.pk]
    assert deliveries_claim(worker="b") == []


def test_platform_down_before_sending_backs_off_and_gives_up_in_the_end(net, scheduled):
    from govsocial.publishing.services.transitions import MAX_RETRYABLE_ATTEMPTS

    for _ in range(MAX_RETRYABLE_ATTEMPTS):
        net.script = [raising(PlatformDown("connection refused"))]
        Delivery.objects.filter(pk=scheduled.pk).update(not_before=None)
        run_due()
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.FAILED
    assert "gave up after" in scheduled.last_error
    assert net.posts == {}


def test_cancel_stops_a_scheduled_delivery(net, approved_post, people):
    post_schedule(
        post=approved_post, actor=people["publisher"], at=timezone.now() + timedelta(hours=1)
    )
    post_cancel(post=approved_post, actor=people["publisher"])
    Delivery.objects.update(due_at=timezone.now())
    run_due()
    assert net.calls == []
    assert Delivery.objects.get().state == DeliveryState.CANCELLED
    assert AuditRecord.objects.filter(action="post.cancel").exists()


def test_a_published_post_is_deleted_on_the_network_but_kept_in_the_record(net, scheduled, people):
    from govsocial.publishing.services import delivery_delete_remote

    run_due()
    scheduled.refresh_from_db()
    delivery_delete_remote(
        delivery=scheduled, actor=people["publisher"], reason="Wrong date in the post"
    )
    scheduled.refresh_from_db()
    assert scheduled.state == DeliveryState.DELETED
    assert net.posts == {}
    assert scheduled.post.versions.count() == 1
    record = AuditRecord.objects.get(action="delivery.deleted")
    assert record.data["remote_id"] == "r1" and record.data["reason"] == "Wrong date in the post"


def test_an_approved_edit_is_pushed_to_the_network(net, scheduled, people):
    from govsocial.publishing.services import (
        delivery_edit_remote,
        post_approve,
        post_edit,
        post_submit,
    )

    run_due()
    post = scheduled.post
    post_edit(
        post=post,
        actor=people["author"],
        text=scheduled.version.text + "\n\nUpdated: offices reopen Monday.",
    )
    with pytest.raises(ApplicationError, match="approved"):
        delivery_edit_remote(delivery=scheduled, actor=people["publisher"])
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    post_submit(post=post, actor=people["author"])
    post_approve(post=post, actor=people["reviewer"])
    delivery_edit_remote(delivery=scheduled, actor=people["publisher"])
    scheduled.refresh_from_db()
    assert scheduled.version.number == 2
    assert net.calls[-1] == "edit"
    assert AuditRecord.objects.filter(action="delivery.edited").exists()
