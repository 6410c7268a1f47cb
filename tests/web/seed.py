"""Many rows at once for the list and query-count tests: every list a page or endpoint shows.

Rows are bulk-inserted, not made through the services: these tests are about reading lists,
and the services (checks, audit, the public log) are specified elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import membership_grant
from govsocial.channels.models import Network, OfficialAccount
from govsocial.inbox.models import (
    InboundItem,
    InboxReply,
    InternalNote,
    ModerationAction,
    ModerationKind,
    ModerationReason,
    ReplyState,
)
from govsocial.publishing.models import (
    Approval,
    ApprovalDecision,
    Delivery,
    DeliveryState,
    Post,
    PostStatus,
    PostVersion,
)
from govsocial.records.events import AuditAction
from govsocial.records.models import AuditRecord
from govsocial.records.services import audit_record

LONG_AGO = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Desk:
    organisation: Organisation
    user: User  # holds every role, so every page and endpoint answers
    account: OfficialAccount


def desk_with_every_role(organisation: Organisation, user: User) -> Desk:
    for role in Role.values:
        membership_grant(organisation=organisation, user=user, role=role)
    account = OfficialAccount.objects.create(
        organisation=organisation,
        network=Network.MASTODON,
        handle="@dept@social.example",
        owning_unit="Digital",
        named_owner=user,
        two_factor_confirmed=True,
    )
    return Desk(organisation=organisation, user=user, account=account)


def seed_posts(
    desk: Desk, n: int, *, status: str = PostStatus.DRAFT, title: str = "Post"
) -> list[Post]:
    posts = Post.objects.bulk_create(
        Post(organisation=desk.organisation, author=desk.user, title=f"{title} {i}", status=status)
        for i in range(n)
    )
    PostVersion.objects.bulk_create(
        PostVersion(post=post, number=1, text=f"Text of {post.title}", created_by=desk.user)
        for post in posts
    )
    Post.accounts.through.objects.bulk_create(
        Post.accounts.through(post=post, officialaccount=desk.account) for post in posts
    )
    return posts


def seed_deliveries_needing_check(desk: Desk, n: int) -> list[Delivery]:
    posts = seed_posts(desk, n, status=PostStatus.PUBLISHED, title="Unconfirmed")
    versions = {v.post_id: v for v in PostVersion.objects.filter(post__in=posts)}
    return Delivery.objects.bulk_create(
        Delivery(
            post=post,
            account=desk.account,
            version=versions[post.pk],
            state=DeliveryState.NEEDS_CHECK,
            due_at=LONG_AGO + timedelta(minutes=i),
            needs_check_reason="The network did not answer.",
        )
        for i, post in enumerate(posts)
    )


def seed_inbox(desk: Desk, n: int, *, prefix: str = "m") -> list[InboundItem]:
    """Open items, each past its response target, so they are also breaches."""
    return InboundItem.objects.bulk_create(
        InboundItem(
            organisation=desk.organisation,
            account=desk.account,
            remote_id=f"{prefix}{i}",
            kind="mention",
            author_handle=f"citizen{i}@social.example",
            received_at=LONG_AGO + timedelta(minutes=i),
            sla_due_at=LONG_AGO + timedelta(hours=1, minutes=i),
            original_text=f"Message {prefix}{i}",
            redacted_text=f"Message {prefix}{i}",
            assignee=desk.user if i % 2 else None,
        )
        for i in range(n)
    )


def seed_audit(desk: Desk, n: int) -> list[AuditRecord]:
    return AuditRecord.objects.bulk_create(
        AuditRecord(
            organisation=desk.organisation,
            actor=desk.user,
            action="post.create",
            target_type="publishing.post",
            target_id=str(i),
        )
        for i in range(n)
    )


def seed_public_log(desk: Desk, n: int) -> None:
    """Public records written as a service writes them, so each becomes a log entry."""
    for post in seed_posts(desk, n, status=PostStatus.PUBLISHED, title="Logged"):
        with transaction.atomic():
            audit_record(
                organisation=desk.organisation,
                actor=desk.user,
                action=AuditAction("delivery.published"),
                target=post,
                data={"account_id": desk.account.pk, "network": desk.account.network},
            )


def seed_post_history(desk: Desk, post: Post, n: int) -> None:
    """n more versions, approvals and deliveries (to n more accounts) on one post."""
    first = post.versions.count() + 1
    versions = PostVersion.objects.bulk_create(
        PostVersion(post=post, number=first + i, text=f"Version {first + i}", created_by=desk.user)
        for i in range(n)
    )
    Approval.objects.bulk_create(
        Approval(
            post=post,
            version=version,
            approver=desk.user,
            approver_role=Role.REVIEWER,
            decision=ApprovalDecision.RETURNED,
            comments="Shorter, please.",
        )
        for version in versions
    )
    accounts = OfficialAccount.objects.bulk_create(
        OfficialAccount(
            organisation=desk.organisation,
            network=Network.MASTODON,
            handle=f"@team{first + i}@social.example",
            owning_unit="Digital",
            named_owner=desk.user,
        )
        for i in range(n)
    )
    post.accounts.add(*accounts)
    Delivery.objects.bulk_create(
        Delivery(
            post=post,
            account=account,
            version=versions[-1],
            state=DeliveryState.PUBLISHED,
            due_at=LONG_AGO,
        )
        for account in accounts
    )


def seed_item_history(desk: Desk, item: InboundItem, n: int) -> None:
    """n notes, replies and moderation actions on one inbox item."""
    InboxReply.objects.bulk_create(
        InboxReply(item=item, author=desk.user, text=f"Reply {i}", state=ReplyState.DRAFT)
        for i in range(n)
    )
    InternalNote.objects.bulk_create(
        InternalNote(item=item, author=desk.user, text=f"Note {i}") for i in range(n)
    )
    ModerationAction.objects.bulk_create(
        ModerationAction(
            organisation=desk.organisation,
            item=item,
            actor=desk.user,
            kind=ModerationKind.HIDE,
            reason_code=ModerationReason.SPAM,
            captured_at=LONG_AGO,
        )
        for _ in range(n)
    )
