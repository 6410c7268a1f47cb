"""No list page is unbounded: with more rows than a page holds, every page of every organisation
shows at most PAGE_SIZE of them, with GOV.UK pagination links that reach every row exactly once.

The pages are found from the URL patterns (every page addressed by the organisation alone), so
a list page added later is checked too, as long as its rows are among those seeded here.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from govsocial.publishing.models import PostStatus
from govsocial.web.pagination import PAGE_SIZE
from tests.web.seed import (
    LONG_AGO,
    desk_with_every_role,
    seed_audit,
    seed_deliveries_needing_check,
    seed_inbox,
    seed_posts,
    seed_public_log,
)

pytestmark = pytest.mark.django_db

MORE_THAN_A_PAGE = PAGE_SIZE + 7


class Rows(HTMLParser):
    """The rows of each list in <main>: table body rows, list items and summary cards.

    Each list becomes a list of row texts; navigation (the pagination links, the inbox's own
    links) is left out.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[list[str]] = []
        self.open: list[list] = []  # [tag, the list of rows directly or indirectly inside it]
        self.row_depth: int | None = None
        self.row_text: list[str] = []
        self.next_href = ""
        self.in_main = False
        self.in_nav = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "main":
            self.in_main = True
        if tag == "nav":
            self.in_nav = True
        if tag == "a" and attributes.get("rel") == "next":
            self.next_href = attributes.get("href") or ""
        if tag in ("br", "input", "img", "meta", "link", "hr", "path"):
            return
        opened: list[str] | None = None
        if self.in_main and not self.in_nav:
            if tag in ("tbody", "ul", "ol"):
                opened = []
                self.lists.append(opened)
            elif self.row_depth is None and (
                tag in ("tr", "li") or "govuk-summary-card" in classes
            ):
                self.row_depth = len(self.open)
                self.row_text = []
        self.open.append([tag, opened])

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag == "nav":
            self.in_nav = False
        while self.open:
            open_tag, _ = self.open.pop()  # also closes elements left open, like <p>
            if self.row_depth is not None and len(self.open) == self.row_depth:
                self.finish_row()
            if open_tag == tag:
                break

    def finish_row(self) -> None:
        """Adds the row to the nearest list around it, or else to its parent's rows."""
        self.row_depth = None
        owners = [entry[1] for entry in self.open if entry[1] is not None]
        if not owners:
            self.open[-1][1] = []  # rows side by side, like summary cards, make a list
            self.lists.append(self.open[-1][1])
            owners = [self.open[-1][1]]
        owners[-1].append(" ".join(" ".join(self.row_text).split()))

    def handle_data(self, data: str) -> None:
        if self.row_depth is not None:
            self.row_text.append(data)


def read_rows(html: str) -> Rows:
    parser = Rows()
    parser.feed(html)
    return parser


