"""The inbox pages: queue and filters, the thread view, permissions on personal data, working an item."""

from __future__ import annotations

import pytest
from django.test import Client

from govsocial.inbox.models import InboundItem, InternalNote, ItemStatus, SavedReply
from govsocial.records.models import AuditRecord

pytestmark = pytest.mark.django_db

VALID_NHS = "943 476 5919"


@pytest.fixture
def items(desk, synced):
    return synced(
        "When does the library reopen?",
        f"Please update my record, my NHS number is {VALID_NHS}",
        "Under the Freedom of Information Act please disclose the number of flood warnings "
        "issued in 2025. Thanks, Ben Adeyemi",
    )


def signed_in(desk, role: str) -> Client:
    client = Client()
    client.force_login(desk.users[role])
    return client


def url(desk, name: str = "", pk: int | None = None) -> str:
    base = f"/o/{desk.organisation.slug}/inbox/"
    if pk is None:
        return base + name
    return f"{base}items/{pk}/{name}"


def test_the_queue_lists_open_items_with_redacted_text(desk, items) -> None:
    body = signed_in(desk, "viewer").get(url(desk)).content.decode()
    assert "When does the library reopen?" in body
    assert "[NHS number removed]" in body
    assert VALID_NHS not in body
    assert "3 items" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?label=possible_foi", ["flood warnings"]),
        ("?queue=foi_officer", ["flood warnings"]),
        ("?label=question", ["library reopen"]),
        ("?status=closed", []),
        ("?search=library", ["library reopen"]),
    ],
)
def test_the_queue_filters(desk, items, query, expected) -> None:
    body = signed_in(desk, "viewer").get(url(desk) + query).content.decode()
    shown = [s for s in ("library reopen", "flood warnings", "NHS number removed") if s in body]
    assert shown == expected


def test_assignee_and_account_filters(desk, items) -> None:
    from govsocial.inbox.services import inbound_item_assign

    inbound_item_assign(item=items[0], actor=desk.users["author"], assignee=desk.users["author"])
    client = signed_in(desk, "author")
    mine = client.get(url(desk) + "?assignee=me").content.decode()
    assert "library reopen" in mine and "flood warnings" not in mine
    nobody = client.get(url(desk) + "?assignee=none").content.decode()
    assert "library reopen" not in nobody and "flood warnings" in nobody
    other = client.get(url(desk) + f"?account={desk.account.pk}").content.decode()
    assert "3 items" in other


def test_a_bad_filter_value_is_explained_not_a_crash(desk, items) -> None:
    response = signed_in(desk, "viewer").get(url(desk) + "?status=nonsense&account=abc")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_viewer_sees_only_the_redacted_text_and_no_reveal_button(desk, items) -> None:
    client = signed_in(desk, "viewer")
    body = client.get(url(desk, pk=items[1].pk)).content.decode()
    assert "[NHS number removed]" in body and VALID_NHS not in body
    assert "Show the original" not in body
    assert client.post(url(desk, "original/", pk=items[1].pk)).status_code == 403
    assert not AuditRecord.objects.filter(action="inbound_item.view_original").exists()


@pytest.mark.parametrize("role", ["dpo", "foi"])
def test_the_data_protection_roles_see_the_original_and_it_is_recorded(desk, items, role) -> None:
    client = signed_in(desk, role)
    page = client.get(url(desk, pk=items[1].pk)).content.decode()
    assert VALID_NHS not in page and "Show the original" in page
    body = client.post(url(desk, "original/", pk=items[1].pk)).content.decode()
    assert VALID_NHS in body
    record = AuditRecord.objects.get(action="inbound_item.view_original")
    assert record.actor == desk.users[role] and record.target_id == str(items[1].pk)


def test_the_foi_request_shows_its_due_date(desk, items) -> None:
    body = signed_in(desk, "foi").get(url(desk, pk=items[2].pk)).content.decode()
    assert "FOI response due" in body
    assert items[2].foi_due.strftime("%-d %B %Y") in body
    assert "Ben Adeyemi" in body


