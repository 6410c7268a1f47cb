from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.publishing.checking import findings_with
from govsocial.publishing.models import (
    Delivery,
    DeliveryState,
    Post,
    PostStatus,
    PostVersion,
    RiskClass,
)

OVERDUE_AFTER = timedelta(minutes=5)
SENIOR_RISK_CLASSES = {
    RiskClass.MINISTERIAL,
    RiskClass.ANNOUNCEMENT,
    RiskClass.ELECTION,
    RiskClass.CRISIS,
}


def post_list(*, organisation: Organisation, status: str | None = None) -> QuerySet[Post]:
    posts = (
        Post.objects.filter(organisation=organisation)
        .select_related("author")
        .prefetch_related("accounts")
    )
    if status:
        posts = posts.filter(status=status)
    return posts


def recent_posts(*, organisation: Organisation, limit: int = 5) -> list[Post]:
    """The posts changed last, newest first: titles and statuses only (for the dashboard)."""
    return list(
        Post.objects.filter(organisation=organisation)
        .only("id", "title", "status", "updated_at")
        .order_by("-updated_at", "id")[:limit]
    )


def post_status_counts(*, organisation: Organisation) -> dict[str, int]:
    """How many of the organisation's posts are in each status, in one query (0 for none)."""
    counts = dict.fromkeys(PostStatus.values, 0)
    counts.update(
        Post.objects.filter(organisation=organisation)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
        .order_by()
    )
    return counts


def post_list_with_deliveries(
    *, organisation: Organisation, status: str | None = None
) -> QuerySet[Post]:
    """Posts with their deliveries and each delivery's account, read in two more queries."""
    return post_list(organisation=organisation, status=status).prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.select_related("account"))
    )


def post_get(*, organisation: Organisation, pk: int) -> Post | None:
    return post_list(organisation=organisation).filter(pk=pk).first()


def post_latest_version(*, post: Post) -> PostVersion:
    version = post.versions.order_by("-number").first()
    assert version is not None, "every post has a first version"
    return version


def post_latest_versions(*, posts: list[Post]) -> dict[int, PostVersion]:
    """Each post's latest version by post id, in one query (for lists)."""
    latest = (
        PostVersion.objects.filter(post=OuterRef("post")).order_by("-number").values("number")[:1]
    )
    versions = PostVersion.objects.filter(post__in=posts, number=Subquery(latest))
    return {version.post_id: version for version in versions}


def unresolved_warnings(*, version: PostVersion) -> list[str]:
    """Rules that warned on this version and have no written reason for overriding them."""
    overridden = set(version.overrides.values_list("rule", flat=True))
    return sorted({f["rule"] for f in findings_with(version.check_reports, "warn")} - overridden)


def required_approval(*, post: Post, version: PostVersion) -> str:
    """The action an approver needs: the senior approver for risky classes or any escalation."""
    if post.risk_class in SENIOR_RISK_CLASSES or findings_with(version.check_reports, "escalate"):
        return Action.APPROVE_SENIOR
    return Action.REVIEW


def approval_blockers(*, version: PostVersion) -> list[str]:
    """Why this version cannot go forward yet, in words an author can act on."""
    problems = [
        f"{f['rule']}: {f['message']}" for f in findings_with(version.check_reports, "block")
    ]
    problems += [
        f"{rule}: give a reason for overriding this warning, or change the post"
        for rule in unresolved_warnings(version=version)
    ]
    return problems


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
