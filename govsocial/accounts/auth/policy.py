"""Who must use two-factor: derived from the permission table in roles.py, never listed by hand."""

from __future__ import annotations

import os

from django.conf import settings

from govsocial.accounts.models import Membership, User
from govsocial.accounts.roles import ROLE_ACTIONS, Action

# Anything that can publish, approve or see personal data (SEC-6, ASVS 6.3.3).
TWO_FACTOR_ACTIONS: frozenset[str] = frozenset(
    {
        Action.PUBLISH,
        Action.REVIEW,
        Action.APPROVE_SENIOR,
        Action.ADVISE_PROPRIETY,
        Action.BREAK_GLASS,
        Action.VIEW_PERSONAL_DATA,
        Action.HANDLE_FOI,
        Action.HANDLE_SAR,
        Action.MANAGE_RECORDS,
        Action.MANAGE_ACCOUNTS,
        Action.MANAGE_MEMBERS,
        Action.IT_ADMIN,
    }
)


# The demo's organisation and users (govsocial.cli.demo, which imports the whole app, so the
# names are repeated here; tests/accounts/test_otp_auth.py checks they agree).
DEMO_ORGANISATION = "Department for Example"
DEMO_USERNAMES = frozenset(
    {"viewer", "author", "reviewer", "publisher", "senior", "propriety", "records", "dpo", "foi"}
    | {"accounts", "itadmin"}
)


def roles_needing_two_factor() -> frozenset[str]:
    return frozenset(
        str(role) for role, actions in ROLE_ACTIONS.items() if actions & TWO_FACTOR_ACTIONS
    )


def user_needs_two_factor(user: User) -> bool:
    """True when a local sign-in for this user must pass a second factor."""
    if user.is_superuser or settings.GOVSOCIAL_2FA_FOR_EVERYONE:
        return True
    return Membership.objects.filter(user=user, role__in=roles_needing_two_factor()).exists()


def demo_user_exempt(user: User) -> bool:
    """The demo users (public password, one machine) may skip two-factor outside production."""
    # override_settings hides SETTINGS_MODULE, hence the environment as a second source.
    module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if not settings.GOVSOCIAL_DEMO_SKIP_2FA or module.endswith(".production"):
        return False
    if user.get_username() not in DEMO_USERNAMES:
        return False
    return Membership.objects.filter(user=user, organisation__name=DEMO_ORGANISATION).exists()
