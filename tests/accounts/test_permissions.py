from __future__ import annotations

import pytest

from govsocial.accounts.roles import ROLE_ACTIONS, Action, Role
from govsocial.accounts.selectors import organisation_list_for_user, user_can, users_with_action


def test_every_role_has_a_row_in_the_permission_table() -> None:
    assert set(ROLE_ACTIONS) == set(Role.values)


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (Role.VIEWER, Action.VIEW, True),
        (Role.VIEWER, Action.DRAFT, False),
        (Role.AUTHOR, Action.DRAFT, True),
        (Role.AUTHOR, Action.REVIEW, False),
        (Role.REVIEWER, Action.REVIEW, True),
        (Role.REVIEWER, Action.APPROVE_SENIOR, False),
        (Role.PUBLISHER, Action.PUBLISH, True),
        (Role.PUBLISHER, Action.REVIEW, False),
        (Role.SENIOR_APPROVER, Action.APPROVE_SENIOR, True),
        (Role.SENIOR_APPROVER, Action.DRAFT, False),
        (Role.DATA_PROTECTION_OFFICER, Action.VIEW_PERSONAL_DATA, True),
        (Role.AUTHOR, Action.VIEW_PERSONAL_DATA, False),
        (Role.FOI_OFFICER, Action.HANDLE_FOI, True),
        (Role.RECORDS_MANAGER, Action.MANAGE_RECORDS, True),
        (Role.ACCOUNT_ADMIN, Action.MANAGE_ACCOUNTS, True),
        (Role.IT_ADMIN, Action.IT_ADMIN, True),
        (Role.IT_ADMIN, Action.PUBLISH, False),
    ],
)
def test_role_allows_only_its_actions(make_user, organisation, role, action, allowed) -> None:
    user = make_user("someone", organisation=organisation, role=role)
    assert user_can(user=user, action=action, organisation=organisation) is allowed


def test_a_role_in_one_organisation_gives_nothing_in_another(make_user, make_organisation) -> None:
    home = make_organisation("Home Department")
    other = make_organisation("Other Department")
    user = make_user("pat", organisation=home, role=Role.PUBLISHER)
    assert user_can(user=user, action=Action.VIEW, organisation=other) is False
    assert list(organisation_list_for_user(user=user)) == [home]


def test_a_membership_scoped_to_one_account_covers_only_that_account(
    make_user, make_account, organisation
) -> None:
    owner = make_user("owner", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    press = make_account(organisation, owner=owner, handle="@press@social.example")
    jobs = make_account(organisation, owner=owner, handle="@jobs@social.example")
    publisher = make_user("local", organisation=organisation, role=Role.PUBLISHER)
    publisher.memberships.get().accounts.set([jobs])

    assert user_can(user=publisher, action=Action.PUBLISH, organisation=organisation, account=jobs)
    assert not user_can(
        user=publisher, action=Action.PUBLISH, organisation=organisation, account=press
    )
    assert not user_can(user=publisher, action=Action.PUBLISH, organisation=organisation)


def test_a_disabled_user_can_do_nothing(make_user, organisation) -> None:
    user = make_user("leaver", organisation=organisation, role=Role.SENIOR_APPROVER)
    user.is_active = False
    user.save()
    assert not user_can(user=user, action=Action.VIEW, organisation=organisation)
    assert list(organisation_list_for_user(user=user)) == []


def test_users_with_action_lists_the_senior_approvers(make_user, organisation) -> None:
    senior = make_user("sam", organisation=organisation, role=Role.SENIOR_APPROVER)
    make_user("rex", organisation=organisation, role=Role.REVIEWER)
    assert list(users_with_action(organisation=organisation, action=Action.APPROVE_SENIOR)) == [
        senior
    ]
