"""Reconciling a delivery whose outcome is unknown, before anything is sent again.

Mastodon: re-send with the same Idempotency-Key while the network still keeps it (a repeat
returns the first post, never a second). Bluesky: look the record up by its key, which proves
presence or absence. Others: search recent posts; when absence cannot be proved, a person decides.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from govsocial.connectors.base import (
    Capability,
    Connector,
    LookupProbe,
    PublishRequest,
    PublishResult,
)
from govsocial.connectors.errors import (
    ConnectorError,
    RateLimited,
)
from govsocial.core.errors import ApplicationError
from govsocial.publishing.models import AttemptOutcome, DeliveryState
from govsocial.publishing.services.transitions import (
    IDEMPOTENCY_KEY_TRUST,
    MAX_RETRYABLE_ATTEMPTS,
    RunResult,
    attempt_finish,
    attempt_get,
    attempt_start,
    backoff_seconds,
    connector_open,
    delivery_held,
    delivery_locked,
    lease_until,
    mark_absent,
    mark_needs_check,
    mark_published,
    mark_rescheduled,
    publish_and_record,
    publish_request,
)

NOT_PROVABLE = (
    "The network gave no answer when this was sent and has no way to confirm it. "
    "It was not found among the account's recent posts. Look at the account on the "
    "network, then record whether it was published."
)


def reconcile(delivery_id: int, worker: str) -> RunResult:
    """Finds out whether an unknown delivery reached the network before anything is re-sent."""
    with transaction.atomic():
        delivery = delivery_held(delivery_id, worker)
        if delivery is None or delivery.state != DeliveryState.RECONCILING:
            return RunResult(delivery_id, delivery.state if delivery else "")
        first = delivery.attempts.filter(kind="publish").order_by("number").first()
        try:
            connector = connector_open(delivery)
            request = publish_request(delivery)
        except (ConnectorError, ApplicationError, ValueError, OSError) as exc:
            mark_needs_check(delivery, f"cannot reach the network to check: {exc}")
            return RunResult(delivery_id, delivery.state)
        key_still_trusted = (
            Capability.IDEMPOTENCY_KEY in connector.capabilities
            and first is not None
            and timezone.now() - first.started_at < IDEMPOTENCY_KEY_TRUST
        )
        number = attempt_start(
            delivery, kind="publish" if key_still_trusted else "reconcile", worker=worker
        ).number
        if key_still_trusted:
            # A re-send with the same key returns the first post if there was one: never two.
            delivery.state = DeliveryState.SENDING
        delivery.lease_expires_at = lease_until(timezone.now())
        delivery.save()
    if key_still_trusted:
        return _resend_with_the_same_key(delivery_id, number, connector, request)
    return _look_for_it(delivery_id, number, connector, request)


def _resend_with_the_same_key(
    delivery_id: int, number: int, connector: Connector, request: PublishRequest
) -> RunResult:
    """The network remembers the key: a repeat returns the first post if there was one."""
    return publish_and_record(
        delivery_id,
        number,
        connector,
        request,
        not_sent=_still_unknown,
        outcome=AttemptOutcome.FOUND,
    )


def _look_for_it(
    delivery_id: int, number: int, connector: Connector, request: PublishRequest
) -> RunResult:
    """Search the account's recent posts; absence counts only where the record key is ours."""
    try:
        with connector:
            found = connector.lookup_recent(LookupProbe.for_request(request), limit=40)
    except RateLimited as exc:
        return _still_unknown(delivery_id, number, exc, exc.retry_after)
    except ConnectorError as exc:
        return _still_unknown(delivery_id, number, exc, None)
    if found:
        post = found[0]
        return mark_published(
            delivery_id,
            number,
            PublishResult(remote_id=post.remote_id, url=post.url),
            outcome=AttemptOutcome.FOUND,
        )
    with transaction.atomic():
        delivery = delivery_locked(delivery_id)
        attempt = attempt_get(delivery_id, number)
        if Capability.CLIENT_RECORD_KEY in connector.capabilities:
            # The record key is ours and exact: its absence proves the post is not there.
            mark_absent(delivery, attempt=attempt)
            return RunResult(delivery_id, delivery.state)
        attempt_finish(
            attempt,
            AttemptOutcome.UNKNOWN,
            error="not among the account's recent posts, which does not prove it was never sent",
        )
        mark_needs_check(delivery, NOT_PROVABLE)
        return RunResult(delivery_id, delivery.state)


def _still_unknown(
    delivery_id: int, number: int, exc: ConnectorError, retry_after: float | None
) -> RunResult:
    """The network could not be asked: check again later, or hand it to a person."""
    with transaction.atomic():
        delivery = delivery_locked(delivery_id)
        attempt_finish(attempt_get(delivery_id, number), AttemptOutcome.UNKNOWN, error=str(exc))
        checks = delivery.attempts.filter(kind="reconcile").count()
        if checks >= MAX_RETRYABLE_ATTEMPTS:
            mark_needs_check(
                delivery, f"could not check with the network after {checks} tries: {exc}"
            )
            return RunResult(delivery_id, delivery.state)
        mark_rescheduled(
            delivery,
            state=DeliveryState.UNKNOWN,
            wait_seconds=retry_after if retry_after is not None else backoff_seconds(checks + 1),
            reason=str(exc),
            reason_code="check_again",
        )
        return RunResult(delivery_id, delivery.state)
