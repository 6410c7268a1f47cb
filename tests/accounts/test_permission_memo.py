"""A request reads each user's memberships once, and a check still answers what it did before."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govsocial.accounts.models import Membership
from govsocial.accounts.permission_memo import permissions_remembered
from govsocial.accounts.roles import Action, Role
from govsocial.accounts.selectors import organisation_get_for_user, roles_for_user, user_can
from govsocial.accounts.services import membership_grant, membership_revoke
from tests.web.seed import desk_with_every_role, seed_inbox

pytestmark = pytest.mark.django_db


def membership_reads(queries: list[dict[str, str]]) -> int:
    return sum('FROM "accounts_membership"' in q["sql"] for q in queries)


def test_an_inbox_item_page_reads_the_users_memberships_once(make_user, organisation) -> None:
    # The guard, the navigation and the four buttons' checks each asked the database before.
    desk = desk_with_every_role(organisation, make_user("everyone"))
    [item] = seed_inbox(desk, 1)
    client = Client()
    client.force_login(desk.user)
    address = f"/o/{organisation.slug}/inbox/items/{item.pk}/"
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    assert membership_reads(captured.captured_queries) == 1


def test_within_a_request_checks_after_the_first_read_nothing(make_user, organisation) -> None:
    user = make_user("pat", organisation=organisation, role=Role.REVIEWER)
    with permissions_remembered():
        assert user_can(user=user, action=Action.REVIEW, organisation=organisation)
        with CaptureQueriesContext(connection) as captured:
            assert user_can(user=user, action=Action.REVIEW, organisation=organisation)
            assert not user_can(user=user, action=Action.PUBLISH, organisation=organisation)
            assert roles_for_user(user=user, organisation=organisation) == {Role.REVIEWER}
            assert organisation_get_for_user(user=user, slug=organisation.slug) == organisation
            assert organisation_get_for_user(user=user, slug=organisation.slug) == organisation
    assert len(captured.captured_queries) == 1  # the organisation, read once


def test_a_role_granted_during_the_request_counts_at_once(make_user, organisation) -> None:
    user = make_user("pat", organisation=organisation, role=Role.AUTHOR)
    with permissions_remembered():
        assert not user_can(user=user, action=Action.PUBLISH, organisation=organisation)
        membership_grant(organisation=organisation, user=user, role=Role.PUBLISHER)
        assert user_can(user=user, action=Action.PUBLISH, organisation=organisation)


def test_a_role_revoked_during_the_request_stops_counting_at_once(make_user, organisation) -> None:
    user = make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    with permissions_remembered():
        assert user_can(user=user, action=Action.PUBLISH, organisation=organisation)
        membership_revoke(membership=Membership.objects.get(user=user), actor=None)
        assert not user_can(user=user, action=Action.PUBLISH, organisation=organisation)
        assert organisation_get_for_user(user=user, slug=organisation.slug) is None


def test_narrowing_a_role_to_one_account_counts_at_once(
    make_user, make_account, organisation
) -> None:
    owner = make_user("owner", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    press = make_account(organisation, owner=owner, handle="@press@social.example")
    jobs = make_account(organisation, owner=owner, handle="@jobs@social.example")
    publisher = make_user("local", organisation=organisation, role=Role.PUBLISHER)
    with permissions_remembered():
        assert user_can(
            user=publisher, action=Action.PUBLISH, organisation=organisation, account=press
        )
        publisher.memberships.get().accounts.set([jobs])
        assert not user_can(
            user=publisher, action=Action.PUBLISH, organisation=organisation, account=press
        )


def test_deleting_an_account_a_role_was_narrowed_to_counts_at_once(
    make_user, make_account, organisation
) -> None:
    owner = make_user("owner", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    make_account(organisation, owner=owner, handle="@press@social.example")
    jobs = make_account(organisation, owner=owner, handle="@jobs@social.example")
    publisher = make_user("local", organisation=organisation, role=Role.PUBLISHER)
    publisher.memberships.get().accounts.set([jobs])
    with permissions_remembered():
        assert not user_can(user=publisher, action=Action.PUBLISH, organisation=organisation)
        jobs.delete()  # the scope row goes in the cascade: the role covers every account again
        assert user_can(user=publisher, action=Action.PUBLISH, organisation=organisation)


def test_a_grant_rolled_back_during_the_request_is_not_remembered(make_user, organisation) -> None:
    user = make_user("pat", organisation=organisation, role=Role.AUTHOR)
    with permissions_remembered():
        with pytest.raises(RuntimeError), transaction.atomic():
            membership_grant(organisation=organisation, user=user, role=Role.PUBLISHER)
            assert user_can(user=user, action=Action.PUBLISH, organisation=organisation)
            raise RuntimeError("the service failed after granting")
        assert not user_can(user=user, action=Action.PUBLISH, organisation=organisation)


def test_outside_a_request_every_check_reads_afresh_in_one_query(
    make_user, make_account, organisation
) -> None:
    owner = make_user("owner", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    press = make_account(organisation, owner=owner, handle="@press@social.example")
    jobs = make_account(organisation, owner=owner, handle="@jobs@social.example")
    user = make_user("pat", organisation=organisation, role=Role.REVIEWER)
    membership_grant(organisation=organisation, user=user, role=Role.PUBLISHER)
    Membership.objects.get(user=user, role=Role.PUBLISHER).accounts.set([press, jobs])
    assert user_can(user=user, action=Action.REVIEW, organisation=organisation)
    with CaptureQueriesContext(connection) as captured:
        # The roles and the accounts each is narrowed to come in one query.
        assert user_can(user=user, action=Action.REVIEW, organisation=organisation)
        assert not user_can(user=user, action=Action.PUBLISH, organisation=organisation)
        assert user_can(user=user, action=Action.PUBLISH, organisation=organisation, account=jobs)
    assert len(captured.captured_queries) == 3


def test_a_request_served_at_the_same_time_on_another_thread_remembers_nothing(
    make_user, organisation
) -> None:
    from govsocial.accounts.permission_memo import CURRENT_MEMO

    seen = []
    with permissions_remembered():
        thread = threading.Thread(target=lambda: seen.append(CURRENT_MEMO.get()))
        thread.start()
        thread.join(timeout=60)
    assert seen == [None]
