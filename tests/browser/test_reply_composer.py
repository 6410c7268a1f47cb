"""The reply composer's live checks: findings appear as the author types, severity in words."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in_by_cookie

pytestmark = pytest.mark.browser


def test_live_checks_name_each_severity_in_words(context: Any, live_server: Any, demo) -> None:
    from govsocial.inbox.models import InboundItem

    item = InboundItem.objects.filter(organisation=demo["organisation"]).first()
    sign_in_by_cookie(context, live_server, demo["users"]["author"])
    page = context.new_page()
    page.goto(live_server.url + f"/o/{demo['organisation'].slug}/inbox/items/{item.pk}/")
    page.locator("[data-reply-checks] textarea[name=text]").fill(
        "Vote Labour at the next election. The minister believes this is right. #a #b #c"
    )
    findings = page.locator("[data-reply-findings] li")
    findings.first.wait_for()
    tags = findings.locator("strong.govuk-tag")
    assert tags.all_inner_texts() == ["Blocked", "Needs the senior approver", "Warning"]
    assert "govuk-tag--red" in (tags.first.get_attribute("class") or "")
