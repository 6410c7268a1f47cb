"""/api/v1/docs renders Swagger UI in headless Chromium from this server's own files, under the
site's strict Content Security Policy (issue 12, F12)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# Generous: the machine running the suite may be busy; rendering is not what is measured.
RENDER_TIMEOUT_MS = 60_000


def test_the_api_docs_render_locally_under_the_csp(
    context: Any, live_server: Any, transactional_db: None
) -> None:
    page = context.new_page()
    requested: list[str] = []
    console_errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: console_errors.append(str(error)))

    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/me").first
    operation.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
    page.locator(".opblock-tag", has_text="me").first.wait_for(timeout=RENDER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)

    assert page.locator(".swagger-ui .info .title", has_text="govsocial API").count() == 1
    server = urlsplit(live_server.url).netloc
    elsewhere = [url for url in requested if urlsplit(url).netloc not in (server, "")]
    assert not elsewhere, f"the docs page asked another host for: {elsewhere}"
    assert any(url.endswith("/api/v1/openapi.json") for url in requested)
    blocked = [text for text in console_errors if "Content Security Policy" in text]
    assert not blocked, f"the CSP blocked: {blocked}"
    assert not console_errors, f"the console shows errors: {console_errors}"
