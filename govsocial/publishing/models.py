from __future__ import annotations

from django.conf import settings
from django.db import models

from govsocial.core.models import TimeStampedModel


class RiskClass(models.TextChoices):
    ROUTINE = "routine", "Routine"
    MINISTERIAL = "ministerial", "Ministerial or policy"
    ANNOUNCEMENT = "announcement", "Announcement"
    ELECTION = "election", "Election period"
    CRISIS = "crisis", "Crisis"


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Waiting for approval"
    RETURNED = "returned", "Returned with comments"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class Post(TimeStampedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    accounts = models.ManyToManyField("channels.OfficialAccount", related_name="posts")
    title = models.CharField(max_length=200, help_text="For staff only; never published")
    risk_class = models.CharField(
        max_length=16, choices=RiskClass.choices, default=RiskClass.ROUTINE
    )
    status = models.CharField(max_length=16, choices=PostStatus.choices, default=PostStatus.DRAFT)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class PostVersion(models.Model):
    """An immutable version of a post's text. Approving a version approves exactly this text."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    tags = models.JSONField(default=list, blank=True)
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
