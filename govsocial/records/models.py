from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditRecord(models.Model):
    """One state change, written in the same transaction as the change itself. Append-only."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_records",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


# --- The public transparency log (issue 6) -----------------------------------------------------


class TransparencyLog(models.Model):
    """One append-only public log per organisation. The row is the sequencer's lock."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="transparency_log"
    )
    # Names the key directory; a fresh database gets a fresh id, a restored one keeps it.
    log_id = models.CharField(max_length=32, unique=True)
    origin = models.CharField(max_length=255, unique=True)
    vkey = models.CharField(max_length=400, blank=True)
    size = models.PositiveBigIntegerField(default=0)  # leaves sequenced (the next index)
    integrated_size = models.PositiveBigIntegerField(default=0)  # leaves hashed into tiles
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.origin


class LogLeaf(models.Model):
    """One leaf: the canonical JSON bytes exactly as they are hashed into the tree."""

    log = models.ForeignKey(TransparencyLog, on_delete=models.PROTECT, related_name="leaves")
    index = models.PositiveBigIntegerField()
    data = models.BinaryField()
    action = models.CharField(max_length=32)  # the leaf action (publish, hide, tombstone, ...)
    audit_action = models.CharField(max_length=64, blank=True)  # e.g. delivery.published
    audit_record = models.ForeignKey(
        AuditRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_leaves"
    )
    account = models.CharField(max_length=200, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    erased_index = models.PositiveBigIntegerField(null=True, blank=True)  # tombstones only
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["log", "index"]
        constraints = [
            models.UniqueConstraint(fields=["log", "index"], name="log_leaf_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.log} #{self.index} {self.action}"


class LeafContent(models.Model):
    """The content a leaf commits to and its salt, kept beside the log; erasure deletes it."""

    leaf = models.OneToOneField(LogLeaf, on_delete=models.CASCADE, related_name="content")
    content = models.JSONField()
    salt = models.BinaryField()

    def __str__(self) -> str:
        return f"content of {self.leaf}"


class LogTile(models.Model):
    """A C2SP tile, entry bundle or the checkpoint, by its path under the log's base URL."""

    log = models.ForeignKey(TransparencyLog, on_delete=models.PROTECT, related_name="tiles")
    path = models.CharField(max_length=200)
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "path"], name="log_tile_unique")]

    def __str__(self) -> str:
        return f"{self.log} {self.path}"


class LogCheckpoint(models.Model):
    """Every checkpoint the log signed, newest last."""

    log = models.ForeignKey(TransparencyLog, on_delete=models.PROTECT, related_name="checkpoints")
    size = models.PositiveBigIntegerField()
    root_hash = models.BinaryField()
    note = models.BinaryField()
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["log", "size", "id"]

    def __str__(self) -> str:
        return f"{self.log} size {self.size}"


class LogAlert(models.Model):
    """The log refused to sign, or cannot sign: staff must look (shown on the dashboard)."""

    log = models.ForeignKey(TransparencyLog, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=32)  # regression, fork, missing_key
    message = models.TextField()
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    times = models.PositiveIntegerField(default=1)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.log}: {self.kind}"


# --- Retention (issue 6 §7, reliability REC-1) -------------------------------------------------


class RetentionSchedule(models.Model):
    """How long an organisation keeps one class of record; no days means permanently."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="retention_schedules"
    )
    record_class = models.CharField(max_length=64)
    keep_days = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_class"], name="retention_schedule_unique_class"
            )
        ]

    def __str__(self) -> str:
        kept = "permanently" if self.keep_days is None else f"{self.keep_days} days"
        return f"{self.organisation}: {self.record_class} kept {kept}"


class LegalHold(models.Model):
    """While active, nothing of the class (or of any class, when blank) is disposed of."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="legal_holds"
    )
    record_class = models.CharField(max_length=64, blank=True)
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Legal hold on {self.record_class or 'every class'} in {self.organisation}"
