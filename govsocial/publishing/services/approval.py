"""Submit → review → approve or return. Two people sign off every post (domain-rules b1)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.alerts import alert_raise, alerts_resolve
from govsocial.accounts.models import User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import role_acting_as, user_can
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.publishing.checking import findings_with
from govsocial.publishing.models import (
    Approval,
    ApprovalDecision,
    Post,
    PostStatus,
    PostVersion,
    RiskClass,
)
from govsocial.publishing.selectors import (
    approval_blockers,
    post_latest_version,
    required_approval,
)
from govsocial.publishing.services.scheduling import post_schedule
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

BREAK_GLASS_REVIEW_HOURS = 24


def _acting_role(actor: User, post: Post, action: str) -> str:
    return role_acting_as(user=actor, organisation=post.organisation, actions=(action,))


def _audit_for_each_account(
    post: Post,
    version: PostVersion,
    actor: User,
    role: str,
    action: AuditAction,
    **extra: str,
) -> None:
    """One record per account: each account's public log shows what was approved for it."""
    for account in post.accounts.all():
        audit_record(
            organisation=post.organisation,
            actor=actor,
            actor_role=role,
            action=action,
            target=post,
            data={
                "version": version.number,
                "account_id": account.pk,
                "network": account.network,
                **extra,
                "content": {"text": version.text},
            },
        )


@transaction.atomic
def post_submit(*, post: Post, actor: User) -> Post:
    """Sends the latest version for approval. Any BLOCK, or a WARN without a reason, stops it."""
    if not user_can(user=actor, action=Action.DRAFT, organisation=post.organisation):
        raise PermissionDenied("Your role does not let you submit posts here.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    version = post_latest_version(post=post)
    edited_after_publishing = (
        post.status == PostStatus.PUBLISHED and version.pk != post.approved_version_id
    )
    if post.status not in {PostStatus.DRAFT, PostStatus.RETURNED} and not edited_after_publishing:
        raise ApplicationError(
            f"Only a draft can be submitted; this post is {post.get_status_display().lower()}."
        )
    blockers = approval_blockers(version=version)
    if blockers:
        raise ApplicationError("The post cannot be submitted yet. " + " ".join(blockers))
    post.status = PostStatus.IN_REVIEW
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        organisation=post.organisation,
        actor=actor,
        action=AuditAction.POST_SUBMIT,
        target=post,
        data={"version": version.number, "needs": required_approval(post=post, version=version)},
    )
    return post


def _check_approver(post: Post, version: PostVersion, approver: User) -> str:
    if approver.pk == post.author_id or post.versions.filter(created_by=approver).exists():
        raise PermissionDenied(
            "You wrote this post, so you cannot approve it: a second person must sign it off."
        )
    needed = required_approval(post=post, version=version)
    if not user_can(user=approver, action=needed, organisation=post.organisation):
        who = "the senior approver" if needed == Action.APPROVE_SENIOR else "a reviewer"
        raise PermissionDenied(f"This post needs {who}; your role cannot approve it.")
    return needed


@transaction.atomic
def post_approve(*, post: Post, actor: User, version_number: int | None = None) -> Post:
    """Approves exactly the latest version. A later edit needs approval again."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != PostStatus.IN_REVIEW:
        raise ApplicationError(
            f"Only a post waiting for approval can be approved; this one is "
            f"{post.get_status_display().lower()}."
        )
    version = post_latest_version(post=post)
    if version_number is not None and version_number != version.number:
        raise ApplicationError(
            f"You approved version {version_number}, but the post has changed to version "
            f"{version.number}. Read the new text and approve again."
        )
    needed = _check_approver(post, version, actor)
    blockers = approval_blockers(version=version)
    if blockers:
        raise ApplicationError("This version cannot be approved. " + " ".join(blockers))
    role = _acting_role(actor, post, needed)
    Approval.objects.create(
        post=post,
        version=version,
        approver=actor,
        approver_role=role,
        decision=ApprovalDecision.APPROVED,
    )
    already_out = post.deliveries.filter(state="published").exists()
    # An approved edit of a published post waits to be pushed to the network from the post page.
    post.status = PostStatus.PUBLISHED if already_out else PostStatus.APPROVED
    post.approved_version = version
    post.save(update_fields=["status", "approved_version", "updated_at"])
    _audit_for_each_account(post, version, actor, role, AuditAction.POST_APPROVE)
    return post


@transaction.atomic
def post_return(*, post: Post, actor: User, comments: str) -> Post:
    """Sends the post back to its author with comments."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != PostStatus.IN_REVIEW:
        raise ApplicationError("Only a post waiting for approval can be returned.")
    if not comments.strip():
        raise ApplicationError("Say what the author should change.", field="comments")
    version = post_latest_version(post=post)
    needed = _check_approver(post, version, actor)
    Approval.objects.create(
        post=post,
        version=version,
        approver=actor,
        approver_role=_acting_role(actor, post, needed),
        decision=ApprovalDecision.RETURNED,
        comments=comments.strip(),
    )
    post.status = PostStatus.RETURNED
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        organisation=post.organisation,
        actor=actor,
        action=AuditAction.POST_RETURN,
        target=post,
        data={"version": version.number, "comments": comments.strip()},
    )
    return post


