"""Pages answer a number the database cannot hold with the GOV.UK 404, and text it cannot store
with a form error in the shared words, never the 500 page (issue 12)."""

from __future__ import annotations

import pytest
from django.test import Client

from govsocial.accounts.roles import Role
from govsocial.publishing.models import Post
from govsocial.publishing.services import post_create, post_submit

pytestmark = pytest.mark.django_db

BEYOND_THE_LARGEST_ID = 2**63
DESK_PAGES = [
    "posts/{big}/",
    "deliveries/{big}/resolve/",
    "accounts/{big}/",
    "inbox/items/{big}/",
    "inbox/moderation/{big}/appeal/",
    "inbox/accounts/{big}/",
]
PUBLIC_PAGES = ["house-rules/{big}/", "log/entry/{big}/"]


@pytest.fixture
def signed_in(client: Client, make_user, organisation) -> Client:
    client.force_login(make_user("ada", organisation=organisation, role=Role.PUBLISHER))
    return client


@pytest.mark.parametrize("page", DESK_PAGES)
def test_a_desk_page_for_an_id_beyond_the_database_range_is_not_found(
    signed_in: Client, organisation, page
) -> None:
    response = signed_in.get(f"/o/{organisation.slug}/" + page.format(big=BEYOND_THE_LARGEST_ID))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_page_for_a_number_beyond_the_database_range_is_not_found(
    client: Client, organisation, page
) -> None:
    response = client.get(f"/public/{organisation.slug}/" + page.format(big=BEYOND_THE_LARGEST_ID))
    assert response.status_code == 404


def test_the_largest_id_still_reaches_the_page(signed_in: Client, organisation) -> None:
    response = signed_in.get(f"/o/{organisation.slug}/posts/{2**63 - 1}/")
    assert response.status_code == 404  # no such post, answered by the page itself


def test_a_nul_byte_in_a_form_is_a_form_error_in_the_shared_words(
    signed_in: Client, organisation, make_account, make_user
) -> None:
    account = make_account(organisation, owner=make_user("owner"))
    response = signed_in.post(
        f"/o/{organisation.slug}/posts/new/",
        {"text": "Library\x00hours", "accounts": [account.pk], "risk_class": "routine"},
    )
    assert response.status_code == 200
    assert "This cannot be saved: it contains a NUL byte" in response.content.decode()
    assert not Post.objects.exists()


def test_a_post_list_filtered_by_an_unknown_status_lists_every_post(
    signed_in: Client, organisation
) -> None:
    response = signed_in.get(f"/o/{organisation.slug}/posts/?status=%00")
    assert response.status_code == 200


def test_an_approval_with_a_version_that_is_not_a_number_is_not_an_error(
    signed_in: Client, organisation, make_account, make_user
) -> None:
    author = make_user("author", organisation=organisation, role=Role.AUTHOR)
    post = post_create(
        organisation=organisation,
        actor=author,
        title="Hours",
        text="The library opens at 9am.",
        accounts=[make_account(organisation, owner=author)],
        campaign_code="C-2027-001",
    )
    post_submit(post=post, actor=author)
    response = signed_in.post(
        f"/o/{organisation.slug}/posts/{post.pk}/approve/", {"version": "²"}, follow=True
    )
    assert response.status_code == 200  # "²" is a digit to str.isdigit, but not a version
