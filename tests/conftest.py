"""Shared fixtures: organisations, users in roles, and signed-in clients."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import settings

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import membership_grant, organisation_create
from govsocial.channels.models import Network, OfficialAccount

PASSWORD = "correct-horse-battery-staple"  # noqa: S105

# Property tests draw the same examples on every run, so a run in CI cannot fail on a case that
# the run before it never drew; exploring new cases is a deliberate act (HYPOTHESIS_PROFILE=explore).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def make_organisation(db: None) -> Callable[[str], Organisation]:
    def make(name: str = "Department for Testing") -> Organisation:
        return organisation_create(name=name)

    return make


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(
        username: str, *, organisation: Organisation | None = None, role: str = Role.VIEWER
    ) -> User:
        user = User.objects.create_user(
            username=username, password=PASSWORD, display_name=username.title()
        )
        if organisation is not None:
            membership_grant(organisation=organisation, user=user, role=role)
        return user

    return make


@pytest.fixture
def make_account(db: None) -> Callable[..., OfficialAccount]:
    def make(
        organisation: Organisation,
        *,
        owner: User,
        handle: str = "@dept@social.example",
        network: str = Network.MASTODON,
    ) -> OfficialAccount:
        return OfficialAccount.objects.create(
            organisation=organisation,
            network=network,
            handle=handle,
            owning_unit="Digital",
            named_owner=owner,
            two_factor_confirmed=True,
            house_rules_url="https://www.example.gov.uk/social-media-use",
        )

    return make


@pytest.fixture
def organisation(make_organisation: Callable[[str], Organisation]) -> Organisation:
    return make_organisation("Department for Testing")


@pytest.fixture
def author(make_user: Callable[..., User], organisation: Organisation) -> User:
    return make_user("author", organisation=organisation, role=Role.AUTHOR)
