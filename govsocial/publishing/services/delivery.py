"""Exactly-once delivery, the worker's side (ADR 0004): claim due rows, send, and hand unknown
outcomes to reconciliation. The states and every move between them are in transitions.py.

The intent (attempt row, attempt number, idempotency key) is committed *before* the network
call, so a crash after it leaves `sending`, which means unknown, never "retry". An unknown is
reconciled with the network before anything is sent again; when absence cannot be proved, a
person decides in the "needs check" queue. Every attempt is its own row, never overwritten.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from govsocial.connectors.errors import (
    ConnectorError,
    RateLimited,
)
from govsocial.core.errors import ApplicationError
from govsocial.publishing.faults import fault_point
from govsocial.publishing.models import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    PostStatus,
)
from govsocial.publishing.services.reconcile import reconcile
from govsocial.publishing.services.transitions import (
    MAX_RETRYABLE_ATTEMPTS,
    RunResult,
    attempt_finish,
    attempt_get,
    backoff_seconds,
    connector_open,
    delivery_held,
    delivery_locked,
    lease_until,
    mark_failed,
    mark_rescheduled,
    mark_sending,
    mark_unknown,
    publish_and_record,
    publish_request,
)

logger = logging.getLogger("govsocial.delivery")


def deliveries_due(now: datetime) -> QuerySet[Delivery]:
    """Rows a worker may claim now: due, waiting out no back-off, and held by no live lease."""
    waiting = Q(not_before__isnull=True) | Q(not_before__lte=now)
    lease_gone = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)
    return Delivery.objects.filter(
        (Q(state=DeliveryState.SCHEDULED, due_at__lte=now) & waiting)
        | (Q(state=DeliveryState.UNKNOWN) & waiting)
        | (Q(state__in=[DeliveryState.CLAIMED, DeliveryState.RECONCILING]) & lease_gone)
        | (Q(state=DeliveryState.SENDING) & lease_gone)
    )


def deliveries_claim(*, worker: str, now: datetime | None = None, limit: int = 10) -> list[int]:
    """Claims due deliveries with a lease. Several workers on several hosts may call this at once."""
    now = now or timezone.now()
    fault_point("before_claim")
    with transaction.atomic():
        rows = deliveries_due(now).order_by("due_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        claimed = []
        for delivery in rows[:limit]:
            if delivery.state == DeliveryState.SENDING:
                # Its worker died after committing the intent: the outcome is unknown.
                mark_unknown(delivery, "the worker stopped while the post was being sent")
            if delivery.state in {DeliveryState.UNKNOWN, DeliveryState.RECONCILING}:
                delivery.state = DeliveryState.RECONCILING
            else:
                delivery.state = DeliveryState.CLAIMED
            delivery.lease_owner = worker
            delivery.lease_expires_at = lease_until(now)
            delivery.save(update_fields=["state", "lease_owner", "lease_expires_at", "updated_at"])
            claimed.append(delivery.pk)
    fault_point("after_claim")
    return claimed


def delivery_run(*, delivery_id: int, worker: str) -> RunResult:
    """Sends or reconciles one claimed delivery."""
    with transaction.atomic():
        delivery = delivery_held(delivery_id, worker)
        if delivery is None:
            state = Delivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first()
            return RunResult(delivery_id, state or "")
        reconciling = delivery.state == DeliveryState.RECONCILING
    if reconciling:
        return reconcile(delivery_id, worker)
    return _send(delivery_id, worker)


def _send(delivery_id: int, worker: str) -> RunResult:
    with transaction.atomic():
        delivery = delivery_held(delivery_id, worker)
        if delivery is None or delivery.state != DeliveryState.CLAIMED:
            return RunResult(delivery_id, delivery.state if delivery else "")
        if delivery.post.status == PostStatus.CANCELLED:
            delivery.state = DeliveryState.CANCELLED
            delivery.save(update_fields=["state", "updated_at"])
            return RunResult(delivery_id, delivery.state)
        try:
            connector = connector_open(delivery)
            request = publish_request(delivery)
        except (ConnectorError, ApplicationError, ValueError, OSError) as exc:
            mark_failed(delivery, f"cannot send: {exc}")
            return RunResult(delivery_id, delivery.state)
        number = mark_sending(delivery, worker=worker)
    # The intent is committed: from here a crash means "unknown", never "retry".
    return publish_and_record(
        delivery_id,
        number,
        connector,
        request,
        not_sent=_not_sent,
        outcome=AttemptOutcome.PUBLISHED,
    )


def _not_sent(
    delivery_id: int, number: int, exc: ConnectorError, retry_after: float | None
) -> RunResult:
    """The network proved nothing was published: wait and send again, with the same key."""
    with transaction.atomic():
        delivery = delivery_locked(delivery_id)
        attempt_finish(attempt_get(delivery_id, number), AttemptOutcome.RETRYABLE, error=str(exc))
        retryable = DeliveryAttempt.objects.filter(
            delivery=delivery, outcome=AttemptOutcome.RETRYABLE
        ).count()
        if retryable >= MAX_RETRYABLE_ATTEMPTS:
            mark_failed(delivery, f"gave up after {retryable} attempts: {exc}")
            return RunResult(delivery_id, delivery.state)
        mark_rescheduled(
            delivery,
            state=DeliveryState.SCHEDULED,
            wait_seconds=retry_after if retry_after is not None else backoff_seconds(retryable),
            reason=str(exc),
            reason_code="rate_limited" if isinstance(exc, RateLimited) else "network_down",
        )
        return RunResult(delivery_id, delivery.state)


def scheduler_tick(*, worker: str, limit: int = 5) -> list[RunResult]:
    """One pass of the scheduler: claim what is due and deliver it."""
    results = []
    for delivery_id in deliveries_claim(worker=worker, limit=limit):
        try:
            results.append(delivery_run(delivery_id=delivery_id, worker=worker))
        except Exception:
            # The row keeps its lease; when it lapses the next pass picks it up safely.
            logger.exception("delivery.run_failed id=%s", delivery_id)
    return results
