"""Writing posts: create, edit (a new immutable version each time), replies, overrides.

Every save runs the checks engine and stores its report on the version.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.channels.models import OfficialAccount
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.publishing.checking import check_for_accounts, worst_verdict
from govsocial.publishing.models import (
    MediaAsset,
    Override,
    Post,
    PostKind,
    PostStatus,
    PostVersion,
    RiskClass,
)
from govsocial.publishing.selectors import post_latest_version
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

EDITABLE_STATUSES = {
    PostStatus.DRAFT,
    PostStatus.RETURNED,
    PostStatus.APPROVED,
    PostStatus.IN_REVIEW,
    PostStatus.PUBLISHED,
}
MAX_TEXT_CHARS = 63_206  # Facebook's native limit, the largest of any network we post to


def _require_draft_permission(user: User, organisation: Organisation) -> None:
    if not user_can(user=user, action=Action.DRAFT, organisation=organisation):
        raise PermissionDenied("Your role does not let you write or edit posts here.")


def _validate_text(text: str) -> str:
    if not text.strip():
        raise ApplicationError("Write the text of the post.", field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise ApplicationError(
            f"The text is {len(text):,} characters; no network accepts more than "
            f"{MAX_TEXT_CHARS:,}. Shorten it.",
            field="text",
        )
    return text


def _validate_accounts(
    *, organisation: Organisation, accounts: Iterable[OfficialAccount]
) -> list[OfficialAccount]:
    chosen = list(accounts)
    if not chosen:
        raise ApplicationError("Choose at least one official account to post to.", field="accounts")
    for account in chosen:
        if account.organisation_id != organisation.pk or not account.is_active:
            raise ApplicationError(
                f"{account} is not in {organisation}'s official account register.",
                field="accounts",
            )
    return chosen


def _validate_media(*, organisation: Organisation, media: Iterable[MediaAsset]) -> list[MediaAsset]:
    chosen = list(media)
    for asset in chosen:
        if asset.organisation_id != organisation.pk:
            raise ApplicationError(
                "That media file belongs to another organisation.", field="media"
            )
    return chosen


def _new_version(
    *,
    post: Post,
    number: int,
    text: str,
    tags: list[str],
    media: list[MediaAsset],
    created_by: User,
    campaign_code: str,
    parliamentary_reference: str,
    parliamentary_reference_at: datetime | None,
) -> PostVersion:
    accounts = list(post.accounts.all())
    reports = check_for_accounts(
        text=text,
        accounts=accounts,
        tags=tags,
        risk_class=post.risk_class,
        media=media,
        parliamentary_reference=parliamentary_reference,
        parliamentary_reference_at=parliamentary_reference_at,
        at=post.scheduled_at,
        in_reply_to=post.in_reply_to_remote_id,
        campaign_code=campaign_code,
        kind=post.kind,
    )
    version = PostVersion.objects.create(
        post=post,
        number=number,
        text=text,
        tags=sorted(set(tags)),
        campaign_code=campaign_code,
        parliamentary_reference=parliamentary_reference,
        parliamentary_reference_at=parliamentary_reference_at,
        check_reports=reports,
        verdict=worst_verdict(reports),
        created_by=created_by,
    )
    version.media.set(media)
    return version


def _finding_summary(version: PostVersion) -> list[dict[str, str]]:
    """Rule and severity of each finding, for the risk report; the messages stay on the version."""
    seen = {
        (f["rule"], f["severity"]) for r in version.check_reports.values() for f in r["findings"]
    }
    return [{"rule": rule, "severity": severity} for rule, severity in sorted(seen)]


@transaction.atomic
def post_create(
    *,
    organisation: Organisation,
    actor: User,
    title: str,
    text: str,
    accounts: Iterable[OfficialAccount],
    risk_class: str = RiskClass.ROUTINE,
    tags: list[str] | None = None,
    media: Iterable[MediaAsset] = (),
    campaign_code: str = "",
    parliamentary_reference: str = "",
    parliamentary_reference_at: datetime | None = None,
    kind: str = PostKind.POST,
    in_reply_to_remote_id: str = "",
) -> Post:
    """Creates a draft with its first version and that version's checks report."""
    _require_draft_permission(actor, organisation)
    _validate_text(text)
    if risk_class not in RiskClass.values:
        raise ApplicationError(
            f"{risk_class!r} is not a risk class. Choose one of: {', '.join(RiskClass.values)}.",
            field="risk_class",
        )
    chosen = _validate_accounts(organisation=organisation, accounts=accounts)
    chosen_media = _validate_media(organisation=organisation, media=media)
    post = Post.objects.create(
        organisation=organisation,
        author=actor,
        title=title.strip()[:200] or text.strip().splitlines()[0][:60],
        risk_class=risk_class,
        kind=kind,
        in_reply_to_remote_id=in_reply_to_remote_id,
    )
    post.accounts.set(chosen)
    version = _new_version(
        post=post,
        number=1,
        text=text,
        tags=tags or [],
        media=chosen_media,
        created_by=actor,
        campaign_code=campaign_code,
        parliamentary_reference=parliamentary_reference,
        parliamentary_reference_at=parliamentary_reference_at,
    )
    created = AuditAction.POST_CREATE if kind == PostKind.POST else AuditAction.REPLY_CREATE
    audit_record(
        organisation=organisation,
        actor=actor,
        action=created,
        target=post,
        data={"version": 1, "verdict": version.verdict, "findings": _finding_summary(version)},
    )
    return post


