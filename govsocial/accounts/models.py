from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models

from govsocial.accounts.roles import Role
from govsocial.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. SSO users carry their identity provider's issuer and subject."""

    display_name = models.CharField(max_length=200, blank=True)
    # Filled by OIDC sign-in (issue 8); a local account leaves them empty.
    external_issuer = models.CharField(max_length=500, blank=True)
    external_subject = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["external_issuer", "external_subject"],
                condition=~models.Q(external_subject=""),
                name="user_unique_external_identity",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_username()


class Membership(TimeStampedModel):
    """A role a user holds in an organisation, on all its accounts or only on some."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    # Empty means every official account of the organisation.
    accounts = models.ManyToManyField(
        "channels.OfficialAccount", blank=True, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()} in {self.organisation}"


class ApiToken(models.Model):
    """A bearer token for scripts. Only a hash of the secret is stored; it works until it expires
    or is revoked, whichever comes first."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # Written at most once a minute per token, so a busy script does not write on every call.
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def state_at(self, moment: datetime) -> str:
        """Whether the token is "active", "expired" or "revoked", as the token list shows it."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= moment else "active"


from govsocial.accounts.auth.models import *  # noqa: E402, F403
