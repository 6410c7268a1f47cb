"""Reconciling a delivery whose outcome is unknown, before anything is sent again.

Mastodon: re-send with the same Idempotency-Key while the network still keeps it (a repeat
returns the first post, never a second). Bluesky: look the record up by its key, which proves
presence or absence. Others: search recent posts; when absence cannot be proved, a person decides.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.connectors.base import Capability, LookupProbe, PublishResult
from govsocial.connectors.errors import (
    AuthExpired,
    BadRequest,
    ConnectorError,
    PlatformDown,
    RateLimited,
)
from govsocial.core.errors import ApplicationError
from govsocial.publishing.faults import fault_point
from govsocial.publishing.models import AttemptOutcome, DeliveryAttempt, DeliveryState
from govsocial.publishing.services.delivery import (
    IDEMPOTENCY_KEY_TRUST,
    MAX_RETRYABLE_ATTEMPTS,
    RunResult,
    _attempt,
    _finish_attempt,
    _held,
    _lease_until,
    _locked,
    _needs_check,
    _open_connector,
    _published,
    _refused,
    _unknown,
    publish_request,
)


def reconcile(delivery_id: int, worker: str) -> RunResult:
    """Finds out whether an unknown delivery reached the network before anything is re-sent."""
    with transaction.atomic():
        delivery = _held(delivery_id, worker)
        if delivery is None or delivery.state != DeliveryState.RECONCILING:
            return RunResult(delivery_id, delivery.state if delivery else "")
        first = delivery.attempts.filter(kind="publish").order_by("number").first()
        try:
            connector = _open_connector(delivery)
            request = publish_request(delivery)
        except (ConnectorError, ApplicationError, ValueError, OSError) as exc:
            _needs_check(delivery, f"cannot reach the network to check: {exc}")
            return RunResult(delivery_id, delivery.state)
        key_still_trusted = (
            Capability.IDEMPOTENCY_KEY in connector.capabilities
            and first is not None
            and timezone.now() - first.started_at < IDEMPOTENCY_KEY_TRUST
        )
        number = delivery.attempt_count + 1
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            kind="publish" if key_still_trusted else "reconcile",
            idempotency_key=str(delivery.idempotency_key),
            worker=worker,
            started_at=timezone.now(),
        )
        delivery.attempt_count = number
        if key_still_trusted:
            # A re-send with the same key returns the first post if there was one: never two.
            delivery.state = DeliveryState.SENDING
        delivery.lease_expires_at = _lease_until(timezone.now())
        delivery.save()
    if key_still_trusted:
        fault_point("before_call")
        try:
            with connector:
                result = connector.publish(request)
        except RateLimited as exc:
            return _still_unknown(delivery_id, number, exc, retry_after=exc.retry_after)
        except PlatformDown as exc:
            return _still_unknown(delivery_id, number, exc, retry_after=None)
        except (AuthExpired, BadRequest) as exc:
            return _refused(delivery_id, number, exc)
        except Exception as exc:
            return _unknown(delivery_id, number, exc)
        fault_point("after_call_before_commit")
        state = _published(delivery_id, number, result, outcome=AttemptOutcome.FOUND)
        fault_point("after_commit")
        return state
    try:
        with connector:
            found = connector.lookup_recent(LookupProbe.for_request(request), limit=40)
    except RateLimited as exc:
        return _still_unknown(delivery_id, number, exc, retry_after=exc.retry_after)
    except ConnectorError as exc:
        return _still_unknown(delivery_id, number, exc, retry_after=None)
    if found:
        post = found[0]
        return _published(
            delivery_id,
            number,
            PublishResult(remote_id=post.remote_id, url=post.url),
            outcome=AttemptOutcome.FOUND,
        )
    with transaction.atomic():
        delivery = _locked(delivery_id)
        if Capability.CLIENT_RECORD_KEY in connector.capabilities:
            # The record key is ours and exact: its absence proves the post is not there.
            _finish_attempt(_attempt(delivery_id, number), AttemptOutcome.ABSENT)
            delivery.state = DeliveryState.SCHEDULED
            delivery.not_before = None
            delivery.lease_owner = ""
            delivery.lease_expires_at = None
            delivery.save()
            return RunResult(delivery_id, delivery.state)
        _finish_attempt(
            _attempt(delivery_id, number),
            AttemptOutcome.UNKNOWN,
            error="not among the account's recent posts, which does not prove it was never sent",
        )
        _needs_check(
            delivery,
            "The network gave no answer when this was sent and has no way to confirm it. "
            "It was not found among the account's recent posts. Look at the account on the "
            "network, then record whether it was published.",
        )
        return RunResult(delivery_id, delivery.state)


def _still_unknown(
    delivery_id: int, number: int, exc: ConnectorError, *, retry_after: float | None
) -> RunResult:
    with transaction.atomic():
        delivery = _locked(delivery_id)
        _finish_attempt(_attempt(delivery_id, number), AttemptOutcome.UNKNOWN, error=str(exc))
        checks = delivery.attempts.filter(kind="reconcile").count()
        if checks >= MAX_RETRYABLE_ATTEMPTS:
            _needs_check(delivery, f"could not check with the network after {checks} tries: {exc}")
            return RunResult(delivery_id, delivery.state)
        wait = retry_after if retry_after is not None else min(30 * 2**checks, 3600)
        delivery.state = DeliveryState.UNKNOWN
        delivery.not_before = timezone.now() + timedelta(seconds=max(wait, 1))
        delivery.lease_owner = ""
        delivery.lease_expires_at = None
        delivery.save()
        return RunResult(delivery_id, delivery.state)
