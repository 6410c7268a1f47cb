"""Page-sized slices of a list for the web pages, and the links of the GOV.UK pagination component.

Every list page shows at most PAGE_SIZE rows. `?page=` comes from the address bar, so anything
that is not a page number shows the first page and a number past the end shows the last: a
mistyped link never answers with an error. The other query parameters (the filters) are kept
in every link, and the links are plain anchors, so paging works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for the "…" between distant page numbers
    href: str
    current: bool


@dataclass(frozen=True)
class Pagination:
    page: Page[Any]
    links: list[PageLink]
    previous_href: str
    next_href: str

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)  # a sliced queryset keeps its rows: one query

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def has_other_pages(self) -> bool:
        return self.page.has_other_pages()


def page_href(request: HttpRequest, number: int) -> str:
    """The address of page `number` of this list, with the request's filters kept."""
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


def with_unique_order(items: QuerySet[Any]) -> QuerySet[Any]:
    """The same order, with the id last: rows that tie (same title, same time) stay on one page
    each, rather than moving between pages from one query to the next."""
    ordering = list(items.query.order_by or items.model._meta.ordering)
    last = ordering[-1] if ordering else None
    if isinstance(last, str) and last.removeprefix("-") in ("pk", "id"):
        return items
    return items.order_by(*ordering, "pk")


def paginate(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], *, per_page: int = PAGE_SIZE
) -> Pagination:
    if isinstance(items, QuerySet):
        items = with_unique_order(items)
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    links = [
        PageLink(number=None, href="", current=False)
        if number == Paginator.ELLIPSIS
        else PageLink(
            number=int(number),
            href=page_href(request, int(number)),
            current=number == page.number,
        )
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return Pagination(
        page=page,
        links=links,
        previous_href=page_href(request, page.number - 1) if page.has_previous() else "",
        next_href=page_href(request, page.number + 1) if page.has_next() else "",
    )