def reply_create(
    *,
    organisation: Organisation,
    actor: User,
    account: OfficialAccount,
    in_reply_to_remote_id: str,
    text: str,
    title: str = "",
) -> Post:
    """A public reply: a post of kind "reply" that goes through the same approval and delivery."""
    if not in_reply_to_remote_id.strip():
        raise ApplicationError("Say which message this replies to.", field="in_reply_to")
    return post_create(
        organisation=organisation,
        actor=actor,
        title=title or f"Reply on {account}",
        text=text,
        accounts=[account],
        kind=PostKind.REPLY,
        in_reply_to_remote_id=in_reply_to_remote_id,
    )


@transaction.atomic
def post_edit(
    *,
    post: Post,
    actor: User,
    text: str,
    tags: list[str] | None = None,
    media: Iterable[MediaAsset] | None = None,
    campaign_code: str | None = None,
    parliamentary_reference: str | None = None,
    parliamentary_reference_at: datetime | None = None,
) -> PostVersion:
    """Adds a new immutable version. Any edit after approval needs approval again."""
    _require_draft_permission(actor, post.organisation)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status not in EDITABLE_STATUSES:
        raise ApplicationError(
            f"This post is {post.get_status_display().lower()}; it cannot be edited now."
        )
    _validate_text(text)
    latest = post_latest_version(post=post)
    chosen_media = (
        _validate_media(organisation=post.organisation, media=media)
        if media is not None
        else list(latest.media.all())
    )
    version = _new_version(
        post=post,
        number=latest.number + 1,
        text=text,
        tags=tags if tags is not None else list(latest.tags),
        media=chosen_media,
        created_by=actor,
        campaign_code=campaign_code if campaign_code is not None else latest.campaign_code,
        parliamentary_reference=(
            parliamentary_reference
            if parliamentary_reference is not None
            else latest.parliamentary_reference
        ),
        parliamentary_reference_at=parliamentary_reference_at or latest.parliamentary_reference_at,
    )
    if post.status != PostStatus.PUBLISHED:
        post.status = PostStatus.DRAFT
    post.save(update_fields=["status", "updated_at"])
    audit_record(
        organisation=post.organisation,
        actor=actor,
        action=AuditAction.POST_EDIT,
        target=post,
        data={
            "version": version.number,
            "verdict": version.verdict,
            "findings": _finding_summary(version),
        },
    )
    return version


@transaction.atomic
def version_override_warning(
    *, version: PostVersion, rule: str, reason: str, actor: User
) -> Override:
    """Records the written reason for overriding a WARN finding. BLOCK cannot be overridden."""
    _require_draft_permission(actor, version.post.organisation)
    reasons = {
        f["rule"]: f["severity"] for r in version.check_reports.values() for f in r["findings"]
    }
    if rule not in reasons:
        raise ApplicationError(f"{rule} is not a finding on this version.", field="rule")
    if reasons[rule] != "warn":
        raise ApplicationError(
            f"{rule} is {reasons[rule].upper()}: only a warning can be overridden. "
            + (
                "Change the post so the check passes."
                if reasons[rule] == "block"
                else "An escalation goes to the senior approver instead."
            ),
            field="rule",
        )
    if len(reason.strip()) < 10:
        raise ApplicationError(
            "Say why this warning does not apply, in a sentence (at least 10 characters).",
            field="reason",
        )
    override, _ = Override.objects.update_or_create(
        version=version, rule=rule, defaults={"reason": reason.strip(), "overridden_by": actor}
    )
    audit_record(
        organisation=version.post.organisation,
        actor=actor,
        action=AuditAction.POST_OVERRIDE_WARNING,
        target=version.post,
        data={"version": version.number, "rule": rule, "reason": reason.strip()},
    )
    return override