def test_assigning_sets_the_status_and_is_recorded(desk, items) -> None:
    client = signed_in(desk, "author")
    response = client.post(
        url(desk, "assign/", pk=items[0].pk), {"assignee": str(desk.users["author2"].pk)}
    )
    assert response.status_code == 302
    item = InboundItem.objects.get(pk=items[0].pk)
    assert item.assignee == desk.users["author2"] and item.status == ItemStatus.ASSIGNED
    assert AuditRecord.objects.filter(action="inbound_item.assign").count() == 1


def test_a_viewer_cannot_assign_or_note(desk, items) -> None:
    client = signed_in(desk, "viewer")
    assert client.post(url(desk, "assign/", pk=items[0].pk), {"assignee": ""}).status_code == 403
    assert client.post(url(desk, "notes/", pk=items[0].pk), {"text": "x"}).status_code == 403


def test_assigning_to_someone_who_cannot_work_it_is_refused_clearly(desk, items) -> None:
    response = signed_in(desk, "author").post(
        url(desk, "assign/", pk=items[0].pk), {"assignee": str(desk.users["viewer"].pk)}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_foi_officer_works_the_foi_queue(desk, items) -> None:
    client = signed_in(desk, "foi")
    response = client.post(url(desk, "status/", pk=items[2].pk), {"status": "waiting"})
    assert response.status_code == 302
    assert InboundItem.objects.get(pk=items[2].pk).status == ItemStatus.WAITING
    # ...but not the general desk's items.
    assert (
        client.post(url(desk, "status/", pk=items[0].pk), {"status": "closed"}).status_code == 403
    )


def test_notes_remind_that_they_can_be_disclosed(desk, items) -> None:
    client = signed_in(desk, "author")
    page = client.get(url(desk, pk=items[0].pk)).content.decode()
    assert "can be disclosed under the Freedom of Information Act" in page
    client.post(url(desk, "notes/", pk=items[0].pk), {"text": "Checked opening times."})
    note = InternalNote.objects.get()
    assert note.author == desk.users["author"]
    assert "Checked opening times." in client.get(url(desk, pk=items[0].pk)).content.decode()
    empty = client.post(url(desk, "notes/", pk=items[0].pk), {"text": "   "})
    assert empty.status_code == 400 and "There is a problem" in empty.content.decode()


def test_saved_replies_are_created_and_offered_in_the_composer(desk, items) -> None:
    client = signed_in(desk, "author")
    client.post(
        url(desk, "saved-replies/"),
        {"title": "Opening hours", "text": "Our opening hours are on GOV.UK."},
    )
    saved = SavedReply.objects.get()
    page = client.get(url(desk, pk=items[0].pk) + f"?saved={saved.pk}").content.decode()
    assert "Our opening hours are on GOV.UK.</textarea>" in page
    duplicate = client.post(url(desk, "saved-replies/"), {"title": "Opening hours", "text": "x"})
    assert duplicate.status_code == 400 and "already a saved reply" in duplicate.content.decode()


def test_another_organisations_item_is_not_found(desk, items, make_organisation, make_user) -> None:
    other = make_organisation("Other Office")
    outsider = make_user("outsider", organisation=other, role="data_protection_officer")
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/o/{other.slug}/inbox/items/{items[1].pk}/").status_code == 404
    assert client.post(f"/o/{other.slug}/inbox/items/{items[1].pk}/original/").status_code == 404


def test_moving_a_missed_foi_request_starts_its_clock_from_receipt(desk, synced) -> None:
    (item,) = synced(
        "Who signed off the new signs, and what did they come to in the end? Jane Smith"
    )
    assert item.queue == "general" and item.foi_due is None
    client = signed_in(desk, "author")
    assert client.post(url(desk, "queue/", pk=item.pk), {"queue": "foi_officer"}).status_code == 302
    item.refresh_from_db()
    from govsocial.inbox.clocks import foi_due

    assert item.queue == "foi_officer" and item.foi_due == foi_due(item.received_at)
    record = AuditRecord.objects.filter(action="inbound_item.route").last()
    assert record.data["from"] == "general" and record.data["due"] == item.foi_due.isoformat()
    assert (
        "flood" not in signed_in(desk, "foi").get(url(desk) + "?queue=foi_officer").content.decode()
    )
    assert (
        "new signs" in signed_in(desk, "foi").get(url(desk) + "?queue=foi_officer").content.decode()
    )
