"""Writes for posts and their versions. Each is one transaction with its audit record."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.channels.models import OfficialAccount
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.publishing.models import Post, PostStatus, PostVersion, RiskClass
from govsocial.records.services import audit_record

EDITABLE_STATUSES = {
    PostStatus.DRAFT,
    PostStatus.RETURNED,
    PostStatus.APPROVED,
    PostStatus.IN_REVIEW,
}


def _validate_accounts(
    *, organisation: Organisation, accounts: Iterable[OfficialAccount]
) -> list[OfficialAccount]:
    chosen = list(accounts)
    if not chosen:
        raise ApplicationError("Choose at least one official account to post to.", field="accounts")
    for account in chosen:
        if account.organisation_id != organisation.pk or not account.is_active:
            raise ApplicationError(
                f"{account} is not in {organisation}'s official account register.", field="accounts"
            )
    return chosen


@transaction.atomic
def post_create(
    *,
    organisation: Organisation,
    author: User,
    title: str,
    text: str,
    accounts: Iterable[OfficialAccount],
    risk_class: str = RiskClass.ROUTINE,
    tags: list[str] | None = None,
) -> Post:
    if not user_can(user=author, action=Action.DRAFT, organisation=organisation):
        raise PermissionDenied("Your role does not let you write drafts in this organisation.")
    if not text.strip():
        raise ApplicationError("Write the text of the post.", field="text")
    if risk_class not in RiskClass.values:
        raise ApplicationError(f"{risk_class!r} is not a risk class.", field="risk_class")
    chosen = _validate_accounts(organisation=organisation, accounts=accounts)
    post = Post.objects.create(
        organisation=organisation,
        author=author,
        title=title.strip() or text.strip()[:60],
        risk_class=risk_class,
    )
    post.accounts.set(chosen)
    PostVersion.objects.create(post=post, number=1, text=text, tags=tags or [], created_by=author)
    audit_record(
        organisation=organisation,
        actor=author,
        action="post.create",
        target=post,
        data={"version": 1},
    )
    return post


@transaction.atomic
def post_edit(*, post: Post, editor: User, text: str, tags: list[str] | None = None) -> PostVersion:
    """Adds a new immutable version. An edit after approval sends the post back to draft."""
    if not user_can(user=editor, action=Action.DRAFT, organisation=post.organisation):
        raise PermissionDenied("Your role does not let you edit drafts in this organisation.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status not in EDITABLE_STATUSES:
        raise ApplicationError(f"A {post.get_status_display().lower()} post cannot be edited.")
    if not text.strip():
        raise ApplicationError("Write the text of the post.", field="text")
    latest = post.versions.order_by("-number").first()
    number = (latest.number if latest else 0) + 1
    version = PostVersion.objects.create(
        post=post,
        number=number,
        text=text,
        tags=tags if tags is not None else (latest.tags if latest else []),
        created_by=editor,
    )
    if post.status != PostStatus.DRAFT:
        post.status = PostStatus.DRAFT
        post.save(update_fields=["status", "updated_at"])
    audit_record(
        organisation=post.organisation,
        actor=editor,
        action="post.edit",
        target=post,
        data={"version": number},
    )
    return version
