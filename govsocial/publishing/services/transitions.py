"""The delivery state machine: every move a delivery makes, under one public name each (ADR 0004).

    scheduled → claimed → sending → published | failed | unknown
    unknown → reconciling → published (found) | scheduled (proved absent) | needs_check
    needs_check → published | scheduled | failed          (a person decides: operations.py)

The worker's side (claim, send, reconcile) is in delivery.py and reconcile.py, a person's side
in operations.py; all of them move a delivery only through these functions, so each move locks
the row, records its attempt and writes its audit record the same way whoever makes it.

Two kinds of function: those that take a `Delivery` run inside the caller's transaction on a row
the caller has locked; those that take a delivery id (the ends of a network call: published,
refused, unknown) open their own transaction and lock the row themselves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.models import User
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
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

logger = logging.getLogger("govsocial.delivery")

# A claim lapses after this long; a crashed worker's rows are then picked up (and a row left in
# `sending` becomes unknown). It must outlast one network call (GOVSOCIAL_EGRESS_TIMEOUT).
LEASE = timedelta(seconds=float(os.environ.get("GOVSOCIAL_DELIVERY_LEASE_SECONDS", "120")))
MAX_RETRYABLE_ATTEMPTS = 12
# Real Mastodon keeps an Idempotency-Key for about an hour; stay well inside it.
IDEMPOTENCY_KEY_TRUST = timedelta(minutes=45)
LONGEST_WAIT_SECONDS = 3600


@dataclass(frozen=True)
class RunResult:
    delivery_id: int
    state: str


def lease_until(now: datetime) -> datetime:
    return now + LEASE


def backoff_seconds(tries: int) -> float:
    """30 s, 60 s, 120 s, ... up to an hour: how long to wait after `tries` failed tries."""
    return float(min(30 * 2 ** max(tries - 1, 0), LONGEST_WAIT_SECONDS))


# --- Rows ---------------------------------------------------------------------------------------


def delivery_locked(delivery_id: int) -> Delivery:
    return (
        Delivery.objects.select_for_update()
        .select_related("post__organisation", "account", "version")
        .get(pk=delivery_id)
    )


def delivery_held(delivery_id: int, worker: str) -> Delivery | None:
    """The delivery, locked, if `worker` holds its lease; None if another worker took it over."""
    delivery = delivery_locked(delivery_id)
    return delivery if delivery.lease_owner == worker else None


def attempt_get(delivery_id: int, number: int) -> DeliveryAttempt:
    return DeliveryAttempt.objects.select_for_update().get(delivery_id=delivery_id, number=number)


def attempt_start(delivery: Delivery, *, kind: str, worker: str, **fields: str) -> DeliveryAttempt:
    """Records the next attempt before anything is sent: the intent is committed first."""
    delivery.attempt_count += 1
    return DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempt_count,
        kind=kind,
        idempotency_key=str(delivery.idempotency_key),
        worker=worker,
        started_at=timezone.now(),
        **fields,
    )


def attempt_finish(attempt: DeliveryAttempt, outcome: str, **fields: str) -> None:
    attempt.outcome = outcome
    attempt.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(attempt, name, value)
    attempt.save()


def lease_release(delivery: Delivery) -> None:
    delivery.lease_owner = ""
    delivery.lease_expires_at = None


# --- The network ------------------------------------------------------------------------------


def connector_open(delivery: Delivery) -> Connector:
    return connector_for_account(delivery.account)


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


# --- The record of each move ---------------------------------------------------------------------


def delivery_public_data(delivery: Delivery, **extra: object) -> dict[str, object]:
    """What every delivery's audit record carries: the post, the account and the content."""
    account = delivery.account
    return {
        "post_id": delivery.post_id,
        "version": delivery.version.number,
        "account_id": account.pk,
        "network": account.network,
        "remote_id": delivery.remote_id,
        "remote_url": delivery.remote_url,
        "content": {"text": delivery.version.text},
        **extra,
    }


def delivery_audit(
    delivery: Delivery,
    action: AuditAction,
    *,
    actor: User | None = None,
    actor_role: str = "",
    **data: object,
) -> None:
    """The delivery's audit record; with no actor it is the worker's, and names the role "system"."""
    audit_record(
        organisation=delivery.post.organisation,
        actor=actor,
        actor_role=actor_role,
        action=action,
        target=delivery,
        data=delivery_public_data(delivery, **data),
    )


def post_status_refresh(post: Post) -> None:
    """The post's status follows its deliveries: published, publishing, or needs attention."""
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


# --- Moves inside the caller's transaction ------------------------------------------------------


def mark_sending(delivery: Delivery, *, worker: str) -> int:
    """claimed → sending: commits the intent (attempt row, number, key) before the call."""
    attempt = attempt_start(delivery, kind="publish", worker=worker)
    delivery.state = DeliveryState.SENDING
    delivery.lease_expires_at = lease_until(timezone.now())
    delivery.save(update_fields=["attempt_count", "state", "lease_expires_at", "updated_at"])
    return attempt.number


