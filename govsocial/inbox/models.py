"""The inbox: what the public sends the official accounts, and what the desk does about it.

Personal data (domain-rules rule 9, b7): `InboundItem.original_text` is restricted. Pages, the
API and the CLI show `redacted_text`; the original is read only through
`services.inbound_item_reveal_original()`, which checks `Action.VIEW_PERSONAL_DATA` and writes an
audit record. Nothing else in this app reads `original_text`.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models

from govsocial.core.models import TimeStampedModel


class ItemKind(models.TextChoices):
    MENTION = "mention", "Mention"
    REPLY = "reply", "Reply"
    COMMENT = "comment", "Comment"
    DIRECT_MESSAGE = "direct_message", "Direct message"


class ItemStatus(models.TextChoices):
    NEW = "new", "New"
    ASSIGNED = "assigned", "Assigned"
    WAITING = "waiting", "Waiting for someone else"
    REPLIED = "replied", "Replied"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (ItemStatus.NEW, ItemStatus.ASSIGNED, ItemStatus.WAITING)


class TriageLabel(models.TextChoices):
    QUESTION = "question", "Question"
    COMPLAINT = "complaint", "Complaint"
    INDIVIDUAL_CASE = "individual_case", "Individual case"
    POSSIBLE_FOI = "possible_foi", "Possible FOI request"
    POSSIBLE_SAR = "possible_sar", "Possible subject access request"
    ABUSE = "abuse", "Abuse"
    SPAM = "spam", "Spam"
    PRAISE = "praise", "Praise"
    OTHER = "other", "Other"


class Queue(models.TextChoices):
    """The team an item belongs to; FOI and SAR go to the officers who own their legal clocks."""

    GENERAL = "general", "Social media desk"
    FOI_OFFICER = "foi_officer", "FOI officer"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    MODERATION = "moderation", "Moderation"


class RetentionClass(models.TextChoices):
    STANDARD = "standard", "Standard correspondence"
    PERSONAL = "personal", "Personal: minimise when the case closes"
    RESTRICTED = "restricted", "Restricted: shortest retention, data protection roles only"


class Visibility(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HIDDEN = "hidden", "Hidden"
    DELETED = "deleted", "Deleted"


class ModerationReason(models.TextChoices):
    """The only reasons the desk may moderate for (domain-rules b10). There is no "disagreement"."""

    PERSONAL_DATA = "personal_data", "Personal data"
    ABUSE = "abuse", "Abuse, threats or harassment"
    SPAM = "spam", "Spam"
    ADVERTS = "adverts", "Commercial adverts"
    IMPERSONATION = "impersonation", "Impersonation"
    PARTY_POLITICAL = "party_political", "Party-political content"


REASON_EXPLANATIONS: dict[str, str] = {
    ModerationReason.PERSONAL_DATA: (
        "We remove comments that contain personal information, such as National Insurance or "
        "NHS numbers, phone numbers, email or home addresses, yours or anyone else's."
    ),
    ModerationReason.ABUSE: (
        "We remove comments that are abusive, threatening, or that harass our staff or others. "
        "We block only for abuse, never because someone disagrees with us."
    ),
    ModerationReason.SPAM: "We remove spam and repeated identical posts.",
    ModerationReason.ADVERTS: "We remove commercial adverts and promotions.",
    ModerationReason.IMPERSONATION: "We remove posts from accounts pretending to be someone else.",
    ModerationReason.PARTY_POLITICAL: (
        "We remove party-political content: civil servants must stay politically impartial."
    ),
}


class ModerationKind(models.TextChoices):
    HIDE = "hide", "Hide"
    DELETE = "delete", "Delete"
    BLOCK = "block", "Block the author"


class AppealStatus(models.TextChoices):
    NONE = "none", "No appeal"
    OPEN = "open", "Appeal open"
    UPHELD = "upheld", "Appeal refused: the action stands"
    RESTORED = "restored", "Restored after appeal"


DEFAULT_NOT_ENDORSEMENT = (
    "Following, liking or sharing does not mean we endorse an account, a person or their views."
)


class InboxSettings(TimeStampedModel):
    """Structured staffed hours and response target for one account (the register's
    `staffed_hours` is free text for people; the SLA clock needs these)."""

    account = models.OneToOneField(
        "channels.OfficialAccount", on_delete=models.CASCADE, related_name="inbox_settings"
    )
    opens = models.TimeField(default=time(9))
    closes = models.TimeField(default=time(17))
    weekdays = models.CharField(
        max_length=20, default="0,1,2,3,4", help_text="Staffed days, 0 = Monday, comma-separated"
    )
    timezone = models.CharField(max_length=64, default="Europe/London")
    staffed_on_bank_holidays = models.BooleanField(default=False)
    response_target_hours = models.PositiveIntegerField(
        default=16, help_text="Staffed hours: 16 is two working days on a 9-to-5 desk"
    )
    secure_channel_url = models.URLField(
        blank=True, help_text="Where individual cases are sent (the official secure channel)"
    )
    polling_enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Inbox settings for {self.account}"


class HouseRules(TimeStampedModel):
    """The published house rules of one account (domain-rules b10). The public page shows them
    only once `published_at` is set."""

    account = models.OneToOneField(
        "channels.OfficialAccount", on_delete=models.CASCADE, related_name="house_rules"
    )
    introduction = models.TextField(blank=True)
    not_endorsement_statement = models.TextField(default=DEFAULT_NOT_ENDORSEMENT)
    blocking_policy = models.TextField(
        default=(
            "We block an account only for abuse or threats. You are free to scrutinise, criticise "
            "and air your views."
        )
    )
    appeal_route = models.TextField(
        default="If you think we removed your comment wrongly, tell us and a different person "
        "will review it."
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "house rules"

    def __str__(self) -> str:
        return f"House rules for {self.account}"


class InboxCursor(models.Model):
    """Where each account's inbound polling has got to, and its back-off after failures."""

    account = models.OneToOneField(
        "channels.OfficialAccount", on_delete=models.CASCADE, related_name="inbox_cursor"
    )
    cursor = models.CharField(max_length=500, blank=True)
    backoff_until = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Inbox cursor for {self.account}"