def organisation_pages(slug: str) -> list[str]:
    """Every GET-able address that takes the organisation and nothing else."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("api/"):  # the API's lists: tests/api/test_pagination.py
                    walk(pattern.url_patterns, route)
            elif "<" in route and set(pattern.pattern.converters) == {"org"}:
                found.append("/" + route.replace("<slug:org>", slug))

    walk(get_resolver().url_patterns, "")
    return sorted(found)


@pytest.fixture
def desk(organisation, make_user):
    return desk_with_every_role(organisation, make_user("everyone"))


@pytest.fixture
def full_desk(desk):
    seed_posts(desk, MORE_THAN_A_PAGE, status=PostStatus.IN_REVIEW, title="Waiting")
    seed_deliveries_needing_check(desk, MORE_THAN_A_PAGE)
    seed_inbox(desk, MORE_THAN_A_PAGE)
    seed_audit(desk, MORE_THAN_A_PAGE)
    seed_public_log(desk, MORE_THAN_A_PAGE)
    return desk


def signed_in(desk) -> Client:
    client = Client()
    client.force_login(desk.user)
    return client


def walk_pages(client: Client, first: str) -> list[list[str]]:
    """The rows of the longest list on each page, following the Next links to the end."""
    pages: list[list[str]] = []
    address = first
    while address:
        response = client.get(address)
        assert response.status_code == 200, address
        rows = read_rows(response.content.decode())
        pages.append(max(rows.lists, key=len, default=[]))
        path = first.split("?")[0]
        address = path + rows.next_href if rows.next_href.startswith("?") else rows.next_href
        assert len(pages) < 20, f"{first} never ends"
    return pages


def test_the_page_finder_sees_the_list_pages(desk) -> None:
    pages = organisation_pages(desk.organisation.slug)
    slug = desk.organisation.slug
    for known in ("posts/", "inbox/", "audit/", "deliveries/needs-check/", "log/"):
        assert any(page.endswith(f"{slug}/{known}") for page in pages), known


def test_no_page_of_an_organisation_shows_more_than_a_page_of_rows(full_desk) -> None:
    client = signed_in(full_desk)
    paginated = []
    for address in organisation_pages(full_desk.organisation.slug):
        if not address.endswith("/"):
            continue  # the public log's files (checkpoint, key), not pages
        response = client.get(address)
        if response.status_code == 405:
            continue  # an action, not a page
        assert response.status_code == 200, address
        rows = read_rows(response.content.decode())
        longest = max((len(rows_of_list) for rows_of_list in rows.lists), default=0)
        assert longest <= PAGE_SIZE, f"{address} shows {longest} rows"
        if longest == PAGE_SIZE:
            assert rows.next_href, f"{address} shows a full page and no Next link"
            paginated.append(address)
    assert len(paginated) >= 6, paginated


def test_following_next_reaches_every_row_exactly_once(full_desk) -> None:
    client = signed_in(full_desk)
    slug = full_desk.organisation.slug
    for address in (
        f"/o/{slug}/posts/",
        f"/o/{slug}/posts/review/",
        f"/o/{slug}/deliveries/needs-check/",
        f"/o/{slug}/inbox/",
        f"/o/{slug}/audit/",
        f"/public/{slug}/log/",
    ):
        rows = [row for page in walk_pages(client, address) for row in page]
        assert len(rows) == len(set(rows)), f"{address} repeats a row"
        assert len(rows) >= MORE_THAN_A_PAGE, f"{address} reached {len(rows)} rows"


def test_the_posts_list_is_paginated_and_keeps_its_filter(desk) -> None:
    """F15: the posts list rendered every post (558 rows in the demo) on one page."""
    seed_posts(desk, 2 * PAGE_SIZE + 3, status=PostStatus.DRAFT, title="Draft")
    seed_posts(desk, 5, status=PostStatus.PUBLISHED, title="Published")
    client = signed_in(desk)
    address = f"/o/{desk.organisation.slug}/posts/?status=draft"
    pages = walk_pages(client, address)
    assert [len(page) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 3]
    titles = {row.split(" Author")[0].split(" Everyone")[0] for page in pages for row in page}
    assert len(titles) == 2 * PAGE_SIZE + 3
    assert all(title.startswith("Draft") for title in titles)

    second = client.get(address + "&page=2").content.decode()
    assert 'href="?status=draft&amp;page=3" rel="next"' in second
    assert 'href="?status=draft" rel="prev"' in second
    assert 'aria-label="Page 2" aria-current="page"' in second
    assert '<nav class="govuk-pagination" aria-label="Pages of posts">' in second
    assert "Posts (page 2 of 3)" in second
    assert "Showing 51 to 100 of 103 posts." in second


@pytest.mark.parametrize(
    "page", ["0", "-1", "x", "99999", "9" * 5000, "1.5", "", "%00", "2;DROP"], ids=repr
)
def test_any_page_value_shows_a_page_never_an_error(desk, page) -> None:
    seed_posts(desk, PAGE_SIZE + 1)
    response = signed_in(desk).get(f"/o/{desk.organisation.slug}/posts/", {"page": page})
    assert response.status_code == 200
    assert 'aria-current="page"' in response.content.decode()


def test_a_short_list_has_no_pagination(desk) -> None:
    seed_posts(desk, 3)
    body = signed_in(desk).get(f"/o/{desk.organisation.slug}/posts/").content.decode()
    assert "govuk-pagination" not in body and "Post 2" in body


def test_every_page_of_the_inbox_keeps_the_default_open_filter(desk) -> None:
    from govsocial.inbox.models import InboundItem, ItemStatus

    seed_inbox(desk, PAGE_SIZE + 2, prefix="open")
    closed = seed_inbox(desk, 3, prefix="closed")
    InboundItem.objects.filter(pk__in=[i.pk for i in closed]).update(status=ItemStatus.CLOSED)
    pages = walk_pages(signed_in(desk), f"/o/{desk.organisation.slug}/inbox/")
    rows = [row for page in pages for row in page]
    assert len(rows) == PAGE_SIZE + 2, [len(p) for p in pages] + pages[-1]
    assert not any("Message closed" in row for row in rows)


def test_rows_that_tie_on_the_order_each_show_on_exactly_one_page(desk) -> None:
    """Posts are ordered by when they last changed; a bulk change gives many the same moment."""
    from govsocial.publishing.models import Post

    posts = seed_posts(desk, PAGE_SIZE + 9)
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(updated_at=LONG_AGO)
    pages = walk_pages(signed_in(desk), f"/o/{desk.organisation.slug}/posts/")
    titles = [row.split(" Everyone")[0] for page in pages for row in page]
    assert sorted(titles) == sorted(p.title for p in posts)


def test_every_page_order_ends_with_the_id_so_ties_cannot_move_rows_between_pages(db) -> None:
    # The databases return tied rows in whatever order is cheapest, which may differ between
    # the query for page 1 and the query for page 2; small test tables rarely show it.
    from govsocial.inbox.models import SavedReply
    from govsocial.publishing.models import Post
    from govsocial.records.models import LogLeaf
    from govsocial.web.pagination import with_unique_order

    assert with_unique_order(Post.objects.all()).query.order_by == ("-updated_at", "pk")
    assert with_unique_order(SavedReply.objects.order_by("title")).query.order_by == (
        "title",
        "pk",
    )
    assert with_unique_order(LogLeaf.objects.order_by("-id")).query.order_by == ("-id",)


def test_the_inbox_overview_shows_the_most_overdue_and_links_to_all_of_them(desk) -> None:
    from govsocial.web.views.inbox.queue import OVERVIEW_BREACHES

    seed_inbox(desk, OVERVIEW_BREACHES + 5)
    body = signed_in(desk).get(f"/o/{desk.organisation.slug}/inbox/overview/").content.decode()
    breaches = max(read_rows(body).lists, key=len)
    assert len(breaches) == OVERVIEW_BREACHES
    assert "Message m0 " in breaches[0]  # the longest overdue comes first
    assert f'?status=open&amp;overdue=on">See all {OVERVIEW_BREACHES + 5} overdue items</a>' in body
