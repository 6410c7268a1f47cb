"""Paging through a long list in Chromium: with JavaScript off, the Next and page-number links
keep the filter, and axe finds no serious problem on a page of a paginated list."""

from __future__ import annotations

from typing import Any

import pytest

from govsocial.web.pagination import PAGE_SIZE
from tests.browser.conftest import sign_in_by_cookie
from tests.browser.test_accessibility import blocking_violations

pytestmark = pytest.mark.browser


def test_paging_through_posts_without_javascript(
    browser: Any, live_server: Any, demo: dict[str, Any]
) -> None:
    from govsocial.channels.models import OfficialAccount
    from govsocial.publishing.models import PostStatus
    from tests.web.seed import Desk, seed_posts

    organisation = demo["organisation"]
    user = demo["users"]["publisher"]
    desk = Desk(
        organisation=organisation,
        user=user,
        account=OfficialAccount.objects.filter(organisation=organisation).first(),
    )
    seed_posts(desk, PAGE_SIZE + 4, status=PostStatus.APPROVED, title="Approved")

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(30_000)
    try:
        sign_in_by_cookie(context, live_server, user)
        page = context.new_page()
        page.goto(f"/o/{organisation.slug}/posts/?status=approved")
        assert page.locator("tbody tr").count() == PAGE_SIZE
        pagination = page.get_by_role("navigation", name="Pages of posts")
        assert pagination.locator("[aria-current=page]").inner_text() == "1"

        pagination.get_by_role("link", name="Next page").click()
        page.wait_for_url("**page=2**")
        assert "status=approved" in page.url
        assert page.locator("tbody tr").count() == 4
        assert page.title().startswith("Posts (page 2 of 2)")

        pagination.get_by_role("link", name="Page 1", exact=True).click()
        page.wait_for_url(lambda url: "page=" not in url)
        assert "status=approved" in page.url
    finally:
        context.close()


def test_a_paginated_page_has_no_serious_accessibility_problem(
    context: Any, live_server: Any, demo: dict[str, Any]
) -> None:
    from govsocial.channels.models import OfficialAccount
    from tests.web.seed import Desk, seed_posts

    organisation = demo["organisation"]
    user = demo["users"]["viewer"]
    desk = Desk(
        organisation=organisation,
        user=user,
        account=OfficialAccount.objects.filter(organisation=organisation).first(),
    )
    seed_posts(desk, 5 * PAGE_SIZE)
    sign_in_by_cookie(context, live_server, user)
    page = context.new_page()
    page.goto(f"/o/{organisation.slug}/posts/?page=2")
    assert page.locator(".govuk-pagination__item--ellipses").count() == 1  # 1 2 3 … 6
    assert blocking_violations(page) == []
