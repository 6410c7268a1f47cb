"""Exactly-once delivery (ADR 0004).

A delivery moves scheduled → claimed → sending → published | failed | unknown → reconciling.
The intent (attempt row, attempt number, idempotency key) is committed *before* the network
call, so a crash after it leaves `sending`, which means unknown, never "retry". An unknown is
reconciled with the network before anything is sent again; when absence cannot be proved, a
person decides in the "needs check" queue. Every attempt is its own row, never overwritten.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from govsocial.channels.services import connector_for_account
from govsocial.connectors.base import (
    Connector,
    MediaItem,
    MediaKind,
    PublishRequest,
    PublishResult,
    content_marker,
)
from govsocial.connectors.errors import (
    AuthExpired,
    BadRequest,
    ConnectorError,
    PlatformDown,
    RateLimited,
)
from govsocial.core.errors import ApplicationError
from govsocial.publishing.faults import fault_point
from govsocial.publishing.media import signed_media_url
from govsocial.publishing.models import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    Post,
    PostStatus,
)
from govsocial.records.services import audit_record

logger = logging.getLogger("govsocial.delivery")

# A claim lapses after this long; a crashed worker's rows are then picked up (and a row left in
# `sending` becomes unknown). It must outlast one network call (GOVSOCIAL_EGRESS_TIMEOUT).
LEASE = timedelta(seconds=float(os.environ.get("GOVSOCIAL_DELIVERY_LEASE_SECONDS", "120")))
MAX_RETRYABLE_ATTEMPTS = 12
# Real Mastodon keeps an Idempotency-Key for about an hour; stay well inside it.
IDEMPOTENCY_KEY_TRUST = timedelta(minutes=45)
SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class RunResult:
    delivery_id: int
    state: str


def _lease_until(now: datetime) -> datetime:
    return now + LEASE


def _due(now: datetime) -> QuerySet[Delivery]:
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
        rows = _due(now).order_by("due_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        claimed = []
        for delivery in rows[:limit]:
            if delivery.state == DeliveryState.SENDING:
                # Its worker died after committing the intent: the outcome is unknown.
                _mark_unknown(delivery, "the worker stopped while the post was being sent")
            if delivery.state in {DeliveryState.UNKNOWN, DeliveryState.RECONCILING}:
                delivery.state = DeliveryState.RECONCILING
            else:
                delivery.state = DeliveryState.CLAIMED
            delivery.lease_owner = worker
            delivery.lease_expires_at = _lease_until(now)
            delivery.save(update_fields=["state", "lease_owner", "lease_expires_at", "updated_at"])
            claimed.append(delivery.pk)
    fault_point("after_claim")
    return claimed


def _mark_unknown(delivery: Delivery, reason: str) -> None:
    DeliveryAttempt.objects.filter(delivery=delivery, outcome=AttemptOutcome.SENDING).update(
        outcome=AttemptOutcome.UNKNOWN, finished_at=timezone.now(), error=reason
    )
    delivery.state = DeliveryState.UNKNOWN
    delivery.last_error = reason
    delivery.not_before = None
    delivery.save(update_fields=["state", "last_error", "not_before", "updated_at"])
    _audit(delivery, "delivery.unknown", reason_code="outcome_unknown", reason=reason)


def _audit(delivery: Delivery, action: str, **data: object) -> None:
    account = delivery.account
    audit_record(
        organisation=delivery.post.organisation,
        actor=None,
        actor_role=SYSTEM_ROLE,
        action=action,
        target=delivery,
        data={
            "post_id": delivery.post_id,
            "version": delivery.version.number,
            "account_id": account.pk,
            "network": account.network,
            "remote_id": delivery.remote_id,
            "remote_url": delivery.remote_url,
            "content": {"text": delivery.version.text},
            **data,
        },
    )


def _held(delivery_id: int, worker: str) -> Delivery | None:
    delivery = (
        Delivery.objects.select_for_update()
        .select_related("post__organisation", "account", "version")
        .get(pk=delivery_id)
    )
    return delivery if delivery.lease_owner == worker else None


def publish_request(delivery: Delivery) -> PublishRequest:
    version = delivery.version
    media = []
    for asset in version.media.all():
        with asset.file.open("rb") as handle:
            data = handle.read()
        media.append(
            MediaItem(
                kind=MediaKind(asset.kind),
                mime_type=asset.mime_type,
                alt_text=asset.alt_text,
                data=data,
                has_captions=asset.has_captions,
                filename=asset.original_name or asset.sha256[:12],
                public_url=signed_media_url(asset),
            )
        )
    return PublishRequest(
        text=version.text,
        idempotency_key=str(delivery.idempotency_key),
        marker=content_marker(version.text),
        media=tuple(media),
        in_reply_to=delivery.post.in_reply_to_remote_id or None,
    )


def delivery_run(*, delivery_id: int, worker: str) -> RunResult:
    """Sends or reconciles one claimed delivery."""
    with transaction.atomic():
        delivery = _held(delivery_id, worker)
        if delivery is None:
            state = Delivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first()
            return RunResult(delivery_id, state or "")
        reconciling = delivery.state == DeliveryState.RECONCILING
    if reconciling:
        from govsocial.publishing.services.reconcile import reconcile

        return reconcile(delivery_id, worker)
    return _send(delivery_id, worker)


def _open_connector(delivery: Delivery) -> Connector:
    return connector_for_account(delivery.account)


def _send(delivery_id: int, worker: str) -> RunResult:
    with transaction.atomic():
        delivery = _held(delivery_id, worker)
        if delivery is None or delivery.state != DeliveryState.CLAIMED:
            return RunResult(delivery_id, delivery.state if delivery else "")
        if delivery.post.status == PostStatus.CANCELLED:
            delivery.state = DeliveryState.CANCELLED
            delivery.save(update_fields=["state", "updated_at"])
            return RunResult(delivery_id, delivery.state)
        try:
            connector = _open_connector(delivery)
            request = publish_request(delivery)
        except (ConnectorError, ApplicationError, ValueError, OSError) as exc:
            _fail(delivery, f"cannot send: {exc}")
            return RunResult(delivery_id, delivery.state)
        number = delivery.attempt_count + 1
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            kind="publish",
            idempotency_key=str(delivery.idempotency_key),
            worker=worker,
            started_at=timezone.now(),
        )
        delivery.attempt_count = number
        delivery.state = DeliveryState.SENDING
        delivery.lease_expires_at = _lease_until(timezone.now())
        delivery.save(update_fields=["attempt_count", "state", "lease_expires_at", "updated_at"])
    # The intent is committed: from here a crash means "unknown", never "retry".
    fault_point("before_call")
    try:
        with connector:
            result = connector.publish(request)
    except RateLimited as exc:
        return _not_sent(delivery_id, number, exc, retry_after=exc.retry_after)
    except PlatformDown as exc:
        return _not_sent(delivery_id, number, exc, retry_after=None)
    except (AuthExpired, BadRequest) as exc:
        return _refused(delivery_id, number, exc)
    except Exception as exc:  # OutcomeUnknown, and anything unexpected after the request left
        logger.warning("delivery.outcome_unknown id=%s error=%s", delivery_id, exc)
        return _unknown(delivery_id, number, exc)
    fault_point("after_call_before_commit")
    state = _published(delivery_id, number, result, outcome=AttemptOutcome.PUBLISHED)
    fault_point("after_commit")
    return state


def _attempt(delivery_id: int, number: int) -> DeliveryAttempt:
    return DeliveryAttempt.objects.select_for_update().get(delivery_id=delivery_id, number=number)


def _finish_attempt(attempt: DeliveryAttempt, outcome: str, **fields: str) -> None:
    attempt.outcome = outcome
    attempt.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(attempt, name, value)
    attempt.save()


def _locked(delivery_id: int) -> Delivery:
    return (
        Delivery.objects.select_for_update()
        .select_related("post__organisation", "account", "version")
        .get(pk=delivery_id)
    )


def _published(delivery_id: int, number: int, result: PublishResult, *, outcome: str) -> RunResult:
    with transaction.atomic():
        delivery = _locked(delivery_id)
        _finish_attempt(
            _attempt(delivery_id, number),
            outcome,
            remote_id=result.remote_id,
            remote_url=result.url[:500],
        )
        if delivery.state != DeliveryState.PUBLISHED:
            delivery.state = DeliveryState.PUBLISHED
            delivery.remote_id = result.remote_id
            delivery.remote_url = result.url[:500]
            delivery.published_at = timezone.now()
            delivery.last_error = ""
            delivery.needs_check_reason = ""
            delivery.lease_owner = ""
            delivery.lease_expires_at = None
            delivery.save()
            _audit(delivery, "delivery.published")
            _update_post_status(delivery.post)
        return RunResult(delivery_id, delivery.state)


def _not_sent(
    delivery_id: int, number: int, exc: ConnectorError, *, retry_after: float | None
) -> RunResult:
    """The network proved nothing was published: wait and send again, with the same key."""
    with transaction.atomic():
        delivery = _locked(delivery_id)
        _finish_attempt(_attempt(delivery_id, number), AttemptOutcome.RETRYABLE, error=str(exc))
        retryable = DeliveryAttempt.objects.filter(
            delivery=delivery, outcome=AttemptOutcome.RETRYABLE
        ).count()
        if retryable >= MAX_RETRYABLE_ATTEMPTS:
            _fail(delivery, f"gave up after {retryable} attempts: {exc}")
            return RunResult(delivery_id, delivery.state)
        wait = retry_after if retry_after is not None else min(30 * 2 ** (retryable - 1), 3600)
        delivery.state = DeliveryState.SCHEDULED
        delivery.not_before = timezone.now() + timedelta(seconds=max(wait, 1))
        delivery.last_error = str(exc)
        delivery.lease_owner = ""
        delivery.lease_expires_at = None
        delivery.save()
        return RunResult(delivery_id, delivery.state)


def _refused(delivery_id: int, number: int, exc: ConnectorError) -> RunResult:
    with transaction.atomic():
        delivery = _locked(delivery_id)
        _finish_attempt(_attempt(delivery_id, number), AttemptOutcome.FAILED, error=str(exc))
        _fail(delivery, str(exc))
        return RunResult(delivery_id, delivery.state)


def _fail(delivery: Delivery, reason: str) -> None:
    delivery.state = DeliveryState.FAILED
    delivery.last_error = reason
    delivery.lease_owner = ""
    delivery.lease_expires_at = None
    delivery.save()
    _audit(delivery, "delivery.failed", reason_code="refused", reason=reason)
    _update_post_status(delivery.post)


def _unknown(delivery_id: int, number: int, exc: BaseException) -> RunResult:
    with transaction.atomic():
        delivery = _locked(delivery_id)
        _finish_attempt(_attempt(delivery_id, number), AttemptOutcome.UNKNOWN, error=str(exc))
        _mark_unknown(delivery, f"outcome unknown: {exc}")
        delivery.lease_owner = ""
        delivery.lease_expires_at = None
        delivery.save(update_fields=["lease_owner", "lease_expires_at", "updated_at"])
        return RunResult(delivery_id, delivery.state)


def _needs_check(delivery: Delivery, reason: str) -> None:
    delivery.state = DeliveryState.NEEDS_CHECK
    delivery.needs_check_reason = reason
    delivery.lease_owner = ""
    delivery.lease_expires_at = None
    delivery.save()
    audit_record(
        organisation=delivery.post.organisation,
        actor=None,
        actor_role=SYSTEM_ROLE,
        action="delivery.needs_check",
        target=delivery,
        data={"reason": reason},
    )
    _update_post_status(delivery.post)


def _update_post_status(post: Post) -> None:
    states = set(Delivery.objects.filter(post=post).values_list("state", flat=True))
    if not states or states <= {DeliveryState.CANCELLED}:
        return
    if states <= {DeliveryState.PUBLISHED, DeliveryState.CANCELLED, DeliveryState.DELETED}:
        status = PostStatus.PUBLISHED
    elif states & {DeliveryState.FAILED, DeliveryState.NEEDS_CHECK}:
        status = PostStatus.NEEDS_ATTENTION
    else:
        status = PostStatus.PUBLISHING
    Post.objects.filter(pk=post.pk).exclude(status=status).update(
        status=status, updated_at=timezone.now()
    )


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


__all__ = [
    "RunResult",
    "deliveries_claim",
    "delivery_run",
    "publish_request",
    "scheduler_tick",
]
