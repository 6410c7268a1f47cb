"""The main journeys work by keyboard alone, and at 200% zoom without horizontal scrolling.

Sign in, open the organisation, open its posts, open a post: every step by Tab and Enter, with
the focused element always visibly marked (WCAG 2.4.7 and 2.4.11).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import BROWSER_WAIT_MS, sign_in_by_cookie

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || '').trim(),
    name: el.getAttribute('name') || '',
    href: el.getAttribute('href') || '',
    marked: style.outlineStyle !== 'none' || style.boxShadow !== 'none'
      || style.backgroundColor === 'rgb(255, 221, 0)',
    visible: box.width > 0 && box.height > 0 && box.bottom > 0
      && box.top < window.innerHeight,
  };
}"""


def tab_to(page: Any, describe: str, matches: Any, limit: int = 40) -> dict[str, Any]:
    """Presses Tab until the focused element matches; fails naming what was passed on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["marked"], f"focus on {focused} has no visible focus style"
        assert focused["visible"], f"focus on {focused} is off screen or hidden"
        if matches(focused):
            return focused
        passed.append(focused["text"] or focused["name"] or focused["tag"])
    raise AssertionError(f"could not reach {describe} by Tab; focus went through {passed}")


def no_horizontal_scroll(page: Any) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths[0]} > {widths[1]} px"


def keyboard_journey(page: Any, live_server: Any, demo: dict[str, Any], *, zoomed: bool) -> None:
    organisation = demo["organisation"]
    page.goto(live_server.url + "/")  # signed out: sent to sign in
    assert "/login/" in page.url
    first = tab_to(page, "the skip link", lambda f: f["text"] == "Skip to main content", limit=3)
    assert first["href"] == "#main-content"
    tab_to(page, "the user name", lambda f: f["name"] == "username")
    page.keyboard.type("viewer")  # password alone: no two-factor for viewing
    tab_to(page, "the password", lambda f: f["name"] == "password", limit=3)
    page.keyboard.type(demo["password"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if page.locator("h1").inner_text() == "Your organisations":  # more than one organisation
        no_horizontal_scroll(page) if zoomed else None
        tab_to(page, "the organisation link", lambda f: f["text"] == organisation.name)
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/o/{organisation.slug}/")
    assert page.locator("h1").inner_text() == organisation.name
    if zoomed:
        no_horizontal_scroll(page)
        # The service navigation folds into a Menu button at this width: open it by keyboard.
        tab_to(page, "the Menu button", lambda f: f["tag"] == "button" and f["text"] == "Menu")
        page.keyboard.press("Enter")
    tab_to(page, "Posts in the navigation", lambda f: f["text"] == "Posts")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/o/{organisation.slug}/posts/")
    assert page.locator("h1").inner_text() == "Posts"
    no_horizontal_scroll(page) if zoomed else None

    tab_to(page, "the first post", lambda f: f["text"] == "Passport renewal reminder")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/o/{organisation.slug}/posts/*/")
    assert "Passport renewal reminder" in page.locator("h1").inner_text()
    assert page.locator("main").get_by_text("Renewing your passport?").first.is_visible()
    no_horizontal_scroll(page) if zoomed else None


def test_sign_in_open_posts_and_a_post_by_keyboard_alone(
    context: Any, live_server: Any, demo: dict[str, Any]
) -> None:
    keyboard_journey(context.new_page(), live_server, demo, zoomed=False)


def test_the_same_journey_at_200_percent_zoom_never_scrolls_sideways(
    browser: Any, live_server: Any, demo: dict[str, Any]
) -> None:
    # 200% browser zoom of a 1280 px wide window lays pages out in 640 CSS pixels.
    zoomed = browser.new_context(
        base_url=live_server.url, viewport={"width": 640, "height": 400}, device_scale_factor=2
    )
    zoomed.set_default_timeout(BROWSER_WAIT_MS)
    try:
        keyboard_journey(zoomed.new_page(), live_server, demo, zoomed=True)
    finally:
        zoomed.close()


def test_error_summary_links_move_focus_to_the_field(context: Any, live_server: Any, demo) -> None:
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    tab_to(page, "Sign in", lambda f: f["text"] == "Sign in" and f["tag"] == "button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement !== document.body")
    # GOV.UK Frontend focuses the summary on load; its first link leads to the first field.
    assert page.evaluate("() => document.activeElement.className").startswith("govuk-error-summary")
    tab_to(page, "the error link", lambda f: f["text"] == "Enter your username", limit=3)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.name") == "username"


def test_dashboard_screenshot_for_review(context: Any, live_server: Any, demo) -> None:
    page = context.new_page()
    sign_in_by_cookie(context, live_server, demo["users"]["itadmin"])
    page.goto(live_server.url + f"/o/{demo['organisation'].slug}/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    assert (SCREENSHOTS / "dashboard.png").stat().st_size > 10_000


def test_the_it_pages_fit_at_200_percent_zoom(browser: Any, live_server: Any, demo) -> None:
    zoomed = browser.new_context(
        base_url=live_server.url, viewport={"width": 640, "height": 400}, device_scale_factor=2
    )
    try:
        sign_in_by_cookie(zoomed, live_server, demo["users"]["itadmin"])
        page = zoomed.new_page()
        for name in ("egress", "report"):
            page.goto(live_server.url + f"/o/{demo['organisation'].slug}/it/{name}/")
            assert page.locator("h1").is_visible()
            no_horizontal_scroll(page)
    finally:
        zoomed.close()
