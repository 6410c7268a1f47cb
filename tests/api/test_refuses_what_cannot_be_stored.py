"""Every input the database cannot store, or an id it cannot hold, gets a clear JSON refusal
(a 4xx naming the problem), never a server error, on SQLite and PostgreSQL alike. Each case
here answered 500 before (issue 12: found by schemathesis and by hand)."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError
from django.test import Client

from govsocial.publishing.models import Post

pytestmark = pytest.mark.django_db

BEYOND_THE_LARGEST_ID = 2**63
NUL = "before\x00after"
MEGABYTE = "x" * 1_000_000


def assert_refused(response, status: int, *words: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    for word in words:
        assert word in detail


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "/posts/{big}", None),
        ("post", "/posts/{big}/submit", None),
        ("post", "/posts/{big}/edit", {"text": "New text"}),
        ("post", "/deliveries/{big}/resolve", {"resolution": "published"}),
        ("get", "/inbox/items/{big}", None),
        ("post", "/inbox/items/{big}/notes", {"text": "A note"}),
        ("get", "/inbox/items?account={big}", None),
        ("post", "/posts/{post}/approve?version={big}", None),
        ("post", "/checks", {"text": "Hello", "accounts": ["{big}"]}),
        ("post", "/checks", {"text": "Hello", "post": "{big}"}),
    ],
)
def test_an_id_beyond_the_database_range_is_a_422(api_desk, method, path, body) -> None:
    path = path.format(big=BEYOND_THE_LARGEST_ID, post=api_desk.post.pk)
    if body is not None:
        body = json.loads(json.dumps(body).replace('"{big}"', str(BEYOND_THE_LARGEST_ID)))
    if method == "get":
        response = api_desk.get(path)
    else:
        response = api_desk.post_json(path, body if body is not None else {})
    assert_refused(response, 422, "less than or equal to 9223372036854775807")


@pytest.mark.parametrize(
    "body, words",
    [
        ({"text": NUL}, ["text", "NUL byte"]),
        ({"text": "Hello", "title": NUL}, ["title", "NUL byte"]),
        ({"text": "Hello", "title": MEGABYTE}, ["title", "at most 200 characters"]),
        ({"text": "Hello", "campaign_code": "C" * 61}, ["campaign_code", "at most 60"]),
        ({"text": "Hello", "campaign_code": NUL}, ["campaign_code", "NUL byte"]),
        ({"text": "Hello", "tags": [MEGABYTE]}, ["tags", "at most 100"]),
        ({"text": "Hello", "tags": ["t"] * 31}, ["tags", "at most 30 items"]),
        ({"text": "Hello", "parliamentary_reference": NUL}, ["parliamentary_reference"]),
        ({"text": MEGABYTE}, ["text", "at most 70000 characters"]),
    ],
)
def test_a_post_the_database_cannot_store_is_refused_and_nothing_is_saved(
    api_desk, body, words
) -> None:
    before = Post.objects.count()
    response = api_desk.post_json("/posts", {"accounts": [api_desk.account.pk], **body})
    assert_refused(response, 422, *words)
    assert Post.objects.count() == before


def test_a_lone_surrogate_in_a_json_body_is_refused(api_desk) -> None:
    # "\ud800" is valid JSON but not a character any database can store.
    raw = '{"text": "\\ud800", "accounts": [' + str(api_desk.account.pk) + "]}"
    before = Post.objects.count()
    response = Client().post(
        api_desk.base + "/posts", raw, content_type="application/json", **api_desk.auth
    )
    assert_refused(response, 422, "text", "not valid UTF-8")
    assert Post.objects.count() == before


@pytest.mark.parametrize(
    "path, body, words",
    [
        ("/notes", {"text": NUL}, ["text", "NUL byte"]),
        ("/reply", {"text": "\ud800"}, ["text", "not valid UTF-8"]),
        ("/reply-check", {"text": NUL}, ["text", "NUL byte"]),
        ("/assign", {"assignee": NUL}, ["assignee", "NUL byte"]),
        ("/status", {"status": NUL}, ["status", "NUL byte"]),
        ("/route", {"queue": "q" * 1000}, ["queue", "at most 32"]),
        ("/moderate", {"kind": "hide", "reason_code": "spam", "note": NUL}, ["note"]),
    ],
)
def test_inbox_writes_refuse_text_the_database_cannot_store(api_desk, path, body, words) -> None:
    response = api_desk.post_json(f"/inbox/items/{api_desk.item.pk}{path}", body)
    assert_refused(response, 400, *words)


@pytest.mark.parametrize(
    "query, words",
    [
        ("search=" + "a" * 100_000, ["search", "at most 200 characters"]),
        ("search=a%00b", ["search", "NUL byte"]),
        ("label=%00", ["label", "NUL byte"]),
        ("assignee=%00", ["assignee", "NUL byte"]),
    ],
)
def test_inbox_search_and_filters_are_capped_and_checked(api_desk, query, words) -> None:
    assert_refused(api_desk.get("/inbox/items?" + query), 422, *words)


def test_other_query_and_path_text_is_checked(api_desk) -> None:
    assert_refused(api_desk.get("/posts?status=%00"), 422, "status", "NUL byte")
    assert_refused(api_desk.get("/it/report?start=%00"), 422, "start", "NUL byte")
    response = Client().get("/api/v1/organisations/a%00b/posts", **api_desk.auth)
    assert_refused(response, 422, "org", "NUL byte")


def test_an_idempotency_key_the_database_cannot_store_is_refused(api_desk) -> None:
    body = {"text": "Hello", "accounts": [api_desk.account.pk]}
    response = api_desk.post_json("/posts", body, HTTP_IDEMPOTENCY_KEY="k\x00")
    assert_refused(response, 400, "Idempotency-Key", "NUL byte")


def test_a_token_the_database_cannot_look_up_is_a_401(api_desk) -> None:
    response = Client().get(api_desk.base + "/posts", HTTP_AUTHORIZATION="Bearer gs_a\x00b_c")
    assert_refused(response, 401, "Bearer")


def test_a_busy_database_is_a_503_in_json_with_retry_after(api_desk, monkeypatch) -> None:
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("govsocial.api.routers.posts.selectors.post_list", locked)
    response = api_desk.get("/posts")
    assert_refused(response, 503, "busy")
    assert int(response["Retry-After"]) > 0


def test_a_defect_in_the_api_is_answered_in_json(api_desk, monkeypatch) -> None:
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("govsocial.api.routers.posts.selectors.post_list", broken)
    assert_refused(api_desk.get("/posts"), 500, "went wrong on our side")


def test_an_unknown_api_address_is_a_json_404(api_desk) -> None:
    response = Client().get("/api/v1/nowhere/at/all", **api_desk.auth)
    assert_refused(response, 404, "no such address")
