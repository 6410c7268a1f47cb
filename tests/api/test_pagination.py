"""No API list is unbounded: every list operation in the OpenAPI document takes `limit` and
`cursor` and answers a page with `next`, and following `next` reaches every row exactly once.

The list operations are found in the OpenAPI document, so a list endpoint added later is
checked too; one that answers a bare array fails here.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import Client

from govsocial.accounts.services import api_token_create
from govsocial.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from govsocial.inbox.models import InboundItem
from govsocial.publishing.models import Post
from tests.web.seed import (
    desk_with_every_role,
    seed_deliveries_needing_check,
    seed_inbox,
    seed_posts,
)

pytestmark = pytest.mark.django_db

SMALL_LIMIT = 7


@pytest.fixture
def desk(organisation, make_user):
    return desk_with_every_role(organisation, make_user("everyone"))


@pytest.fixture
def api(desk) -> Client:
    _, token = api_token_create(user=desk.user, name="paging")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def openapi(api: Client) -> dict[str, Any]:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def list_operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every GET whose answer holds a list of rows: a bare array, or an object with `items`."""
    found = {}
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        content = get["responses"].get("200", {}).get("content", {})
        schema = resolve(document, content.get("application/json", {}).get("schema", {}))
        properties = schema.get("properties", {})
        if schema.get("type") == "array" or "items" in properties:
            found[path] = {"operation": get, "schema": schema}
    return found


def walk(api: Client, first: str) -> list[list[int]]:
    """The ids on each page, following `next` to the end."""
    pages: list[list[int]] = []
    address: str | None = first
    while address:
        response = api.get(address)
        assert response.status_code == 200, (address, response.content)
        body = response.json()
        pages.append([row["id"] for row in body["items"]])
        address = body["next"]
        assert len(pages) < 100, f"{first} never ends"
    return pages


def test_every_list_operation_takes_limit_and_cursor_and_answers_next(api, desk) -> None:
    lists = list_operations(openapi(api))
    assert "/api/v1/organisations/{org}/posts" in lists
    for path, found in lists.items():
        assert found["schema"].get("type") != "array", f"{path} answers a bare, unbounded array"
        assert "next" in found["schema"]["properties"], f"{path} answers no `next`"
        parameters = {p["name"]: p for p in found["operation"].get("parameters", [])}
        assert {"limit", "cursor"} <= set(parameters), f"{path} takes no limit or cursor"
        limit = resolve(openapi(api), parameters["limit"]["schema"])
        assert (limit.get("minimum"), limit.get("maximum")) == (1, MAX_LIMIT), path


def test_following_next_reaches_every_row_of_every_list_exactly_once(api, desk) -> None:
    seed_posts(desk, 3 * SMALL_LIMIT + 2)
    seed_deliveries_needing_check(desk, 2 * SMALL_LIMIT + 1)
    seed_inbox(desk, 2 * SMALL_LIMIT + 3)
    for number in range(2 * SMALL_LIMIT + 1):
        api_token_create(user=desk.user, name=f"script {number}")
    slug = desk.organisation.slug
    expected = {
        "/api/v1/organisations/{org}/posts": Post.objects.filter(organisation=desk.organisation),
        "/api/v1/organisations/{org}/deliveries/needs-check": None,
        "/api/v1/organisations/{org}/inbox/items": InboundItem.objects.all(),
        "/api/v1/organisations/{org}/inbox/breaches": InboundItem.objects.all(),
    }
    for path in list_operations(openapi(api)):
        pages = walk(api, path.replace("{org}", slug) + f"?limit={SMALL_LIMIT}")
        ids = [row for page in pages for row in page]
        assert all(len(page) <= SMALL_LIMIT for page in pages), path
        assert len(ids) == len(set(ids)), f"{path} repeats a row"
        assert len(pages) > 2, f"{path}: seed more than two pages of rows for this list"
        rows = expected.get(path)
        if rows is not None:
            assert sorted(ids) == sorted(rows.values_list("pk", flat=True)), path


