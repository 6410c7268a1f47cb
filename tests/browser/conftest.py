"""Real Chromium through Playwright, against Django's live server with the demo data loaded.

Uses Debian's /usr/bin/chromium (never `playwright install`: its download is blocked). Every
test here is marked `browser` and skips, saying why, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("GOVSOCIAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _skip_reason() -> str | None:
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} is missing: apt-get install chromium (CI does)"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError:
        return "playwright or axe-playwright-python is not installed: pip install the dev extras"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # The live server runs views in a thread while Playwright's sync API runs an event loop
    # here; without this Django refuses ORM calls. Only while the browser tests run: Django's
    # deployment check (tests/it/test_security.py) rightly fails when it is set.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(transactional_db: None) -> dict[str, Any]:
    """The demo organisation, one user per role, two accounts and three drafts."""
    from govsocial.accounts.models import Organisation, User
    from govsocial.cli.demo import DEMO_ORGANISATION, DEMO_PASSWORD, demo_load

    demo_load()
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
    return {
        "organisation": organisation,
        "password": DEMO_PASSWORD,
        "users": {u.username: u for u in User.objects.all()},
    }


# Generous: Playwright's wait only ends early on success, so a long ceiling costs nothing when the
# page is fine, and a busy 2-core CI machine can take seconds to serve a page under coverage.
BROWSER_WAIT_MS = 60_000


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(BROWSER_WAIT_MS)
    yield ctx
    ctx.close()


def sign_in_by_cookie(context: Any, live_server: Any, user: Any) -> None:
    """Signs `user` in without the form (the keyboard test signs in through the form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context.clear_cookies()
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
