"""Ingest: each item stored once, redacted on arrival, triaged, threaded, clocked; failures
back one account off and lose nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from govsocial.connectors.base import InboundItem as RemoteItem
from govsocial.connectors.base import InboundKind
from govsocial.connectors.errors import AuthExpired, MalformedResponse, PlatformDown, RateLimited
from govsocial.inbox.models import (
    InboundItem,
    InboxCursor,
    Queue,
    RetentionClass,
    Thread,
    TriageLabel,
    UnreadablePayload,
)
from govsocial.inbox.services import inbox_sync, store_page
from govsocial.records.models import AuditRecord

from .conftest import T0, FakeConnector, FakeNetwork

pytestmark = pytest.mark.django_db

VALID_NHS = "943 476 5919"
FOI_REQUEST = (
    "Under the Freedom of Information Act please disclose the number of flood warnings issued "
    "in 2025, broken down by region. Thanks, Ben Adeyemi"
)


def test_items_are_stored_once_with_redacted_text_and_restricted_original(desk) -> None:
    desk.network.add("When do the new opening hours start?")
    desk.network.add(f"My NHS number is {VALID_NHS}, can you check my record?")
    result = desk.sync()
    assert result.status == "ok" and result.stored == 2
    item = InboundItem.objects.get(remote_id="r2")
    assert VALID_NHS not in item.redacted_text
    assert "[NHS number removed]" in item.redacted_text
    assert item.original_text.endswith("can you check my record?")
    assert VALID_NHS in item.original_text
    assert item.personal_data_kinds == ["nhs_number"]
    assert item.retention_class == RetentionClass.RESTRICTED
    plain = InboundItem.objects.get(remote_id="r1")
    assert plain.triage_label == TriageLabel.QUESTION
    assert plain.retention_class == RetentionClass.STANDARD
    assert plain.triage_reasons and plain.triage_confidence > 0


def test_a_second_sync_and_redeliveries_create_nothing(desk) -> None:
    for n in range(5):
        desk.network.add(f"Question number {n}?")
    desk.sync()
    desk.network.redeliver_last = True
    desk.network.add("One more?")
    desk.sync()
    InboxCursor.objects.filter(account=desk.account).update(cursor="")  # replay everything
    desk.sync()
    assert InboundItem.objects.count() == 6
    assert sorted(InboundItem.objects.values_list("remote_id", flat=True)) == sorted(
        f"r{n}" for n in range(1, 7)
    )


def test_the_same_item_twice_in_one_page_is_stored_once(desk) -> None:
    desk.network.add("Hello?", remote_id="dup")
    desk.network.add("Hello?", remote_id="dup")
    result = desk.sync()
    assert result.stored == 1 and result.duplicates == 1
    assert InboundItem.objects.filter(remote_id="dup").count() == 1


def test_a_burst_larger_than_a_page_is_fetched_page_by_page(desk) -> None:
    desk.network.page_size = 7
    for n in range(30):
        desk.network.add(f"Is the office open on day {n}?")
    result = desk.sync()
    assert result.stored == 30 and result.pages >= 5
    assert InboxCursor.objects.get(account=desk.account).cursor == "30"


def test_foi_request_goes_to_the_foi_officer_with_its_20_working_day_clock(desk) -> None:
    # Received Tuesday 24 November 2026: day 1 is the 25th; 20 working days is 22 December.
    desk.network.add(FOI_REQUEST, name="Ben Adeyemi", at=T0)
    desk.sync()
    item = InboundItem.objects.get()
    assert item.triage_label == TriageLabel.POSSIBLE_FOI
    assert item.queue == Queue.FOI_OFFICER
    assert item.foi_due == date(2026, 12, 22)
    assert item.requester_name == "Ben Adeyemi"
    routed = AuditRecord.objects.get(action="inbound_item.route")
    assert routed.data["queue"] == "foi_officer" and routed.data["due"] == "2026-12-22"


def test_sar_goes_to_the_dpo_with_one_month_extendable_by_two(desk) -> None:
    desk.network.add(
        "This is a subject access request: please send me a copy of all the information you "
        "hold about me.",
        at=T0,
    )
    desk.sync()
    item = InboundItem.objects.get()
    assert item.queue == Queue.DATA_PROTECTION_OFFICER
    assert item.sar_due == date(2026, 12, 24)
    assert item.sar_extended_due == date(2027, 2, 24)


def test_individual_case_gets_the_secure_channel_reply(desk) -> None:
    from govsocial.inbox.services import inbox_settings_set

    inbox_settings_set(
        account=desk.account, actor=None, secure_channel_url="https://www.gov.uk/contact-dwp"
    )
    desk.network.add("My universal credit payment has stopped and nobody will tell me why")
    desk.sync()
    item = InboundItem.objects.get()
    assert item.triage_label == TriageLabel.INDIVIDUAL_CASE
    assert "https://www.gov.uk/contact-dwp" in item.suggested_reply


def test_replies_join_their_parents_thread(desk) -> None:
    desk.network.add("Is the bridge open?", remote_id="100", in_reply_to="our-post-1")
    desk.network.add("Still waiting for an answer", remote_id="101", in_reply_to="100")
    desk.sync()
    desk.network.add("Anyone?", remote_id="102", in_reply_to="101")
    desk.sync()
    threads = Thread.objects.all()
    assert threads.count() == 1
    assert set(threads[0].items.values_list("remote_id", flat=True)) == {"100", "101", "102"}


def test_sla_due_is_two_working_days_in_staffed_hours(desk) -> None:
    # Friday 27 November 2026 at 4pm: 1 hour on Friday, 8 on Monday, 7 on Tuesday → Tue 4pm.
    desk.network.add("Question?", at=T0.replace(day=27, hour=16))
    desk.sync()
    due = InboundItem.objects.get().sla_due_at
    assert due.isoformat() == "2026-12-01T16:00:00+00:00"


def test_spam_has_no_sla_clock(desk) -> None:
    desk.network.add("Earn £500 a day with crypto, guaranteed returns! DM me, link in bio")
    desk.sync()
    item = InboundItem.objects.get()
    assert item.triage_label == TriageLabel.SPAM
    assert item.sla_due_at is None and item.queue == Queue.MODERATION


def test_malformed_items_are_kept_for_a_person_and_do_not_stop_the_page(desk) -> None:
    desk.network.add("A fine question?")
    desk.network.items.append(
        RemoteItem(
            remote_id="",
            kind=InboundKind.MENTION,
            author_handle="x",
            author_name="",
            text="no id",
            created_at=None,
            thread_id=None,
            in_reply_to=None,
            url="",
            raw={"weird": True},
        )
    )
    desk.network.items.append(
        RemoteItem(
            remote_id="r9",
            kind=InboundKind.MENTION,
            author_handle="x\x00y",
            author_name="",
            text="NUL \x00 in text",
            created_at=None,
            thread_id=None,
            in_reply_to=None,
            url="",
        )
    )
    desk.network.unreadable.append({"id": "broken", "status": None})
    result = desk.sync()
    assert result.status == "ok" and result.stored == 2 and result.unreadable == 2
    assert InboundItem.objects.get(remote_id="r9").original_text == "NUL \ufffd in text"
    problems = set(UnreadablePayload.objects.values_list("problem", flat=True))
    assert "the item has no usable id" in problems


@pytest.mark.parametrize(
    ("error", "status", "wait"),
    [
        (RateLimited("slow down", retry_after=900), "rate_limited", timedelta(seconds=900)),
        (PlatformDown("connection refused"), "down", timedelta(seconds=60)),
        (MalformedResponse("not JSON"), "down", timedelta(seconds=60)),
        (AuthExpired("token revoked"), "auth_expired", timedelta(hours=1)),
        (RuntimeError("bug in connector"), "error", timedelta(seconds=60)),
    ],
)
def test_failures_back_the_account_off_without_moving_the_cursor(desk, error, status, wait) -> None:
    desk.network.add("First?")
    desk.sync(now=T0)
    desk.network.add("Second?")
    desk.network.failures.append(error)
    moment = T0 + timedelta(hours=1)
    result = desk.sync(now=moment)
    cursor = InboxCursor.objects.get(account=desk.account)
    assert result.status == status
    assert cursor.cursor == "1"
    assert cursor.backoff_until == moment + wait
    assert cursor.last_error
    # While backing off, the network is not asked again.
    calls = len(desk.network.calls)
    assert desk.sync(now=moment + wait / 2).status == "backing_off"
    assert len(desk.network.calls) == calls
    # Afterwards the missed item arrives, once.
    assert desk.sync(now=moment + wait).stored == 1
    assert InboundItem.objects.count() == 2
    cursor.refresh_from_db()
    assert cursor.failures == 0 and cursor.last_error == ""


def test_backoff_grows_with_repeated_outages(desk) -> None:
    desk.network.failures.extend([PlatformDown("down")] * 3)
    moment = T0
    waits = []
    for _ in range(3):
        result = desk.sync(now=moment)
        waits.append(result.retry_at - moment)
        moment = result.retry_at
    assert waits == [timedelta(seconds=60), timedelta(seconds=120), timedelta(seconds=240)]


def test_an_outage_mid_sync_keeps_the_pages_already_stored(desk) -> None:
    desk.network.page_size = 2
    for n in range(5):
        desk.network.add(f"Item {n}?")

    class FailsOnThirdPage(FakeNetwork):
        pass

    original_fetch = desk.network.fetch
    calls = {"n": 0}

    def flaky(cursor):
        calls["n"] += 1
        if calls["n"] == 3:
            raise PlatformDown("gateway timeout")
        return original_fetch(cursor)

    desk.network.fetch = flaky
    result = desk.sync(now=T0)
    assert result.status == "down" and result.stored == 4
    assert InboxCursor.objects.get(account=desk.account).cursor == "4"
    desk.sync(now=T0 + timedelta(hours=2))
    assert InboundItem.objects.count() == 5


def test_a_database_failure_while_storing_rolls_the_page_back(desk, monkeypatch) -> None:
    desk.network.add("Will this be stored?")
    from govsocial.inbox.services import store

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_audit_routing", broken)
    result = desk.sync(now=T0)
    assert result.status == "error"
    assert InboundItem.objects.count() == 0
    assert InboxCursor.objects.get(account=desk.account).cursor == ""
    monkeypatch.undo()
    assert desk.sync(now=T0 + timedelta(hours=1)).stored == 1


def test_one_account_failing_does_not_stop_the_others(desk, make_account) -> None:
    other = make_account(desk.organisation, owner=desk.users["admin"], handle="@other@x.example")
    healthy = FakeNetwork()
    healthy.add("Hello from the other account?")
    desk.network.failures.append(PlatformDown("down"))

    def factory(account):
        return FakeConnector(
            credentials={}, network=healthy if account.pk == other.pk else desk.network
        )

    results = {r.account_id: r for r in inbox_sync(connector_factory=factory, now=T0)}
    assert results[desk.account.pk].status == "down"
    assert results[other.pk].status == "ok" and results[other.pk].stored == 1


def test_an_account_without_credentials_reports_it(desk) -> None:
    result = inbox_sync(accounts=[desk.account], now=T0)[0]
    assert result.status == "not_configured"
    assert "credentials" in result.message


def test_store_page_audits_each_page_with_counts(desk) -> None:
    from govsocial.inbox.models import InboxCursor as Cursor

    Cursor.objects.create(account=desk.account)
    desk.network.add("Hello?")
    store_page(account=desk.account, page=desk.network.fetch(None))
    record = AuditRecord.objects.get(action="inbox.ingest")
    assert record.data["stored"] == 1 and record.data["account_id"] == desk.account.pk


def test_the_worker_polls_the_inbox_every_minute() -> None:
    from govsocial.core.worker import periodic_jobs
    from govsocial.inbox.services import inbox_sync_periodic

    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["inbox.sync"].run is inbox_sync_periodic
    assert jobs["inbox.sync"].every_seconds == 60


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://social.example/@a/1", "https://social.example/@a/1"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("https://x.example/" + "a" * 1200, ""),
    ],
)
def test_only_web_links_from_a_network_are_kept(desk, url, stored) -> None:
    desk.network.add("Hello?")
    original = desk.network.items[-1]
    desk.network.items[-1] = RemoteItem(**{**original.__dict__, "url": url})
    desk.sync()
    assert InboundItem.objects.get().url == stored


def test_redaction_leaves_public_lines_and_the_admins_listed_numbers_alone(
    desk, tmp_path, settings
) -> None:
    (tmp_path / "public_contacts.toml").write_text(
        'version = "ours-1"\n[numbers]\nlisted = ["01632 960 000"]  # our reception desk\n'
    )
    settings.GOVSOCIAL_CHECKS_CONFIG_DIR = str(tmp_path)
    desk.network.add("I rang 0300 200 3300 and your desk on 01632 960 000, nobody answered")
    desk.network.add("Reply to jo at outlook dot com or 07700 900 123 please")
    desk.sync()
    public = InboundItem.objects.get(remote_id="r1")
    assert public.personal_data_kinds == []
    assert "01632 960 000" in public.redacted_text
    personal = InboundItem.objects.get(remote_id="r2")
    assert personal.personal_data_kinds == ["email", "phone"]
    assert personal.redacted_text == (
        "Reply to [email address removed] or [phone number removed] please"
    )
