from __future__ import annotations

from django.conf import settings
from django.db import models

from govsocial.core.models import TimeStampedModel


class Network(models.TextChoices):
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    THREADS = "threads", "Threads"


class OfficialAccount(TimeStampedModel):
    """An entry in the official account register (domain-rules rule 25). Nothing is published elsewhere."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="official_accounts"
    )
    network = models.CharField(max_length=16, choices=Network.choices)
    handle = models.CharField(max_length=200)
    display_name = models.CharField(max_length=200, blank=True)
    instance_url = models.URLField(blank=True, help_text="Mastodon instance or Bluesky PDS address")
    owning_unit = models.CharField(max_length=200)
    named_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_accounts"
    )
    staffed_hours = models.CharField(max_length=200, default="Monday to Friday, 9am to 5pm")
    response_target_hours = models.PositiveIntegerField(default=16)
    house_rules_url = models.URLField(blank=True)
    two_factor_confirmed = models.BooleanField(default=False)
    automated = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    # Fernet token over a JSON dict (govsocial.channels.crypto); never logged, never shown.
    credentials_encrypted = models.TextField(blank=True, default="")
    token_expires_at = models.DateTimeField(null=True, blank=True)
    token_refreshed_at = models.DateTimeField(null=True, blank=True)
    expiry_warning_sent_at = models.DateTimeField(null=True, blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_health_error = models.CharField(max_length=500, blank=True)
    # Mastodon instances publish their own character limit; None means the network default.
    instance_char_limit = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "network", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network", "handle"], name="official_account_unique_handle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.handle} on {self.get_network_display()}"
