from __future__ import annotations

from typing import Any

import pytest

from govsocial.accounts.roles import Role
from govsocial.publishing.services import post_approve, post_create, post_submit

GOOD_TEXT = (
    "Renewing your passport? Apply at least 3 weeks before you travel.\n\n"
    "Read guidance on renewing a passport: https://www.gov.uk/renew-adult-passport"
)


@pytest.fixture
def people(make_user, organisation) -> dict[str, Any]:
    roles = {
        "author": Role.AUTHOR,
        "reviewer": Role.REVIEWER,
        "publisher": Role.PUBLISHER,
        "senior": Role.SENIOR_APPROVER,
        "admin": Role.ACCOUNT_ADMIN,
        "viewer": Role.VIEWER,
    }
    return {
        name: make_user(name, organisation=organisation, role=role) for name, role in roles.items()
    }


@pytest.fixture
def account(make_account, organisation, people):
    return make_account(organisation, owner=people["admin"], handle="@dept")


@pytest.fixture
def make_post(organisation, people, account):
    def make(text: str = GOOD_TEXT, **kwargs: Any):
        kwargs.setdefault("campaign_code", "C-2027-001")
        return post_create(
            organisation=organisation,
            actor=people["author"],
            title="t",
            text=text,
            accounts=[account],
            **kwargs,
        )

    return make


@pytest.fixture
def approved_post(make_post, people):
    post = make_post()
    post_submit(post=post, actor=people["author"])
    return post_approve(post=post, actor=people["reviewer"])


@pytest.fixture(scope="session")
def mastodon_server():
    """A real Mastodon API peer (mastodon-mock) on a loopback port, for the whole session."""
    from mastodon_mock.testing import MockServer

    with MockServer() as server:
        yield server


@pytest.fixture
def mastodon_account(mastodon_server, organisation, people):
    import httpx

    from govsocial.channels.services import account_register

    httpx.post(f"{mastodon_server.base_url}/api/v1/_mock/reset").raise_for_status()
    return account_register(
        organisation=organisation,
        actor=people["admin"],
        network="mastodon",
        handle="@alice",
        owning_unit="Digital",
        named_owner=people["admin"],
        instance_url=str(mastodon_server.base_url),
        house_rules_url="https://www.example.gov.uk/social-media-use",
        two_factor_confirmed=True,
        credentials={"access_token": "alice_token"},
    )


def statuses_on(server, username: str = "alice") -> list[dict]:
    client = server.client(username)
    me = client.account_verify_credentials()
    return list(client.account_statuses(me["id"], limit=40))


# The real Bluesky PDS from the connector tests (skips with its reason where it is not installed).
from tests.connectors.conftest import bluesky_pds  # noqa: E402, F401
