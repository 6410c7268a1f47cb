"""Inbox messages in the records: subject access finds them, exports carry them, and the
correspondence schedule disposes of closed ones (with a public log leaf)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from govsocial.inbox.models import InboundItem, ItemStatus
from govsocial.records.exports import organisation_export
from govsocial.records.models import AuditRecord
from govsocial.records.retention import dispose_due_records
from govsocial.records.subject_access import subject_access_export


def test_subject_access_finds_a_citizens_messages(desk, synced, tmp_path):
    synced("Where is my blue badge renewal?", author="jo.bloggs@social.example", name="Jo Bloggs")
    synced("Unrelated question about bins", author="someone@social.example", name="Someone Else")
    result = subject_access_export(
        organisation=desk.organisation, person="jo.bloggs", out=tmp_path / "sar", actor=None
    )
    texts = [
        f["fields"].get("original_text") for f in result.found if f["source"] == "inbox.InboundItem"
    ]
    assert texts == ["Where is my blue badge renewal?"]
    assert "blue badge" in (tmp_path / "sar" / "subject-access.html").read_text()


def test_an_organisation_export_carries_its_inbox(desk, synced, tmp_path):
    synced("When does the library reopen?")
    result = organisation_export(organisation=desk.organisation, out=tmp_path / "export")
    assert result.counts["inbox.inbounditem"] == 1


def test_closed_messages_past_the_schedule_are_disposed_of_and_logged(desk, synced):
    old, recent, still_open = synced(
        "Old closed question", "Recent closed question", "Old open question"
    )
    InboundItem.objects.filter(pk__in=[old.pk, recent.pk]).update(status=ItemStatus.CLOSED)
    InboundItem.objects.filter(pk__in=[old.pk, still_open.pk]).update(
        received_at=timezone.now() - timedelta(days=800)
    )
    disposed = dispose_due_records()
    assert [d.target for d in disposed] == [f"inbox.inbounditem:{old.pk}"]
    assert set(InboundItem.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert AuditRecord.objects.filter(action="record.dispose", target_id=str(old.pk)).exists()


def test_a_reply_records_how_long_the_citizen_waited(desk, synced):
    from govsocial.inbox.services.work import inbound_item_reply

    (item,) = synced("When does the library reopen?")
    InboundItem.objects.filter(pk=item.pk).update(received_at=timezone.now() - timedelta(hours=3))
    item.refresh_from_db()
    inbound_item_reply(item=item, actor=desk.users["author"], text="Monday at 9am.")
    record = AuditRecord.objects.get(action="inbound_item.reply")
    assert 3 * 3600 <= record.data["response_seconds"] < 3 * 3600 + 60
