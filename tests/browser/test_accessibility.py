"""axe finds no serious or critical problem on any page a signed-in user of each role, or an
anonymous visitor, can reach (WCAG 2.2 AA; reliability.md SEC-7).

Pages are found by walking the URL patterns, as the tenant-isolation test does, and filled
with the demo organisation's values, so a new page is checked the moment it exists.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.browser.conftest import sign_in_by_cookie

pytestmark = pytest.mark.browser

# Not pages: machine endpoints, actions that need a POST, sign-out, and the hand-off to SSO.
SKIP_NAMES = {
    "healthz",
    "logout",
    "openapi-json",
    "openapi-view",
    "me",
    "api-root",
    "oidc_login",
    "oidc_callback",
}
ROLES = [
    "viewer",
    "author",
    "reviewer",
    "publisher",
    "senior",
    "propriety",
    "records",
    "dpo",
    "foi",
    "accounts",
    "itadmin",
]
BLOCKING = {"serious", "critical"}


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def page_paths(values: dict[str, str]) -> list[str]:
    paths = []
    for route, pattern in walk(get_resolver().url_patterns):
        if pattern.name in SKIP_NAMES or route.startswith("api/"):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        unknown = [name for name in names if name not in values]
        if unknown:
            # e.g. a signed media token: not a page. A new kind of page parameter shows up here.
            warnings.warn(f"axe skips {route!r}: no demo value for {unknown}", stacklevel=2)
            continue
        filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
        paths.append("/" + filled)
    return sorted(set(paths))


def fingerprint(html: str) -> str:
    """The page's structure: its elements and attributes, with each run of text reduced to a
    marker (so an empty link or heading still differs from a filled one) and without what
    changes per request (tokens, nonces). Pages that differ only in wording, such as the
    signed-in name or the role tags, are checked once."""
    html = re.sub(r'(nonce|value)="[^"]*"', "", html)
    html = re.sub(r">[^<]*\S[^<]*<", ">T<", html)
    return hashlib.sha256(html.encode()).hexdigest()


def blocking_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_no_serious_or_critical_axe_findings_on_any_reachable_page(
    context: Any, live_server: Any, demo: dict[str, Any]
) -> None:
    from govsocial.channels.models import OfficialAccount
    from govsocial.publishing.models import Post

    organisation = demo["organisation"]
    values = {
        "org": organisation.slug,
        "pk": str(Post.objects.filter(organisation=organisation).order_by("pk").first().pk),
        "account": str(OfficialAccount.objects.filter(organisation=organisation).first().pk),
    }
    paths = page_paths(values)
    page = context.new_page()
    checked: dict[str, str] = {}
    problems: list[str] = []
    visits = 0
    from django.test import Client

    for who in [None, *ROLES]:
        probe = Client(raise_request_exception=False)
        if who is None:
            context.clear_cookies()
        else:
            sign_in_by_cookie(context, live_server, demo["users"][who])
            probe.force_login(demo["users"][who])
        for path in paths:
            answer = probe.get(path, follow=True)
            if answer.status_code >= 500:
                problems.append(
                    f"{path} as {who or 'anonymous'}: server error {answer.status_code}"
                )
                continue
            if answer.status_code == 405 or "text/html" not in answer.get("Content-Type", ""):
                continue  # an action that takes a POST, or a download: not a page
            key = fingerprint(answer.content.decode(errors="replace"))
            if key in checked:
                continue  # the same page another role or path already showed
            checked[key] = f"{path} as {who or 'anonymous'}"
            response = page.goto(live_server.url + path)
            visits += 1
            assert response is not None and response.status < 500, f"{path} as {who}: error"
            for finding in blocking_violations(page):
                problems.append(f"{path} as {who or 'anonymous'} ({page.url}): {finding}")
    assert len(checked) >= 10, f"only {len(checked)} distinct pages were reached"
    assert not problems, "pages with serious or critical problems:\n" + "\n".join(problems)
