"""Fixtures for the public record: a key folder per test, an account, and public audit records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.channels.models import OfficialAccount
from govsocial.publishing.models import Post, PostVersion
from govsocial.records.events import AuditAction
from govsocial.records.models import LogLeaf
from govsocial.records.services import audit_record

HANDLE = "@dept@social.example"


@pytest.fixture(autouse=True)
def log_key_dir(tmp_path: Path, settings: Any) -> Path:
    """Signing keys and the signer's memory live in files: a fresh folder for every test."""
    folder = tmp_path / "log-keys"
    settings.GOVSOCIAL_LOG_KEY_DIR = str(folder)
    settings.GOVSOCIAL_LOG_ORIGIN_HOST = "social.example.gov.uk"
    return folder


@pytest.fixture
def publisher(make_user: Callable[..., User], organisation: Organisation) -> User:
    return make_user("publisher", organisation=organisation, role=Role.PUBLISHER)


@pytest.fixture
def records_manager(make_user: Callable[..., User], organisation: Organisation) -> User:
    return make_user("records", organisation=organisation, role=Role.RECORDS_MANAGER)


@pytest.fixture
def account(
    make_account: Callable[..., OfficialAccount], organisation: Organisation, author: User
) -> OfficialAccount:
    return make_account(organisation, owner=author, handle=HANDLE)


@pytest.fixture
def post(organisation: Organisation, author: User, account: OfficialAccount) -> Post:
    # Made directly, not through the publishing services, which are being rebuilt now.
    created = Post.objects.create(organisation=organisation, author=author, title="Flood")
    created.accounts.set([account])
    PostVersion.objects.create(post=created, number=1, text="Roads closed", created_by=author)
    return created


PublicAction = Callable[..., LogLeaf]


@pytest.fixture
def public_action(
    organisation: Organisation, publisher: User, account: OfficialAccount, post: Post
) -> PublicAction:
    """Writes a public audit record as a service would, and returns the leaf it became."""

    def write(
        action: str = "delivery.published",
        *,
        text: str | None = "Roads closed",
        actor: User | None = None,
        target_organisation: Organisation | None = None,
        **data: Any,
    ) -> LogLeaf:
        payload: dict[str, Any] = {"account_id": account.pk, "network": account.network}
        if text is not None:
            payload["content"] = {"text": text}
        payload.update(data)
        with transaction.atomic():
            record = audit_record(
                organisation=target_organisation or organisation,
                actor=actor if actor is not None else publisher,
                action=AuditAction(action),
                target=post,
                data=payload,
            )
        return LogLeaf.objects.get(audit_record=record)

    return write
