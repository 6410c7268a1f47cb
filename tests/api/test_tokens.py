"""API tokens (issue 12, F8 and F9): every missing, bad, expired or revoked token gets 401 with
the documented JSON body on reads and writes alike; tokens expire, can be listed and revoked, and
record when they were last used."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from govsocial.accounts.models import ApiToken
from govsocial.accounts.roles import Role
from govsocial.accounts.services import api_token_create, api_token_revoke
from govsocial.core.errors import ApplicationError
from govsocial.records.events import AuditAction
from govsocial.records.models import AuditRecord

DRAFT = {"text": "Roads reopen at 6pm.", "accounts": [], "campaign_code": ""}


@pytest.fixture
def author(make_user, organisation):
    return make_user("script-owner", organisation=organisation, role=Role.AUTHOR)


def read(client: Client, organisation=None, **headers: str):
    return client.get("/api/v1/me", **headers)


def write(client: Client, organisation, **headers: str):
    return client.post(
        f"/api/v1/organisations/{organisation.slug}/posts",
        DRAFT,
        content_type="application/json",
        **headers,
    )


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def expired_token(user) -> str:
    row, token = api_token_create(user=user, name="old script", days=1)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    return token


def revoked_token(user) -> str:
    row, token = api_token_create(user=user, name="leaked", days=30)
    api_token_revoke(token=row, actor=user)
    return token


@pytest.mark.parametrize("call", [read, write], ids=["read", "write"])
@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("missing", "Sign in, or send `Authorization: Bearer <token>`"),
        ("not a token", "That API token is not valid"),
        ("wrong secret", "That API token is not valid"),
        ("another scheme", "Sign in, or send `Authorization: Bearer <token>`"),
        ("expired", "That API token expired on"),
        ("revoked", "That API token was revoked on"),
    ],
)
def test_every_refused_token_gets_401_with_the_documented_body(
    call, case: str, says: str, author, organisation
) -> None:
    _, good = api_token_create(user=author, name="good")
    headers = {
        "missing": {},
        "not a token": bearer("junk"),
        "wrong secret": bearer(good[: good.rindex("_") + 1] + "x" * 43),
        "another scheme": {"HTTP_AUTHORIZATION": "Basic c2NyaXB0OnBhc3N3b3Jk"},
        "expired": bearer(expired_token(author)),
        "revoked": bearer(revoked_token(author)),
    }[case]
    # A client that enforces CSRF as a browser's would: a write with no session must still be
    # 401, never 403 "CSRF check Failed".
    response = call(Client(enforce_csrf_checks=True), organisation, **headers)
    assert response.status_code == 401, response.content
    body = response.json()
    assert set(body) == {"detail", "field"} and body["field"] is None
    assert body["detail"].startswith(says)
    assert "Bearer" in body["detail"]


def test_a_bad_token_is_refused_even_beside_a_signed_in_session(author, organisation) -> None:
    client = Client()
    client.force_login(author)
    response = read(client, **bearer("gs_nope_nope"))
    assert response.status_code == 401
    assert response.json()["detail"].startswith("That API token is not valid")


def test_a_good_token_reads_and_writes(author, organisation, make_account) -> None:
    account = make_account(organisation, owner=author)
    _, token = api_token_create(user=author, name="nightly")
    client = Client(enforce_csrf_checks=True)
    assert read(client, **bearer(token)).status_code == 200
    written = client.post(
        f"/api/v1/organisations/{organisation.slug}/posts",
        {**DRAFT, "accounts": [account.pk]},
        content_type="application/json",
        **bearer(token),
    )
    assert written.status_code == 201, written.content


def test_a_session_write_still_needs_the_csrf_token(author, organisation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert read(client).status_code == 200
    refused = write(client, organisation)
    assert refused.status_code == 403
    assert "CSRF" in refused.content.decode()


def test_a_token_expires_after_the_default_90_days(author, settings) -> None:
    row, _ = api_token_create(user=author, name="nightly")
    assert row.expires_at - row.created_at == pytest.approx(
        timedelta(days=90), abs=timedelta(seconds=5)
    )
    settings.GOVSOCIAL_API_TOKEN_DAYS = 30
    row, _ = api_token_create(user=author, name="monthly")
    assert row.expires_at - row.created_at == pytest.approx(
        timedelta(days=30), abs=timedelta(seconds=5)
    )


def test_its_creator_chooses_the_lifetime_within_the_cap(author, settings) -> None:
    row, _ = api_token_create(user=author, name="weekly", days=7)
    assert row.expires_at - row.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )
    settings.GOVSOCIAL_API_TOKEN_MAX_DAYS = 180
    with pytest.raises(ApplicationError, match="within 1 to 180 days"):
        api_token_create(user=author, name="forever", days=10_000)
    assert not ApiToken.objects.filter(name="forever").exists()


def test_a_script_lists_its_users_tokens_without_any_secret(author, make_user) -> None:
    _, token = api_token_create(user=author, name="nightly")
    api_token_create(user=make_user("someone-else"), name="not yours")
    revoked_token(author)
    page = Client().get("/api/v1/me/tokens", **bearer(token)).json()
    assert page["next"] is None
    listed = page["items"]
    assert [(t["name"], t["state"]) for t in listed] == [
        ("leaked", "revoked"),
        ("nightly", "active"),
    ]
    assert {"created_at", "expires_at", "last_used_at", "prefix"} <= set(listed[0])
    assert token.rsplit("_", 1)[-1] not in str(listed) and "secret_hash" not in listed[0]


def test_revoking_through_the_api_stops_the_token_and_is_audited(author, organisation) -> None:
    row, token = api_token_create(user=author, name="leaked")
    _, other = api_token_create(user=author, name="admin script")
    revoked = Client().delete(f"/api/v1/me/tokens/{row.pk}", **bearer(other))
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked" and revoked.json()["revoked_at"]
    assert read(Client(), **bearer(token)).status_code == 401
    record = AuditRecord.objects.get(action=AuditAction.API_TOKEN_REVOKE)
    assert (record.organisation, record.actor) == (organisation, author)
    assert record.data["prefix"] == row.prefix
    # Revoking again changes nothing and writes nothing.
    assert Client().delete(f"/api/v1/me/tokens/{row.pk}", **bearer(other)).status_code == 200
    assert AuditRecord.objects.filter(action=AuditAction.API_TOKEN_REVOKE).count() == 1


def test_nobody_revokes_someone_elses_token(author, make_user) -> None:
    theirs, their_token = api_token_create(user=make_user("colleague"), name="theirs")
    _, mine = api_token_create(user=author, name="mine")
    for token_id in (theirs.pk, 2**63 - 1):
        refused = Client().delete(f"/api/v1/me/tokens/{token_id}", **bearer(mine))
        assert refused.status_code == 404
        assert refused.json()["detail"].startswith("You have no API token")
    assert Client().delete(f"/api/v1/me/tokens/{2**63}", **bearer(mine)).status_code == 422
    assert read(Client(), **bearer(their_token)).status_code == 200


def test_last_used_is_recorded_at_most_once_a_minute(author) -> None:
    row, token = api_token_create(user=author, name="busy script")
    assert row.last_used_at is None
    read(Client(), **bearer(token))
    row.refresh_from_db()
    first = row.last_used_at
    assert first is not None
    read(Client(), **bearer(token))
    row.refresh_from_db()
    assert row.last_used_at == first
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    read(Client(), **bearer(token))
    row.refresh_from_db()
    assert row.last_used_at > first - timedelta(minutes=2)
