"""Scheduling approved posts: one delivery per (post, account), and cancelling them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.models import User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import role_acting_as, user_can
from govsocial.channels.models import OfficialAccount
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.publishing.checking import check_for_accounts, findings_with
from govsocial.publishing.models import (
    Delivery,
    DeliveryState,
    Post,
    PostStatus,
    PostVersion,
)
from govsocial.publishing.selectors import post_latest_version
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

# A time a few seconds in the past is "now": forms and clocks disagree by that much.
PAST_TOLERANCE = timedelta(minutes=1)
MAX_AHEAD = timedelta(days=366)


@transaction.atomic
def post_schedule(*, post: Post, actor: User, at: datetime | None = None) -> list[Delivery]:
    """Schedules the approved version to every account of the post. `at=None` means now."""
    if not user_can(user=actor, action=Action.PUBLISH, organisation=post.organisation):
        raise PermissionDenied("Your role does not let you schedule or publish posts.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    version = _approved_version(post)
    due = _due_moment(at)
    accounts = list(post.accounts.filter(is_active=True))
    if not accounts:
        raise ApplicationError("None of the post's accounts is in the register any more.")
    _refuse_blocked_at(post, version, accounts, due)
    role = role_acting_as(user=actor, organisation=post.organisation, actions=(Action.PUBLISH,))
    deliveries = []
    for account in accounts:
        deliveries.append(_delivery_scheduled(post, version, account, due))
        audit_record(
            organisation=post.organisation,
            actor=actor,
            actor_role=role,
            action=AuditAction.POST_SCHEDULE,
            target=post,
            data={
                "version": version.number,
                "account_id": account.pk,
                "network": account.network,
                "due_at": due.isoformat(),
                "content": {"text": version.text},
            },
        )
    post.status = PostStatus.SCHEDULED
    post.scheduled_at = due
    post.save(update_fields=["status", "scheduled_at", "updated_at"])
    return deliveries


def _approved_version(post: Post) -> PostVersion:
    if post.status != PostStatus.APPROVED or post.approved_version is None:
        raise ApplicationError(
            f"Only an approved post can be scheduled; this one is "
            f"{post.get_status_display().lower()}. Submit it for approval first."
        )
    if post_latest_version(post=post).pk != post.approved_version_id:
        raise ApplicationError("The post changed after approval; it needs approval again.")
    return post.approved_version


def _due_moment(at: datetime | None) -> datetime:
    now = timezone.now()
    due = at or now
    if timezone.is_naive(due):
        raise ApplicationError("Give the time with its time zone, e.g. 2027-01-05T09:00+00:00.")
    if due < now - PAST_TOLERANCE:
        raise ApplicationError("That time has passed. Choose a time in the future.", field="at")
    if due > now + MAX_AHEAD:
        raise ApplicationError("Schedule posts at most a year ahead.", field="at")
    return due


def _refuse_blocked_at(
    post: Post, version: PostVersion, accounts: list[OfficialAccount], due: datetime
) -> None:
    """Checked again for the moment it goes out: an election period may start in between."""
    reports = check_for_accounts(
        text=version.text,
        accounts=accounts,
        tags=list(version.tags),
        risk_class=post.risk_class,
        media=list(version.media.all()),
        parliamentary_reference=version.parliamentary_reference,
        parliamentary_reference_at=version.parliamentary_reference_at,
        at=due,
        in_reply_to=post.in_reply_to_remote_id,
        campaign_code=version.campaign_code,
        kind=post.kind,
    )
    blocks = findings_with(reports, "block")
    if blocks:
        raise ApplicationError(
            "The post cannot go out at that time: "
            + " ".join(f"{f['rule']}: {f['message']}" for f in blocks)
        )


def _delivery_scheduled(
    post: Post, version: PostVersion, account: OfficialAccount, due: datetime
) -> Delivery:
    """One delivery per (post, account): a new one, or a cancelled or scheduled one reused."""
    delivery, created = Delivery.objects.get_or_create(
        post=post,
        account=account,
        defaults={"version": version, "due_at": due, "state": DeliveryState.SCHEDULED},
    )
    if not created:
        if delivery.state not in {DeliveryState.CANCELLED, DeliveryState.SCHEDULED}:
            raise ApplicationError(
                f"The delivery to {account} is already {delivery.get_state_display().lower()}."
            )
        delivery.version = version
        delivery.due_at = due
        delivery.state = DeliveryState.SCHEDULED
        delivery.not_before = None
        delivery.save()
    return delivery


@transaction.atomic
def post_cancel(*, post: Post, actor: User, reason: str = "") -> Post:
    """Cancels every delivery that has not started. A post already sent must be deleted instead."""
    if not (
        user_can(user=actor, action=Action.PUBLISH, organisation=post.organisation)
        or actor.pk == post.author_id
    ):
        raise PermissionDenied("Only a publisher or the author can cancel a post.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status in {PostStatus.PUBLISHED, PostStatus.CANCELLED}:
        raise ApplicationError(f"This post is already {post.get_status_display().lower()}.")
    deliveries = list(Delivery.objects.select_for_update().filter(post=post))
    in_flight = [
        d
        for d in deliveries
        if d.state not in {DeliveryState.SCHEDULED, DeliveryState.CANCELLED, DeliveryState.FAILED}
    ]
    if in_flight:
        raise ApplicationError(
            "Some deliveries have already started ("
            + ", ".join(f"{d.account}: {d.get_state_display().lower()}" for d in in_flight)
            + "). Wait for them, then delete the published copies instead."
        )
    for delivery in deliveries:
        if delivery.state == DeliveryState.SCHEDULED:
            delivery.state = DeliveryState.CANCELLED
            delivery.save(update_fields=["state", "updated_at"])
            audit_record(
                organisation=post.organisation,
                actor=actor,
                action=AuditAction.POST_CANCEL,
                target=post,
                data={
                    "account_id": delivery.account_id,
                    "network": delivery.account.network,
                    "reason_code": "cancelled",
                    "reason": reason,
                },
            )
    post.status = PostStatus.CANCELLED
    post.save(update_fields=["status", "updated_at"])
    if not deliveries:
        audit_record(
            organisation=post.organisation,
            actor=actor,
            action=AuditAction.POST_WITHDRAW,
            target=post,
            data={"reason": reason},
        )
    return post
