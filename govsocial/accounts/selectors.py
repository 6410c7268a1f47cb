"""Reads about who may do what where. Every permission check in views, API and CLI goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from govsocial.accounts.models import ApiToken, Membership, Organisation, User
from govsocial.accounts.permission_memo import remembered
from govsocial.accounts.roles import ROLE_ACTIONS, ROLE_PRIVILEGE, actions_for_roles

if TYPE_CHECKING:
    from govsocial.channels.models import OfficialAccount


def organisation_list_for_user(*, user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def organisation_get_for_user(*, user: User, slug: str) -> Organisation | None:
    """The organisation if the user belongs to it; None hides whether it exists at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    return remembered(
        ("organisation", user.pk, slug),
        lambda: organisation_list_for_user(user=user).filter(slug=slug).first(),
    )


def _roles_held(*, user: User, organisation: Organisation) -> dict[str, frozenset[int]]:
    """Each role the user holds in the organisation, with the ids of the accounts it is narrowed
    to (empty: every account). One query: a role is held once (membership_unique_role), and its
    scope comes with it through an outer join, so a role on no particular account has one row."""
    if not user.is_authenticated or not user.is_active:
        return {}

    def read() -> dict[str, frozenset[int]]:
        scopes: dict[str, set[int]] = {}
        rows = (
            Membership.objects.filter(user=user, organisation=organisation)
            .values_list("role", "accounts__id")
            .order_by()
        )
        for role, account_id in rows:
            scopes.setdefault(role, set())
            if account_id is not None:
                scopes[role].add(account_id)
        return {role: frozenset(ids) for role, ids in scopes.items()}

    return remembered(("roles", user.pk, organisation.pk), read)


def roles_for_user(*, user: User, organisation: Organisation) -> set[str]:
    return set(_roles_held(user=user, organisation=organisation))


def user_can(
    *, user: User, action: str, organisation: Organisation, account: OfficialAccount | None = None
) -> bool:
    """True when one of the user's roles in the organisation allows the action.

    A membership scoped to some accounts counts only for those accounts, and
    for organisation-wide actions (account is None) only when unscoped.
    """
    roles = {
        role
        for role, scoped_ids in _roles_held(user=user, organisation=organisation).items()
        if not scoped_ids or (account is not None and account.pk in scoped_ids)
    }
    return action in actions_for_roles(roles)


def actions_for_user(*, user: User, organisation: Organisation) -> frozenset[str]:
    return actions_for_roles(roles_for_user(user=user, organisation=organisation))


def role_acting_as(*, user: User, organisation: Organisation, actions: Iterable[str]) -> str:
    """The role a person acts in: their highest-privilege role that allows one of `actions`.

    The audit trail and the public log name it. A person with no such role is named by their
    highest role; "" when they have no role in the organisation at all.
    """
    wanted = set(actions)
    held = roles_for_user(user=user, organisation=organisation)
    ranked = [role for role in ROLE_PRIVILEGE if role in held]
    for role in ranked:
        if ROLE_ACTIONS.get(role, frozenset()) & wanted:
            return role
    return ranked[0] if ranked else ""


def users_with_action(*, organisation: Organisation, action: str) -> QuerySet[User]:
    return users_with_any_action(organisation=organisation, actions=[action])


def users_with_any_action(*, organisation: Organisation, actions: Iterable[str]) -> QuerySet[User]:
    """Active users holding a role in the organisation that allows at least one of `actions`."""
    wanted = set(actions)
    roles = [role for role, allowed in ROLE_ACTIONS.items() if allowed & wanted]
    return User.objects.filter(
        is_active=True, memberships__organisation=organisation, memberships__role__in=roles
    ).distinct()


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user)


def api_token_get_for_user(*, user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens; None for anyone else's, which hides whether it exists."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()
