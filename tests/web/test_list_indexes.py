"""The lists under load read their first page in order from an index, with no sort of the whole
organisation's rows: at 10,000 posts the posts list sorted them all on every request (10 ms).

PostgreSQL only (production's database; `DATABASE_URL=postgres://… pytest`). The test tables are
small, so sequential scans are turned off: the planner then shows whether an index can give the
rows in the page's order, which is what it chooses on a real desk's tables.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from govsocial.inbox.selectors import ItemFilters, inbound_item_list
from govsocial.publishing.selectors import post_list
from govsocial.web.pagination import PAGE_SIZE, with_unique_order

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are PostgreSQL's (production)"
    ),
]


def plan(items: QuerySet[Any]) -> str:
    sql, params = with_unique_order(items)[:PAGE_SIZE].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_posts_list_pages_from_an_index(organisation) -> None:
    shown = plan(post_list(organisation=organisation))
    assert "Sort" not in shown, shown
    filtered = plan(post_list(organisation=organisation, status="draft"))
    assert "Sort" not in filtered, filtered


@pytest.mark.parametrize("filters", [ItemFilters(status="open"), ItemFilters()])
def test_the_inbox_queue_pages_from_an_index(organisation, filters) -> None:
    shown = plan(inbound_item_list(organisation=organisation, filters=filters))
    assert "Sort" not in shown, shown
