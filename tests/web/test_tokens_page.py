"""The "Your API tokens" page: what a member of staff sees and does, without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.test import Client
from django.utils import timezone

from govsocial.accounts.models import ApiToken
from govsocial.accounts.roles import Role
from govsocial.accounts.services import api_token_create
from govsocial.records.events import AuditAction
from govsocial.records.models import AuditRecord

PAGE = "/account/tokens/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_needs_sign_in(client: Client, db: None) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_list_shows_created_expires_and_last_used(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    used, secret = api_token_create(user=ada, name="nightly report", days=30)
    ApiToken.objects.filter(pk=used.pk).update(
        created_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        expires_at=timezone.now() + timedelta(days=400),
        last_used_at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
    )
    api_token_create(user=make_user("bob"), name="not ada's")
    page = signed_in(ada).get(PAGE).content.decode()
    assert '<h1 class="govuk-heading-l">Your API tokens</h1>' in page
    assert "nightly report" in page and f"gs_{used.prefix}" in page
    assert "1 Mar 2026" in page and "2 Mar 2026 14:05" in page
    assert "Active" in page and "Revoke<span" in page
    assert "not ada&#x27;s" not in page and "not ada's" not in page
    assert secret.rsplit("_", 1)[-1] not in page


def test_creating_shows_the_secret_once(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    client = signed_in(ada)
    form = client.get(PAGE).content.decode()
    assert 'value="90" checked' in form  # the configured default lifetime is chosen
    created = client.post(PAGE, {"name": "nightly report", "days": "30"})
    assert created.status_code == 200
    page = created.content.decode()
    assert "This is the only time you will see this token." in page
    token = ApiToken.objects.get(user=ada)
    secret = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert secret.startswith(f"gs_{token.prefix}_")
    assert abs(token.expires_at - token.created_at - timedelta(days=30)) < timedelta(minutes=1)
    assert created["Cache-Control"] == "no-store"
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert secret not in client.get(PAGE).content.decode()
    record = AuditRecord.objects.get(action=AuditAction.API_TOKEN_CREATE)
    assert (record.organisation, record.actor) == (organisation, ada)


def test_a_bad_form_says_what_to_fix(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation)
    page = signed_in(ada).post(PAGE, {"name": "", "days": "3650"}).content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_name">Enter what the token is for</a>' in page
    assert "Choose when the token should expire" in page
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_and_then_stops_the_token(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation)
    token, secret = api_token_create(user=ada, name="leaked script")
    client = signed_in(ada)
    confirm = client.get(f"/account/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert "Revoke the token “leaked script”?" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # looking at the question changes nothing

    done = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    page = done.content.decode()
    assert "is revoked: it no longer works" in page
    assert "Revoked" in page
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    record = AuditRecord.objects.get(action=AuditAction.API_TOKEN_REVOKE)
    assert (record.organisation, record.actor) == (organisation, ada)


def test_nobody_sees_or_revokes_someone_elses_token(make_user, organisation) -> None:
    theirs, _ = api_token_create(user=make_user("bob"), name="bob's")
    client = signed_in(make_user("ada", organisation=organisation))
    for token_id in (theirs.pk, 2**63 - 1, 2**63, 10**30):
        assert client.get(f"/account/tokens/{token_id}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_sessions_page_links_to_the_tokens_page(make_user, organisation) -> None:
    page = signed_in(make_user("ada", organisation=organisation)).get("/account/security/")
    assert f'href="{PAGE}">Your API tokens</a>' in page.content.decode()
