from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from govsocial.core.models import TimeStampedModel


class RiskClass(models.TextChoices):
    ROUTINE = "routine", "Routine"
    MINISTERIAL = "ministerial", "Ministerial or policy"
    ANNOUNCEMENT = "announcement", "Announcement"
    ELECTION = "election", "Election period"
    CRISIS = "crisis", "Crisis"


class PostKind(models.TextChoices):
    POST = "post", "Post"
    REPLY = "reply", "Public reply"


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Waiting for approval"
    RETURNED = "returned", "Returned with comments"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    CANCELLED = "cancelled", "Cancelled"


class Post(TimeStampedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    accounts = models.ManyToManyField("channels.OfficialAccount", related_name="posts")
    kind = models.CharField(max_length=8, choices=PostKind.choices, default=PostKind.POST)
    in_reply_to_remote_id = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=200, help_text="For staff only; never published")
    risk_class = models.CharField(
        max_length=16, choices=RiskClass.choices, default=RiskClass.ROUTINE
    )
    status = models.CharField(max_length=16, choices=PostStatus.choices, default=PostStatus.DRAFT)
    approved_version = models.ForeignKey(
        "PostVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)
    break_glass_reason = models.TextField(blank=True)
    break_glass_review_due_at = models.DateTimeField(null=True, blank=True)
    break_glass_reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        # The posts list and the dashboard read an organisation's posts newest first, in full or
        # by status (and count them by status); at 10,000 posts a scan and sort took 10 ms.
        indexes = [
            models.Index(fields=["organisation", "-updated_at", "id"], name="post_list_idx"),
            models.Index(
                fields=["organisation", "status", "-updated_at", "id"], name="post_status_list_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PostVersion(models.Model):
    """An immutable version of a post's text. Approving a version approves exactly this text."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    tags = models.JSONField(default=list, blank=True)
    campaign_code = models.CharField(max_length=60, blank=True)
    parliamentary_reference = models.CharField(max_length=200, blank=True)
    parliamentary_reference_at = models.DateTimeField(null=True, blank=True)
    media: models.ManyToManyField[MediaAsset, Any] = models.ManyToManyField(
        "MediaAsset", blank=True, related_name="versions"
    )
    # The checks engine's report for each target network, keyed by network name.
    check_reports = models.JSONField(default=dict, blank=True)
    verdict = models.CharField(max_length=8, default="pass")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="post_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.post} v{self.number}"


class MediaAsset(TimeStampedModel):
    """An uploaded image or video, validated by content and stored once (deduplicated by hash)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="media_assets"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=8)  # image or video
    mime_type = models.CharField(max_length=40)
    file = models.FileField(upload_to="media/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alt_text = models.TextField(blank=True)
    has_captions = models.BooleanField(default=False)
    has_transcript = models.BooleanField(default=False)
    original_name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sha256"], name="media_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned with comments"


class Approval(models.Model):
    """One person's decision on one exact version."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="approvals")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approver_role = models.CharField(max_length=32)
    decision = models.CharField(max_length=8, choices=ApprovalDecision.choices)
    comments = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.approver}"


class Override(models.Model):
    """A WARN finding the author overrode, with the written reason (checks issue item 7)."""

    version = models.ForeignKey(PostVersion, on_delete=models.CASCADE, related_name="overrides")
    rule = models.CharField(max_length=80)
    reason = models.TextField()
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "rule"], name="override_unique_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason[:40]}"


class DeliveryState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CLAIMED = "claimed", "Claimed by a worker"
    SENDING = "sending", "Sending"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    UNKNOWN = "unknown", "Outcome unknown"
    RECONCILING = "reconciling", "Checking with the network"
    NEEDS_CHECK = "needs_check", "Needs a person to check"
    CANCELLED = "cancelled", "Cancelled"
    DELETED = "deleted", "Deleted on the network"


ACTIVE_DELIVERY_STATES = {
    DeliveryState.SCHEDULED,
    DeliveryState.CLAIMED,
    DeliveryState.SENDING,
    DeliveryState.UNKNOWN,
    DeliveryState.RECONCILING,
}


class Delivery(TimeStampedModel):
    """One post version going to one official account, exactly once (ADR 0004)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="deliveries")
    account = models.ForeignKey(
        "channels.OfficialAccount", on_delete=models.PROTECT, related_name="deliveries"
    )
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="deliveries")
    state = models.CharField(
        max_length=12, choices=DeliveryState.choices, default=DeliveryState.SCHEDULED
    )
    due_at = models.DateTimeField(db_index=True)
    # Fixed before the first attempt and reused by every re-send of this delivery.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempt_count = models.PositiveIntegerField(default=0)
    lease_owner = models.CharField(max_length=120, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)
    remote_id = models.CharField(max_length=255, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    needs_check_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "account"], name="delivery_unique_post_account")
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.post} → {self.account} ({self.state})"


class AttemptOutcome(models.TextChoices):
    SENDING = "sending", "In flight"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Refused by the network"
    RETRYABLE = "retryable", "Not sent, will retry"
    UNKNOWN = "unknown", "Outcome unknown"
    FOUND = "found", "Found on the network while reconciling"
    ABSENT = "absent", "Proved absent while reconciling"
    RESOLVED = "resolved", "Resolved by a person"


class DeliveryAttempt(models.Model):
    """Every attempt and every remote id is its own row, never overwritten."""

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, default="publish")  # publish, reconcile, edit, delete
    idempotency_key = models.CharField(max_length=64)
    worker = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.SENDING
    )
    remote_id = models.CharField(max_length=255, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="attempt_unique_number")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}: {self.outcome}"
