"""A small desk for API tests: one organisation, a scripting user with most roles, an X account
(X cannot moderate, so nothing reaches a network), a draft post and an inbox item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import api_token_create, membership_grant
from govsocial.channels.models import Network, OfficialAccount
from govsocial.inbox.models import InboundItem
from govsocial.publishing.models import Post
from govsocial.publishing.services import post_create

SCRIPT_ROLES = (
    Role.AUTHOR,
    Role.REVIEWER,
    Role.PUBLISHER,
    Role.DATA_PROTECTION_OFFICER,
    Role.IT_ADMIN,
)


@dataclass
class ApiDesk:
    organisation: Organisation
    user: User
    account: OfficialAccount
    post: Post
    item: InboundItem
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}

    @property
    def base(self) -> str:
        return f"/api/v1/organisations/{self.organisation.slug}"

    def post_json(self, path: str, body: Any, **headers: str) -> Any:
        return Client().post(
            self.base + path, body, content_type="application/json", **self.auth, **headers
        )

    def get(self, path: str) -> Any:
        return Client().get(self.base + path, **self.auth)


@pytest.fixture
def api_desk(organisation, make_user, make_account) -> ApiDesk:
    user = make_user("script", organisation=organisation, role=Role.VIEWER)
    for role in SCRIPT_ROLES:
        membership_grant(organisation=organisation, user=user, role=role)
    account = make_account(organisation, owner=user, handle="@dept", network=Network.X)
    post = post_create(
        organisation=organisation,
        actor=user,
        title="Library hours",
        text="The central library opens at 9am on Saturdays from 4 May.",
        accounts=[account],
        campaign_code="C-2027-001",
    )
    item = InboundItem.objects.create(
        organisation=organisation,
        account=account,
        remote_id="1",
        kind="mention",
        author_handle="@resident",
        received_at=timezone.now(),
        original_text="When does the library reopen?",
        redacted_text="When does the library reopen?",
    )
    _, token = api_token_create(user=user, name="fuzz")
    return ApiDesk(
        organisation=organisation, user=user, account=account, post=post, item=item, token=token
    )
