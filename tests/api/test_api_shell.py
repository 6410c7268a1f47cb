from __future__ import annotations

import json
import re

from django.test import Client

from govsocial.accounts.roles import Role
from govsocial.accounts.services import api_token_create


def test_openapi_document_is_published(client: Client, db: None) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "govsocial API"
    assert "/api/v1/me" in document["paths"]


def test_browsable_docs_render(client: Client, db: None) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200


def test_the_docs_page_uses_only_this_servers_files_and_no_inline_script(
    client: Client, db: None
) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assert '<script src="/assets/ninja/swagger-ui-bundle.js">' in page
    assert '<link type="text/css" rel="stylesheet" href="/assets/ninja/swagger-ui.css">' in page
    assert "cdn" not in page.lower() and "https://" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    # Every script is a file from here, or JSON data (which a browser does not run).
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    settings = json.loads(page.split('id="swagger-settings">', 1)[1].split("</script>", 1)[0])
    assert settings["validatorUrl"] is None  # no badge fetched from validator.swagger.io
    assert client.get("/assets/ninja/swagger-ui-bundle.js").status_code == 200


def test_a_script_authenticates_with_a_bearer_token(
    client: Client, make_user, organisation
) -> None:
    user = make_user("script-owner", organisation=organisation, role=Role.PUBLISHER)
    _, token = api_token_create(user=user, name="nightly export")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {
        "username": "script-owner",
        "display_name": "Script-Owner",
        "email": "",
        "organisations": [
            {"slug": organisation.slug, "name": organisation.name, "roles": ["publisher"]}
        ],
    }


def test_a_wrong_or_missing_token_gets_a_clear_401(client: Client, db: None) -> None:
    for header in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer gs_nope_nope"},
        {"HTTP_AUTHORIZATION": "Bearer junk"},
    ):
        response = client.get("/api/v1/me", **header)
        assert response.status_code == 401
        assert "Bearer" in response.json()["detail"]


def test_a_revoked_token_or_disabled_user_is_refused(
    client: Client, make_user, organisation
) -> None:
    user = make_user("leaver", organisation=organisation)
    token_row, token = api_token_create(user=user, name="old")
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_only_a_hash_of_the_token_is_stored(make_user, organisation) -> None:
    user = make_user("ada", organisation=organisation)
    row, token = api_token_create(user=user, name="x")
    secret = token.split("_", 2)[2]
    row.refresh_from_db()
    assert secret not in row.secret_hash
