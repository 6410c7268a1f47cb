"""The publishing journey through the REST API, with clear errors (the `govsocial post` half is in
tests/cli/test_posts.py)."""

from __future__ import annotations

from django.test import Client

from govsocial.accounts.services import api_token_create
from govsocial.publishing.models import Post
from tests.publishing.conftest import GOOD_TEXT


def api(user) -> tuple[Client, dict[str, str]]:
    _, token = api_token_create(user=user, name="script")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_api_create_submit_approve_schedule(organisation, people, account):
    base = f"/api/v1/organisations/{organisation.slug}/posts"
    client, auth = api(people["author"])
    created = client.post(
        base,
        {"text": GOOD_TEXT, "accounts": [account.pk], "campaign_code": "C-1"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    post = created.json()
    assert post["verdict"] == "pass" and post["status"] == "draft"
    assert client.post(f"{base}/{post['id']}/submit", **auth).json()["status"] == "in_review"

    refused = client.post(f"{base}/{post['id']}/approve", **auth)
    assert refused.status_code == 403
    assert "second person" in refused.json()["detail"]

    reviewer, rauth = api(people["reviewer"])
    assert reviewer.post(f"{base}/{post['id']}/approve", **rauth).json()["status"] == "approved"
    publisher, pauth = api(people["publisher"])
    scheduled = publisher.post(
        f"{base}/{post['id']}/schedule", {"at": None}, content_type="application/json", **pauth
    )
    assert scheduled.json()["deliveries"][0]["state"] == "scheduled"


def test_api_write_with_an_idempotency_key_happens_once(organisation, people, account):
    base = f"/api/v1/organisations/{organisation.slug}/posts"
    client, auth = api(people["author"])
    body = {"text": GOOD_TEXT, "accounts": [account.pk]}
    first = client.post(
        base, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **auth
    )
    again = client.post(
        base, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **auth
    )
    assert first.json() == again.json()
    assert Post.objects.count() == 1
    other = client.post(
        base,
        {**body, "text": "Different"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
        **auth,
    )
    assert other.status_code == 409 and "already used" in other.json()["detail"]


def test_api_bad_input_is_a_clear_error(
    organisation, people, account, make_organisation, make_account, make_user
):
    base = f"/api/v1/organisations/{organisation.slug}/posts"
    client, auth = api(people["author"])
    missing = client.post(base, {"accounts": [account.pk]}, content_type="application/json", **auth)
    assert missing.status_code == 422 and "text" in missing.json()["detail"]
    elsewhere = make_organisation("Elsewhere")
    foreign = make_account(elsewhere, owner=make_user("x", organisation=elsewhere), handle="@other")
    unknown = client.post(
        base, {"text": GOOD_TEXT, "accounts": [foreign.pk]}, content_type="application/json", **auth
    )
    assert unknown.status_code == 400
    assert "not in this organisation's official account register" in unknown.json()["detail"]
    assert client.get(f"{base}/999999", **auth).status_code == 404


def test_live_check_endpoint_returns_findings_as_the_author_types(organisation, people, account):
    client = Client()
    client.force_login(people["author"])
    result = client.post(
        f"/api/v1/organisations/{organisation.slug}/checks",
        {"text": "Click here for more", "accounts": [account.pk]},
        content_type="application/json",
    ).json()
    assert result["verdict"] == "block"
    assert any(
        f["rule"] == "accessibility.link-text" for r in result["reports"] for f in r["findings"]
    )