class Thread(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="inbox_threads"
    )
    account = models.ForeignKey(
        "channels.OfficialAccount", on_delete=models.PROTECT, related_name="inbox_threads"
    )
    remote_thread_id = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "remote_thread_id"], name="inbox_thread_unique_remote_id"
            )
        ]

    def __str__(self) -> str:
        return f"Thread {self.remote_thread_id}"


class InboundItem(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="inbound_items"
    )
    account = models.ForeignKey(
        "channels.OfficialAccount", on_delete=models.PROTECT, related_name="inbound_items"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    remote_id = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    author_handle = models.CharField(max_length=255)
    author_name = models.CharField(max_length=255, blank=True)
    remote_thread_id = models.CharField(max_length=255, blank=True)
    in_reply_to_remote_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    received_at = models.DateTimeField(db_index=True)
    ingested_at = models.DateTimeField(auto_now_add=True)

    # Restricted: read it only through services.inbound_item_reveal_original().
    original_text = models.TextField()
    redacted_text = models.TextField()
    personal_data_kinds = models.JSONField(default=list, blank=True)
    retention_class = models.CharField(
        max_length=16, choices=RetentionClass.choices, default=RetentionClass.STANDARD
    )

    triage_label = models.CharField(
        max_length=20, choices=TriageLabel.choices, default=TriageLabel.OTHER, db_index=True
    )
    triage_reasons = models.JSONField(default=list, blank=True)
    triage_confidence = models.FloatField(default=0.0)
    secondary_labels = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    requester_name = models.CharField(max_length=255, blank=True)
    suggested_reply = models.TextField(blank=True)

    queue = models.CharField(max_length=32, choices=Queue.choices, default=Queue.GENERAL)
    status = models.CharField(
        max_length=16, choices=ItemStatus.choices, default=ItemStatus.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inbound_items",
    )
    foi_due = models.DateField(null=True, blank=True)
    sar_due = models.DateField(null=True, blank=True)
    sar_extended_due = models.DateField(null=True, blank=True)
    sla_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.VISIBLE
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "remote_id"], name="inbound_item_unique_remote_id"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "sla_due_at"]),
            # The queue, newest first: an organisation's items, and (what the queue opens on, and
            # the headline counts read) its open ones, a few percent of a busy desk's history.
            models.Index(fields=["organisation", "-received_at", "-id"], name="inbox_list_idx"),
            models.Index(
                fields=["organisation", "-received_at", "-id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="inbox_open_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.author_handle}"

    @property
    def has_personal_data(self) -> bool:
        return bool(self.personal_data_kinds)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class UnreadablePayload(models.Model):
    """A payload a network sent that could not be read: kept for a person, never dropped.

    It may hold personal data, so only the data protection roles see its content.
    """

    account = models.ForeignKey(
        "channels.OfficialAccount", on_delete=models.CASCADE, related_name="unreadable_payloads"
    )
    payload = models.JSONField(default=dict)
    problem = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Unreadable payload from {self.account}"


class InternalNote(models.Model):
    """A note on an item. Notes are held information and can be disclosed under FOI (b8)."""

    item = models.ForeignKey(InboundItem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.item_id}"


class SavedReply(TimeStampedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="saved_replies"
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="saved_reply_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReplyState(models.TextChoices):
    DRAFT = "draft", "Kept here as a draft (sending is not available)"
    PUBLISHING_DRAFT = "publishing_draft", "A draft in publishing: finish it on the post's page"
    SUBMITTED = "submitted", "Sent for approval and delivery"


class InboxReply(models.Model):
    """A reply written in the inbox. It goes out as a publishing Post of kind "reply"."""

    item = models.ForeignKey(InboundItem, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    state = models.CharField(max_length=16, choices=ReplyState.choices)
    post = models.ForeignKey(
        "publishing.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    findings = models.JSONField(default=list, blank=True)
    problem = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Reply by {self.author} to {self.item_id}"


class ModerationAction(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="moderation_actions"
    )
    item = models.ForeignKey(
        InboundItem, on_delete=models.PROTECT, related_name="moderation_actions"
    )
    kind = models.CharField(max_length=16, choices=ModerationKind.choices)
    reason_code = models.CharField(max_length=32, choices=ModerationReason.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Captured before removal. `snapshot["original_text"]` is restricted like the item's.
    snapshot = models.JSONField(default=dict)
    captured_at = models.DateTimeField()
    on_network = models.BooleanField(
        default=False, help_text="Done on the network too; otherwise recorded here only"
    )
    network_result = models.CharField(max_length=500, blank=True)
    appeal_status = models.CharField(
        max_length=16, choices=AppealStatus.choices, default=AppealStatus.NONE
    )
    appeal_note = models.TextField(blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.reason_code}) on {self.item_id}"
