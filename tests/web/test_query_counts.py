"""The pages under load read the database a fixed number of times, however many rows they show.

Each page is measured with a few rows and again with ten times as many; an N+1 query (one more
query per row) makes the second count larger. The pages are those the load benchmark drives.
Each also has a ceiling, today's count: a change that adds a fixed query to a page under load
(a permission read no longer remembered for the request, a count split in two) fails here, and
whoever cuts one lowers the ceiling. Every staff page's count includes the session, the user,
the organisation and the user's roles with their account scope: 4 queries.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govsocial.accounts.services import api_token_create
from govsocial.inbox.models import InboundItem, Thread
from govsocial.publishing.models import Post, PostStatus
from tests.web.seed import (
    Desk,
    desk_with_every_role,
    seed_audit,
    seed_deliveries_needing_check,
    seed_inbox,
    seed_item_history,
    seed_post_history,
    seed_posts,
    seed_public_log,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 5, 50


@pytest.fixture
def desk(organisation, make_user) -> Desk:
    return desk_with_every_role(organisation, make_user("everyone"))


@pytest.fixture
def client(desk) -> Client:
    signed_in = Client()
    signed_in.force_login(desk.user)
    return signed_in


def queries(client: Client, address: str) -> list[str]:
    client.get(address)  # the first request of a session reads a few things once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, address
    return [query["sql"] for query in captured.captured_queries]


def assert_same_count(
    client: Client, address: Callable[[], str], grow: Callable[[int], None], *, at_most: int
) -> None:
    grow(FEW)
    few = queries(client, address())
    grow(MANY - FEW)
    many = queries(client, address())
    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= at_most, "\n".join(many)


def test_the_dashboard(client, desk) -> None:
    def grow(n: int) -> None:
        seed_posts(desk, n, status=PostStatus.IN_REVIEW)
        seed_deliveries_needing_check(desk, n)
        seed_inbox(desk, n, prefix=f"d{n}-")
        seed_audit(desk, n)
        seed_public_log(desk, n)

    # Before the per-request permission memo, the grouped counts and one query
    # for roles with their scope: 30.
    assert_same_count(client, lambda: f"/o/{desk.organisation.slug}/", grow, at_most=15)


def test_the_posts_list(client, desk) -> None:
    assert_same_count(
        client,
        lambda: f"/o/{desk.organisation.slug}/posts/",
        lambda n: seed_posts(desk, n) and None,
        at_most=7,
    )


def test_a_post(client, desk) -> None:
    [post] = seed_posts(desk, 1, status=PostStatus.PUBLISHED)

    def grow(n: int) -> None:
        seed_post_history(desk, Post.objects.get(pk=post.pk), n)

    assert_same_count(
        client, lambda: f"/o/{desk.organisation.slug}/posts/{post.pk}/", grow, at_most=13
    )


def test_the_inbox_list(client, desk) -> None:
    assert_same_count(
        client,
        lambda: f"/o/{desk.organisation.slug}/inbox/",
        lambda n: seed_inbox(desk, n, prefix=f"q{n}-") and None,
        at_most=9,
    )


def test_an_inbox_item(client, desk) -> None:
    [item] = seed_inbox(desk, 1, prefix="first")
    thread = Thread.objects.create(
        organisation=desk.organisation, account=desk.account, remote_thread_id="t1"
    )
    InboundItem.objects.filter(pk=item.pk).update(thread=thread)

    def grow(n: int) -> None:
        replies = seed_inbox(desk, n, prefix=f"reply{n}-")
        InboundItem.objects.filter(pk__in=[r.pk for r in replies]).update(thread=thread)
        seed_item_history(desk, item, n)

    # Before the per-request permission memo, one query for assignable users and
    # one for roles with their scope: 28.
    assert_same_count(
        client, lambda: f"/o/{desk.organisation.slug}/inbox/items/{item.pk}/", grow, at_most=12
    )


def test_the_audit_trail(client, desk) -> None:
    assert_same_count(
        client,
        lambda: f"/o/{desk.organisation.slug}/audit/",
        lambda n: seed_audit(desk, n) and None,
        at_most=6,
    )


def test_the_needs_check_queue(client, desk) -> None:
    assert_same_count(
        client,
        lambda: f"/o/{desk.organisation.slug}/deliveries/needs-check/",
        lambda n: seed_deliveries_needing_check(desk, n) and None,
        at_most=6,
    )


API_CEILINGS = {"posts": 8, "inbox/items": 6, "inbox/breaches": 6, "deliveries/needs-check": 5}


@pytest.mark.parametrize("path", list(API_CEILINGS))
def test_the_api_lists(desk, path) -> None:
    _, token = api_token_create(user=desk.user, name="counting")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def grow(n: int) -> None:
        seed_posts(desk, n)
        seed_inbox(desk, n, prefix=f"api{n}-")
        seed_deliveries_needing_check(desk, n)

    assert_same_count(
        api,
        lambda: f"/api/v1/organisations/{desk.organisation.slug}/{path}",
        grow,
        at_most=API_CEILINGS[path],
    )


def test_the_public_log(desk) -> None:
    assert_same_count(
        Client(),
        lambda: f"/public/{desk.organisation.slug}/log/",
        lambda n: seed_public_log(desk, n),
        at_most=7,
    )
