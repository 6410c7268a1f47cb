"""A user of organisation B can neither see nor change anything of organisation A, through any URL.

The test walks every URL pattern the project has, so a new page or API route
is covered the moment it exists. A route with a new kind of URL parameter
fails here until the test learns how to fill it with organisation A's value.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from govsocial.accounts.roles import Role
from govsocial.publishing.services import post_create

SECRET_TEXT = "ORG-A-SECRET-DRAFT-7f3a"
SECRET_HANDLE = "@orga-secret-handle"
# Paths that must answer everyone, signed in or not, with nothing tenant-specific.
PUBLIC_NAMES = {
    "login",
    "logout",
    "accessibility",
    "healthz",
    "openapi-json",
    "openapi-view",
    "signed_media",
    "house_rules",
    # The public record (govsocial.records): organisation A's own public log, for everyone.
    "public_log",
    "public_log_entry",
    "public_log_checkpoint",
    "public_log_key",
    "public_log_tile",
}


def walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route: str, values: dict[str, str]) -> str:
    import re

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in values:
            pytest.fail(
                f"URL {route!r} has a parameter <{name}>: teach the isolation test organisation A's value for it"
            )
        return values[name]

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, route).lstrip("^").rstrip("$")


@pytest.fixture
def two_organisations(make_organisation, make_user, make_account):
    org_a = make_organisation("Alpha Agency")
    org_b = make_organisation("Beta Board")
    owner_a = make_user("owner-a", organisation=org_a, role=Role.ACCOUNT_ADMIN)
    author_a = make_user("author-a", organisation=org_a, role=Role.AUTHOR)
    account_a = make_account(org_a, owner=owner_a, handle=SECRET_HANDLE)
    post_a = post_create(
        organisation=org_a,
        actor=author_a,
        title=SECRET_TEXT,
        text=SECRET_TEXT,
        accounts=[account_a],
    )
    from govsocial.accounts.services import api_token_create

    token_a, _ = api_token_create(user=author_a, name="Alpha's nightly script")
    intruder = make_user("intruder", organisation=org_b)
    for role in Role.values:
        if role != Role.VIEWER:
            from govsocial.accounts.services import membership_grant

            membership_grant(organisation=org_b, user=intruder, role=role)
    return {
        "org_a": org_a,
        "org_b": org_b,
        "post_a": post_a,
        "account_a": account_a,
        "token_a": token_a,
        "intruder": intruder,
    }


def test_every_url_hides_organisation_a_from_a_user_of_organisation_b(
    client: Client, two_organisations
) -> None:
    data = two_organisations
    client.force_login(data["intruder"])
    values = {
        "org": data["org_a"].slug,
        "pk": str(data["post_a"].pk),
        "account": str(data["account_a"].pk),
        "index": "0",  # a public log entry
        "tile": "0/000.p/1",  # a public log tile path
        "token": "not-a-valid-signature",  # a signed media link
        "token_id": str(data["token_a"].pk),  # an API token of organisation A's author
    }
    # API writes get a well-formed body, so the answer comes from the permission check and
    # not from input validation that runs before it.
    probe_body = {
        "text": "probe",
        "accounts": [data["account_a"].pk],
        "comments": "probe",
        "resolution": "give_up",
        "at": None,
        "title": "probe",
    }
    checked = 0
    for route, pattern in walk(get_resolver().url_patterns):
        path = "/" + fill(route, values)
        for method in ("get", "post"):
            if method == "post" and path.startswith("/api/"):
                response = client.post(path, probe_body, content_type="application/json")
            else:
                response = getattr(client, method)(path)
            body = response.content.decode(errors="replace")
            assert SECRET_TEXT not in body, f"{method.upper()} {path} leaked organisation A's post"
            assert SECRET_HANDLE not in body, (
                f"{method.upper()} {path} leaked organisation A's account"
            )
            if pattern.name not in PUBLIC_NAMES and "<" in route:
                assert response.status_code in {403, 404, 405}, (
                    f"{method.upper()} {path} answered {response.status_code}"
                )
            checked += 1
        client.force_login(data["intruder"])  # a logout route may have ended the session
    assert checked >= 20
    data["token_a"].refresh_from_db()
    assert data["token_a"].revoked_at is None, "a user of organisation B revoked A's API token"


def test_own_organisation_url_with_another_organisations_post_is_not_found(
    client: Client, two_organisations
) -> None:
    data = two_organisations
    client.force_login(data["intruder"])
    response = client.get(f"/o/{data['org_b'].slug}/posts/{data['post_a'].pk}/")
    assert response.status_code == 404
    assert SECRET_TEXT not in response.content.decode()


def test_the_api_lists_only_the_users_own_organisations(client: Client, two_organisations) -> None:
    client.force_login(two_organisations["intruder"])
    me = client.get("/api/v1/me").json()
    assert [o["name"] for o in me["organisations"]] == ["Beta Board"]
