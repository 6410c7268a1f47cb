"""The office-hours SLA clock as the inbox uses it: evenings, weekends and bank holidays do not
count; breaches show on the overview and through inbox_breaches()."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.test import Client

from govsocial.inbox.models import InboundItem, ItemStatus
from govsocial.inbox.selectors import inbox_breaches, inbox_counts
from govsocial.inbox.services import inbound_item_set_status, inbox_settings_set

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Tuesday 10am GMT: 16 staffed hours → Thursday 10am.
        ("2026-11-24T10:00", "2026-11-26T10:00"),
        # Tuesday 8pm (evening): the clock starts Wednesday 9am → Thursday 5pm.
        ("2026-11-24T20:00", "2026-11-26T17:00"),
        # Saturday: starts Monday 9am → Tuesday 5pm.
        ("2026-11-28T11:00", "2026-12-01T17:00"),
        # Christmas Eve 4pm: 1 hour, then 25, 26 (weekend), 28 (substitute Boxing Day) skipped
        # → Tue 29 (8h), Wed 30 (7h) → Wed 30 December 4pm.
        ("2026-12-24T16:00", "2026-12-30T16:00"),
        # Thursday before Easter 2027 at 3pm: 2 hours, Good Friday, weekend, Easter Monday
        # skipped, Tuesday 8h, Wednesday 6h → 3pm BST (clocks went forward on 28 March).
        ("2027-03-25T15:00", "2027-03-31T14:00"),
    ],
)
def test_sla_due_counts_staffed_hours_only(desk, received, due) -> None:
    desk.network.add("A question?", at=at(received))
    desk.sync(now=at(received))
    assert InboundItem.objects.get().sla_due_at.astimezone(UTC) == at(due)


def test_british_summer_time_is_respected(desk) -> None:
    # Monday 1 June 2026, 8am UTC is 9am BST: due Tuesday 5pm BST = 4pm UTC.
    desk.network.add("A question?", at=at("2026-06-01T08:00"))
    desk.sync(now=at("2026-06-01T08:00"))
    assert InboundItem.objects.get().sla_due_at.astimezone(UTC) == at("2026-06-02T16:00")


def test_the_accounts_own_hours_and_target_are_used(desk) -> None:
    inbox_settings_set(
        account=desk.account,
        actor=None,
        weekdays="0,1,2,3,4,5",
        opens=time(8),
        closes=time(20),
        response_target_hours=4,
    )
    desk.network.add("A question?", at=at("2026-11-28T18:00"))  # Saturday 6pm
    desk.sync(now=at("2026-11-28T18:00"))
    # 2 hours on Saturday, then Monday 8am + 2 hours.
    assert InboundItem.objects.get().sla_due_at.astimezone(UTC) == at("2026-11-30T10:00")


def test_breaches_are_open_items_past_their_due_moment(desk) -> None:
    desk.network.add("Old question?", at=at("2026-11-23T10:00"))
    desk.network.add("Answered question?", at=at("2026-11-23T10:00"))
    desk.network.add("Fresh question?", at=at("2026-11-25T16:00"))
    desk.sync(now=at("2026-11-25T16:00"))
    answered = InboundItem.objects.get(remote_id="r2")
    inbound_item_set_status(item=answered, actor=desk.users["author"], status=ItemStatus.REPLIED)
    breaches = inbox_breaches(organisation=desk.organisation, now=at("2026-11-25T16:30"))
    assert [b.remote_id for b in breaches] == ["r1"]
    # Over the weekend nothing new breaches: the Wednesday 4pm item is due Friday 4pm.
    assert [
        b.remote_id
        for b in inbox_breaches(organisation=desk.organisation, now=at("2026-11-27T15:59"))
    ] == ["r1"]
    assert inbox_counts(organisation=desk.organisation, now=at("2026-11-25T16:30"))["overdue"] == 1


def test_an_overdue_foi_request_is_a_breach_even_after_the_first_reply(desk) -> None:
    desk.network.add(
        "Freedom of Information request: please disclose the cost of the new signs. Jane Smith",
        at=at("2026-10-01T10:00"),
    )
    desk.sync(now=at("2026-10-01T10:00"))
    item = InboundItem.objects.get()
    item.first_response_at = at("2026-10-01T11:00")
    item.save()
    assert item.foi_due.isoformat() == "2026-10-29"
    assert inbox_breaches(organisation=desk.organisation, now=at("2026-10-29T20:00")) == []
    assert [
        b.pk for b in inbox_breaches(organisation=desk.organisation, now=at("2026-10-30T09:00"))
    ] == [item.pk]


def test_the_overview_lists_breaches(desk) -> None:
    desk.network.add("Ignored question?", at=at("2020-01-06T10:00"))
    desk.sync(now=at("2020-01-06T10:00"))
    client = Client()
    client.force_login(desk.users["viewer"])
    body = client.get(f"/o/{desk.organisation.slug}/inbox/overview/").content.decode()
    assert "Ignored question?" in body
    queue = client.get(f"/o/{desk.organisation.slug}/inbox/?status=open&overdue=on").content
    assert b"Ignored question?" in queue


def test_the_overview_shows_polling_problems_and_unreadable_payloads(desk) -> None:
    from govsocial.connectors.errors import PlatformDown

    desk.network.unreadable.append({"id": "x", "status": None})
    desk.sync(now=at("2026-11-24T10:00"))
    desk.network.failures.append(PlatformDown("connection refused"))
    desk.sync(now=at("2026-11-24T11:00"))
    client = Client()
    client.force_login(desk.users["viewer"])
    body = client.get(f"/o/{desk.organisation.slug}/inbox/overview/").content.decode()
    assert "connection refused" in body
    assert "1 payload could not be read" in body
