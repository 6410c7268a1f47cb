from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Heartbeat(models.Model):
    """The last moment each background process said it was alive, shown on the dashboard."""

    process = models.CharField(max_length=64)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["process", "host", "pid"], name="heartbeat_unique_process"
            )
        ]

    def __str__(self) -> str:
        return f"{self.process} on {self.host} (pid {self.pid})"


class Alert(models.Model):
    """Something a person must see on the dashboard: break-glass posts, token expiry, overdue posts."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="alerts"
    )
    recipient = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    # When set, everyone in the organisation with this action sees the alert.
    for_action = models.CharField(max_length=32, blank=True)
    kind = models.CharField(max_length=32)
    message = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:60]}"
