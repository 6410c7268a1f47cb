"""The inbox's headline figures (dashboard, queue, overview): open, unassigned, overdue, and the
open items in each queue, all from one query."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govsocial.inbox.models import InboundItem, ItemStatus, Queue
from govsocial.inbox.selectors import inbox_counts
from tests.web.seed import LONG_AGO, desk_with_every_role, seed_inbox

pytestmark = pytest.mark.django_db


def test_the_figures_count_open_items_only_per_queue_in_one_query(make_user, organisation) -> None:
    desk = desk_with_every_role(organisation, make_user("everyone"))
    items = seed_inbox(desk, 6)  # each past its target; every second one assigned
    InboundItem.objects.filter(pk=items[0].pk).update(status=ItemStatus.CLOSED)
    InboundItem.objects.filter(pk=items[1].pk).update(
        queue=Queue.FOI_OFFICER, first_response_at=LONG_AGO, foi_due=date(2099, 1, 1)
    )
    InboundItem.objects.filter(pk=items[2].pk).update(queue=Queue.FOI_OFFICER)

    with CaptureQueriesContext(connection) as captured:
        counts = inbox_counts(organisation=organisation)

    assert len(captured.captured_queries) == 1
    assert counts == {
        "open": 5,
        "unassigned": 2,  # items 2 and 4; item 0 is closed
        "overdue": 4,  # item 1 was answered and its FOI clock has years to run
        "queue_general": 3,
        "queue_foi_officer": 2,
    }


def test_an_empty_inbox_counts_nothing(organisation) -> None:
    assert inbox_counts(organisation=organisation) == {"open": 0, "overdue": 0, "unassigned": 0}