def mark_unknown(delivery: Delivery, reason: str) -> None:
    """→ unknown: the network may or may not hold the post; it is checked before any re-send."""
    DeliveryAttempt.objects.filter(delivery=delivery, outcome=AttemptOutcome.SENDING).update(
        outcome=AttemptOutcome.UNKNOWN, finished_at=timezone.now(), error=reason
    )
    delivery.state = DeliveryState.UNKNOWN
    delivery.last_error = reason
    delivery.not_before = None
    lease_release(delivery)
    delivery.save()
    delivery_audit(
        delivery, AuditAction.DELIVERY_UNKNOWN, reason_code="outcome_unknown", reason=reason
    )


def mark_failed(delivery: Delivery, reason: str) -> None:
    """→ failed: the network refused the post, or the worker gave up on it."""
    delivery.state = DeliveryState.FAILED
    delivery.last_error = reason
    lease_release(delivery)
    delivery.save()
    delivery_audit(delivery, AuditAction.DELIVERY_FAILED, reason_code="refused", reason=reason)
    post_status_refresh(delivery.post)


def mark_needs_check(delivery: Delivery, reason: str) -> None:
    """→ needs_check: the network cannot prove whether the post went out; a person looks."""
    delivery.state = DeliveryState.NEEDS_CHECK
    delivery.needs_check_reason = reason
    lease_release(delivery)
    delivery.save()
    audit_record(
        organisation=delivery.post.organisation,
        actor=None,
        action=AuditAction.DELIVERY_NEEDS_CHECK,
        target=delivery,
        data={"reason": reason},
    )
    post_status_refresh(delivery.post)


def mark_rescheduled(
    delivery: Delivery, *, state: str, wait_seconds: float, reason: str, reason_code: str
) -> None:
    """→ scheduled (nothing was sent) or unknown (not yet checked), to try again after a wait."""
    delivery.state = state
    delivery.not_before = timezone.now() + timedelta(seconds=max(wait_seconds, 1))
    delivery.last_error = reason
    lease_release(delivery)
    delivery.save()
    delivery_audit(
        delivery,
        AuditAction.DELIVERY_RESCHEDULED,
        reason_code=reason_code,
        reason=reason,
        not_before=delivery.not_before.isoformat(),
    )


def mark_absent(delivery: Delivery, *, attempt: DeliveryAttempt) -> None:
    """unknown → scheduled: the network proved the post is not there, so it is sent again."""
    attempt_finish(attempt, AttemptOutcome.ABSENT)
    delivery.state = DeliveryState.SCHEDULED
    delivery.not_before = None
    lease_release(delivery)
    delivery.save()
    delivery_audit(delivery, AuditAction.DELIVERY_ABSENT, reason_code="proved_absent")


# --- Moves at the end of a network call, each in its own transaction ----------------------------


def mark_published(
    delivery_id: int, number: int, result: PublishResult, *, outcome: str
) -> RunResult:
    """→ published, once: a second confirmation of the same post changes nothing."""
    with transaction.atomic():
        delivery = delivery_locked(delivery_id)
        attempt_finish(
            attempt_get(delivery_id, number),
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
            lease_release(delivery)
            delivery.save()
            delivery_audit(delivery, AuditAction.DELIVERY_PUBLISHED)
            post_status_refresh(delivery.post)
        return RunResult(delivery_id, delivery.state)


def mark_refused(delivery_id: int, number: int, exc: Exception) -> RunResult:
    with transaction.atomic():
        delivery = delivery_locked(delivery_id)
        attempt_finish(attempt_get(delivery_id, number), AttemptOutcome.FAILED, error=str(exc))
        mark_failed(delivery, str(exc))
        return RunResult(delivery_id, delivery.state)


NotSent = Callable[[int, int, ConnectorError, float | None], RunResult]


def publish_and_record(
    delivery_id: int,
    number: int,
    connector: Connector,
    request: PublishRequest,
    *,
    not_sent: NotSent,
    outcome: str,
) -> RunResult:
    """Sends with the key of the intent already committed, and records how the call ended.

    Published (with `outcome`), refused, unknown (anything after the request left), or, when
    the network proved nothing was published (rate limited, down), whatever `not_sent` does.
    """
    fault_point("before_call")
    try:
        with connector:
            result = connector.publish(request)
    except RateLimited as exc:
        return not_sent(delivery_id, number, exc, exc.retry_after)
    except PlatformDown as exc:
        return not_sent(delivery_id, number, exc, None)
    except (AuthExpired, BadRequest) as exc:
        return mark_refused(delivery_id, number, exc)
    except Exception as exc:  # OutcomeUnknown, and anything unexpected after the request left
        logger.warning("delivery.outcome_unknown id=%s error=%s", delivery_id, exc)
        return mark_outcome_unknown(delivery_id, number, exc)
    fault_point("after_call_before_commit")
    state = mark_published(delivery_id, number, result, outcome=outcome)
    fault_point("after_commit")
    return state


def mark_outcome_unknown(delivery_id: int, number: int, exc: BaseException) -> RunResult:
    with transaction.atomic():
        delivery = delivery_locked(delivery_id)
        attempt_finish(attempt_get(delivery_id, number), AttemptOutcome.UNKNOWN, error=str(exc))
        mark_unknown(delivery, f"outcome unknown: {exc}")
        return RunResult(delivery_id, delivery.state)
