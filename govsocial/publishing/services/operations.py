"""What people do to deliveries: decide a "needs check", re-send a refused one, edit or delete
a published post on the network. Each is recorded the same way as the worker's attempts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.models import User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import role_acting_as, user_can
from govsocial.connectors.base import Capability, Connector, EditRequest
from govsocial.connectors.errors import ConnectorError, OutcomeUnknown
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.publishing.models import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    PostStatus,
    PostVersion,
)
from govsocial.publishing.selectors import post_latest_version
from govsocial.publishing.services.transitions import (
    attempt_finish,
    attempt_get,
    attempt_start,
    connector_open,
    delivery_audit,
    delivery_locked,
    post_status_refresh,
)
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

RESOLUTIONS = ("published", "not_published", "give_up")


def _require_publisher(actor: User, delivery: Delivery) -> str:
    if not user_can(
        user=actor,
        action=Action.PUBLISH,
        organisation=delivery.post.organisation,
        account=delivery.account,
    ):
        raise PermissionDenied("Only a publisher for this account can do that.")
    return role_acting_as(
        user=actor, organisation=delivery.post.organisation, actions=(Action.PUBLISH,)
    )


def _person(actor: User) -> str:
    """How a person's attempt names who made it, beside the workers' names."""
    return f"person:{actor.get_username()}"


@transaction.atomic
def delivery_resolve(
    *,
    delivery: Delivery,
    actor: User,
    resolution: str,
    remote_url: str = "",
    remote_id: str = "",
    note: str = "",
) -> Delivery:
    """A person decides a delivery the network could not confirm.

    "published": it is on the network (give its address); "not_published": it is not, so send
    it again; "give_up": do not send it.
    """
    role = _require_publisher(actor, delivery)
    delivery = delivery_locked(delivery.pk)
    if delivery.state != DeliveryState.NEEDS_CHECK:
        raise ApplicationError(
            f"This delivery is {delivery.get_state_display().lower()}, not waiting for a check."
        )
    if resolution not in RESOLUTIONS:
        raise ApplicationError(
            f"Choose what happened: {', '.join(RESOLUTIONS)}.", field="resolution"
        )
    action = _apply_resolution(
        delivery, resolution=resolution, remote_url=remote_url, remote_id=remote_id, note=note
    )
    attempt_start(
        delivery,
        kind="resolve",
        worker=_person(actor),
        outcome=AttemptOutcome.RESOLVED,
        remote_id=delivery.remote_id,
        remote_url=delivery.remote_url,
        error=f"{resolution}: {note}".strip(": "),
    )
    delivery.needs_check_reason = ""
    delivery.save()
    delivery_audit(
        delivery,
        action,
        actor=actor,
        actor_role=role,
        resolution=resolution,
        note=note,
        reason_code="resolved_by_person",
    )
    post_status_refresh(delivery.post)
    return delivery


def _apply_resolution(
    delivery: Delivery, *, resolution: str, remote_url: str, remote_id: str, note: str
) -> AuditAction:
    """Moves the delivery to what the person found; returns the action that records it."""
    if resolution == "published":
        if not (remote_url.strip() or remote_id.strip()):
            raise ApplicationError(
                "Give the address of the post on the network, so the record links to it.",
                field="remote_url",
            )
        if remote_url and not remote_url.startswith(("https://", "http://")):
            raise ApplicationError("The address must start with https://.", field="remote_url")
        delivery.remote_url = remote_url.strip()[:500]
        delivery.remote_id = remote_id.strip() or remote_url.strip().rstrip("/").rsplit("/", 1)[-1]
        delivery.state = DeliveryState.PUBLISHED
        delivery.published_at = timezone.now()
        return AuditAction.DELIVERY_PUBLISHED
    if resolution == "not_published":
        delivery.state = DeliveryState.SCHEDULED
        delivery.not_before = None
        delivery.due_at = min(delivery.due_at, timezone.now())
        return AuditAction.DELIVERY_RESEND
    delivery.state = DeliveryState.FAILED
    delivery.last_error = note or "a person decided not to send it"
    return AuditAction.DELIVERY_FAILED


@transaction.atomic
def delivery_retry(*, delivery: Delivery, actor: User) -> Delivery:
    """Sends a failed delivery again: only when no attempt could have reached the network."""
    role = _require_publisher(actor, delivery)
    delivery = (
        Delivery.objects.select_for_update()
        .select_related("post", "account", "version")
        .get(pk=delivery.pk)
    )
    if delivery.state != DeliveryState.FAILED:
        raise ApplicationError("Only a failed delivery can be sent again.")
    risky = delivery.attempts.exclude(
        outcome__in=[
            AttemptOutcome.FAILED,
            AttemptOutcome.RETRYABLE,
            AttemptOutcome.RESOLVED,
            AttemptOutcome.ABSENT,
        ]
    )
    if risky.exists():
        raise ApplicationError(
            "An earlier attempt may have reached the network, so re-sending could post twice. "
            "Check the account on the network first."
        )
    delivery.state = DeliveryState.SCHEDULED
    delivery.not_before = None
    delivery.due_at = timezone.now()
    delivery.last_error = ""
    delivery.save()
    delivery.post.status = PostStatus.PUBLISHING
    delivery.post.save(update_fields=["status", "updated_at"])
    audit_record(
        organisation=delivery.post.organisation,
        actor=actor,
        actor_role=role,
        action=AuditAction.DELIVERY_RETRY,
        target=delivery,
        data={"account_id": delivery.account_id},
    )
    return delivery


def _remote_change(delivery: Delivery, actor: User, kind: str, reason: str) -> Delivery:
    """Edit or delete a published post on the network: record the attempt, call, record the end."""
    role = _require_publisher(actor, delivery)
    with transaction.atomic():
        delivery = delivery_locked(delivery.pk)
        connector = connector_open(delivery)
        version = _changeable(delivery, connector, kind)
        attempt = attempt_start(delivery, kind=kind, worker=_person(actor))
        delivery.save(update_fields=["attempt_count", "updated_at"])
    try:
        with connector:
            if kind == "edit":
                result = connector.edit(delivery.remote_id, EditRequest(text=version.text))
            else:
                connector.delete(delivery.remote_id)
                result = None
    except OutcomeUnknown as exc:
        _attempt_ended(attempt, AttemptOutcome.UNKNOWN, error=str(exc))
        raise ApplicationError(
            f"The network did not confirm the {kind}: {exc}. Check the post on the network "
            "before trying again."
        ) from None
    except ConnectorError as exc:
        _attempt_ended(attempt, AttemptOutcome.FAILED, error=str(exc))
        raise ApplicationError(f"The network refused the {kind}: {exc}") from None
    with transaction.atomic():
        delivery = delivery_locked(delivery.pk)
        if result is not None:
            attempt_finish(
                attempt_get(delivery.pk, attempt.number),
                AttemptOutcome.PUBLISHED,
                remote_id=result.remote_id,
                remote_url=result.url[:500],
            )
            delivery.version = version
            delivery.save(update_fields=["version", "updated_at"])
            action = AuditAction.DELIVERY_EDITED
        else:
            attempt_finish(attempt_get(delivery.pk, attempt.number), AttemptOutcome.PUBLISHED)
            delivery.state = DeliveryState.DELETED
            delivery.save(update_fields=["state", "updated_at"])
            action = AuditAction.DELIVERY_DELETED
        delivery_audit(
            delivery,
            action,
            actor=actor,
            actor_role=role,
            reason_code=reason or kind,
            reason=reason,
        )
    return delivery


def _changeable(delivery: Delivery, connector: Connector, kind: str) -> PostVersion:
    """The version to push, after checking the network allows the change and it is approved."""
    if delivery.state != DeliveryState.PUBLISHED or not delivery.remote_id:
        raise ApplicationError("Only a published post can be changed on the network.")
    needed = Capability.EDIT if kind == "edit" else Capability.DELETE
    if needed not in connector.capabilities:
        raise ApplicationError(
            f"{connector.display_name} does not let us {kind} a post; do it on the network "
            "itself and record it here."
        )
    version = delivery.post.approved_version
    if kind != "edit":
        return delivery.version
    if version is None or version.pk == delivery.version_id:
        raise ApplicationError(
            "Edit the post and have the new version approved first; then push the edit."
        )
    if post_latest_version(post=delivery.post).pk != version.pk:
        raise ApplicationError("The latest version is not approved yet.")
    return version


def _attempt_ended(attempt: DeliveryAttempt, outcome: str, *, error: str) -> None:
    with transaction.atomic():
        attempt_finish(attempt_get(attempt.delivery_id, attempt.number), outcome, error=error)


def delivery_edit_remote(*, delivery: Delivery, actor: User) -> Delivery:
    """Pushes the post's newly approved version to the network, where the network allows edits."""
    return _remote_change(delivery, actor, "edit", "")


def delivery_delete_remote(*, delivery: Delivery, actor: User, reason: str) -> Delivery:
    """Deletes the post on the network. Our record of it is kept (FOIA s.77)."""
    if len(reason.strip()) < 5:
        raise ApplicationError("Say why the post is being deleted.", field="reason")
    return _remote_change(delivery, actor, "delete", reason.strip())
