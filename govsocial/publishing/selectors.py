from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from govsocial.accounts.models import Organisation
from govsocial.publishing.models import Delivery, DeliveryState, Post, PostStatus, PostVersion

OVERDUE_AFTER = timedelta(minutes=5)


def post_list(*, organisation: Organisation, status: str | None = None) -> QuerySet[Post]:
    posts = (
        Post.objects.filter(organisation=organisation)
        .select_related("author")
        .prefetch_related("accounts")
    )
    if status:
        posts = posts.filter(status=status)
    return posts


def post_get(*, organisation: Organisation, pk: int) -> Post | None:
    return post_list(organisation=organisation).filter(pk=pk).first()


def post_latest_version(*, post: Post) -> PostVersion | None:
    return post.versions.order_by("-number").first()


def review_queue(*, organisation: Organisation) -> QuerySet[Post]:
    return post_list(organisation=organisation, status=PostStatus.IN_REVIEW).order_by("updated_at")


def delivery_list(*, organisation: Organisation) -> QuerySet[Delivery]:
    return Delivery.objects.filter(post__organisation=organisation).select_related(
        "post", "account", "version"
    )


def deliveries_needing_check(*, organisation: Organisation) -> QuerySet[Delivery]:
    return delivery_list(organisation=organisation).filter(state=DeliveryState.NEEDS_CHECK)


def delivery_get(*, organisation: Organisation, pk: int) -> Delivery | None:
    return delivery_list(organisation=organisation).filter(pk=pk).first()


def deliveries_overdue(
    *, organisation: Organisation, now: datetime | None = None
) -> QuerySet[Delivery]:
    """Deliveries more than 5 minutes past due that have not gone out: the worker may be down."""
    now = now or timezone.now()
    return (
        delivery_list(organisation=organisation)
        .filter(
            state__in=[DeliveryState.SCHEDULED, DeliveryState.CLAIMED],
            due_at__lt=now - OVERDUE_AFTER,
        )
        .exclude(not_before__gt=now)
    )


def calendar(*, organisation: Organisation, start: datetime, days: int = 14) -> QuerySet[Delivery]:
    return (
        delivery_list(organisation=organisation)
        .filter(due_at__gte=start, due_at__lt=start + timedelta(days=days))
        .exclude(state=DeliveryState.CANCELLED)
        .order_by("due_at")
    )
