"""A member of staff creates and revokes an API token in Chromium with JavaScript switched off.
(axe needs JavaScript; tests/browser/test_accessibility.py checks /account/tokens/ with it.)"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_create_then_revoke_a_token_without_javascript(
    browser: Any, live_server: Any, demo: dict[str, Any]
) -> None:
    from django.test import Client

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(30_000)
    sign_in_by_cookie(context, live_server, demo["users"]["author"])
    page = context.new_page()

    page.goto("/account/tokens/")
    assert page.locator("h1").inner_text() == "Your API tokens"
    page.get_by_label("What is the token for?").fill("nightly report")
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Create token").click()

    assert page.locator("h1").inner_text() == "Copy your new API token"
    secret = page.locator("#new-token").inner_text()
    assert secret.startswith("gs_")
    api = Client()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200

    page.get_by_role("button", name="I have copied the token").click()
    row = page.locator("tr", has_text="nightly report")
    assert "Never" in row.inner_text() or "Active" in row.inner_text()
    assert secret not in page.content()
    row.get_by_role("link", name="Revoke nightly report").click()
    assert "Revoke the token “nightly report”?" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Revoke token").click()

    assert "is revoked: it no longer works" in page.content()
    assert "Revoked" in page.locator("tr", has_text="nightly report").inner_text()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    context.close()