def test_all_posts_are_reachable_past_the_old_cap_of_200(api, desk) -> None:
    """F15: GET …/posts stopped at 200 posts with no way to reach the rest."""
    posts = seed_posts(desk, 4 * DEFAULT_LIMIT + 10)
    pages = walk(api, f"/api/v1/organisations/{desk.organisation.slug}/posts")
    assert [len(page) for page in pages] == [DEFAULT_LIMIT] * 4 + [10]
    assert sorted(id for page in pages for id in page) == sorted(p.pk for p in posts)
    biggest = api.get(f"/api/v1/organisations/{desk.organisation.slug}/posts?limit={MAX_LIMIT}")
    assert len(biggest.json()["items"]) == MAX_LIMIT and biggest.json()["next"]


def test_posts_come_newest_first_and_new_posts_do_not_shift_the_pages(api, desk) -> None:
    older = seed_posts(desk, 2 * SMALL_LIMIT, title="Older")
    base = f"/api/v1/organisations/{desk.organisation.slug}/posts"
    first = api.get(f"{base}?limit={SMALL_LIMIT}").json()
    assert [p["id"] for p in first["items"]] == sorted((p.pk for p in older), reverse=True)[
        :SMALL_LIMIT
    ]
    seed_posts(desk, 3, title="Newer")  # written while a script pages through
    rest = walk(api, first["next"])
    seen = [p["id"] for p in first["items"]] + [id for page in rest for id in page]
    assert sorted(seen) == sorted(p.pk for p in older)


def test_next_keeps_the_filters(api, desk) -> None:
    seed_posts(desk, SMALL_LIMIT + 2, status="draft")
    seed_posts(desk, SMALL_LIMIT + 2, status="in_review")
    base = f"/api/v1/organisations/{desk.organisation.slug}/posts"
    first = api.get(f"{base}?status=draft&limit={SMALL_LIMIT}").json()
    assert "status=draft" in first["next"] and f"limit={SMALL_LIMIT}" in first["next"]
    statuses = {p["status"] for p in first["items"] + api.get(first["next"]).json()["items"]}
    assert statuses == {"draft"}


@pytest.mark.parametrize("limit", ["0", "-1", str(MAX_LIMIT + 1), "lots", "1e3", "9" * 30])
def test_a_limit_out_of_range_is_a_clear_422(api, desk, limit) -> None:
    for path in (
        "posts",
        "deliveries/needs-check",
        "inbox/items",
        "inbox/breaches",
    ):
        response = api.get(f"/api/v1/organisations/{desk.organisation.slug}/{path}?limit={limit}")
        assert response.status_code == 422, (path, limit)
        assert "limit" in response.json()["detail"]


def b64(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        "é",
        "x" * 500,
        b64({}),
        b64([]),
        b64([["i", 1]]),
        b64([["t", "2026-01-01T00:00:00+00:00"], ["i", 2**63]]),
        b64([["t", "2026-01-01T00:00:00"], ["i", 1]]),
        b64([["t", "yesterday"], ["i", 1]]),
        b64([["t", "0001-01-01T00:00:00+23:59"], ["i", 1]]),
        b64([["t", "9999-12-31T23:59:59-23:59"], ["i", 1]]),
        b64([["t", "2026-01-01T00:00:00+00:00"], ["i", 1.5]]),
        b64([["t", "2026-01-01T00:00:00+00:00"], ["i", "1" * 5000]]),
        b64([["s", "x"], ["i", 1]]),
        b64([["i", True], ["i", 1]]),
        b64("[" * 5000),
        b64("\x00"),
    ],
    ids=repr,
)
def test_a_cursor_we_did_not_give_out_is_a_clear_422(api, desk, cursor) -> None:
    seed_posts(desk, 2)
    response = api.get(f"/api/v1/organisations/{desk.organisation.slug}/posts", {"cursor": cursor})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert "cursor" in response.json()["detail"]


def test_the_last_page_says_next_is_null(api, desk) -> None:
    seed_posts(desk, 2)
    body = api.get(f"/api/v1/organisations/{desk.organisation.slug}/posts").json()
    assert len(body["items"]) == 2 and body["next"] is None
