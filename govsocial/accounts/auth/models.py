"""What sign-in stores besides the user: each signed-in session, and failed attempts for lockout."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govsocial.accounts.auth.devices import describe_user_agent
from govsocial.accounts.roles import Role

# accounts/models.py star-imports this module so Django finds these models.
__all__ = ["AuthMethod", "GroupRoleMapping", "LoginFailure", "SsoGrantedMembership", "UserSession"]


class AuthMethod(models.TextChoices):
    PASSWORD = "password", "Password"
    TWO_FACTOR = "two_factor", "Password and authenticator code"
    RECOVERY_CODE = "recovery_code", "Password and recovery code"
    SSO = "sso", "Single sign-on"
    DEMO = "demo", "Demo password (no two-factor)"
    # A session made without a sign-in page, e.g. the test client's force_login.
    OTHER = "other", "Other"


class UserSession(models.Model):
    """One signed-in browser: what the user sees on "Your sessions" and can end."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    # The key of the row in django_session; never shown, only used to end the session.
    session_key = models.CharField(max_length=40, unique=True)
    auth_method = models.CharField(max_length=20, choices=AuthMethod.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} on {self.device} since {self.signed_in_at:%Y-%m-%d %H:%M}"

    @property
    def device(self) -> str:
        return describe_user_agent(self.user_agent)


class LoginFailure(models.Model):
    """A failed password or code; enough of them in a while locks the username or address."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address} at {self.created_at:%Y-%m-%d %H:%M}"


class GroupRoleMapping(models.Model):
    """An identity-provider group that gives a role in an organisation; IT admins edit these.

    Adds to OIDC_GROUP_ROLE_MAP from the environment; both are applied at every SSO sign-in.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="group_role_mappings"
    )
    group = models.CharField(max_length=255)
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "group", "role"], name="group_role_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()} in {self.organisation}"


class SsoGrantedMembership(models.Model):
    """Marks a membership that single sign-on granted, so it is revoked when no group gives it,
    even after the mapping itself has been removed. Memberships granted by hand have no mark."""

    membership = models.OneToOneField(
        "accounts.Membership", on_delete=models.CASCADE, related_name="sso_grant"
    )

    def __str__(self) -> str:
        return f"{self.membership} (from single sign-on)"