@transaction.atomic
def post_break_glass(*, post: Post, actor: User, reason: str) -> Post:
    """Crisis fast path: a duty publisher approves their own post at once, with a reason.

    BLOCK findings still stop it. The senior approvers are alerted and a review is due.
    """
    if not user_can(user=actor, action=Action.BREAK_GLASS, organisation=post.organisation):
        raise PermissionDenied("Only a duty publisher can publish at once in a crisis.")
    if len(reason.strip()) < 10:
        raise ApplicationError(
            "Say why this cannot wait for approval (at least 10 characters).", field="reason"
        )
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status in {PostStatus.PUBLISHED, PostStatus.CANCELLED, PostStatus.SCHEDULED}:
        raise ApplicationError(f"This post is already {post.get_status_display().lower()}.")
    version = post_latest_version(post=post)
    blocks = findings_with(version.check_reports, "block")
    if blocks:
        raise ApplicationError(
            "Even in a crisis a blocked post cannot go out: "
            + " ".join(f"{f['rule']}: {f['message']}" for f in blocks)
        )
    role = _acting_role(actor, post, Action.BREAK_GLASS)
    Approval.objects.create(
        post=post,
        version=version,
        approver=actor,
        approver_role=role,
        decision=ApprovalDecision.APPROVED,
        comments=f"Break-glass: {reason.strip()}",
    )
    post.status = PostStatus.APPROVED
    post.approved_version = version
    post.risk_class = RiskClass.CRISIS
    post.break_glass_reason = reason.strip()
    post.break_glass_review_due_at = timezone.now() + timedelta(hours=BREAK_GLASS_REVIEW_HOURS)
    post.save()
    alert_raise(
        organisation=post.organisation,
        for_action=Action.APPROVE_SENIOR,
        kind="break_glass",
        message=(
            f"{actor} published “{post.title}” at once without approval: {reason.strip()}. "
            f"Review it by {timezone.localtime(post.break_glass_review_due_at):%-d %B %Y, %-I:%M%p}."
        ),
        target=post,
    )
    _audit_for_each_account(
        post,
        version,
        actor,
        role,
        AuditAction.POST_BREAK_GLASS,
        reason_code="crisis",
        reason=reason.strip(),
    )
    post_schedule(post=post, actor=actor, at=None)
    post.refresh_from_db()
    return post


@transaction.atomic
def post_break_glass_review(*, post: Post, actor: User, comments: str = "") -> Post:
    if not user_can(user=actor, action=Action.APPROVE_SENIOR, organisation=post.organisation):
        raise PermissionDenied("Only a senior approver can review a break-glass post.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.break_glass_reason or post.break_glass_reviewed_at:
        raise ApplicationError("This post has no break-glass review outstanding.")
    post.break_glass_reviewed_at = timezone.now()
    post.save(update_fields=["break_glass_reviewed_at", "updated_at"])
    alerts_resolve(organisation=post.organisation, kind="break_glass", target=post)
    audit_record(
        organisation=post.organisation,
        actor=actor,
        action=AuditAction.POST_BREAK_GLASS_REVIEW,
        target=post,
        data={"comments": comments},
    )
    return post
