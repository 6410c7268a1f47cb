"""Storing one page of inbound items: all or nothing, each item once.

In one transaction: items the account already has are skipped (idempotent on the network's
id), the rest are redacted (`analysis.redact`), triaged (`analysis.triage`), given their legal
and SLA clocks, threaded and bulk-inserted; payloads that cannot be read are kept as
`UnreadablePayload`; and only then does the account's cursor move on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from govsocial.analysis import redact
from govsocial.analysis.public_contacts import PublicContacts, load_public_contacts
from govsocial.analysis.triage import triage
from govsocial.channels.models import OfficialAccount
from govsocial.connectors.base import InboundItem as RemoteItem
from govsocial.connectors.base import InboundPage
from govsocial.inbox import clocks
from govsocial.inbox.models import (
    InboundItem,
    InboxCursor,
    InboxSettings,
    ItemKind,
    Queue,
    RetentionClass,
    Thread,
    TriageLabel,
    UnreadablePayload,
)
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

# Items that expect no answer get no SLA clock.
NO_SLA_LABELS = frozenset({TriageLabel.SPAM, TriageLabel.ABUSE})
KNOWN_KINDS = frozenset(ItemKind.values)  # read once: ItemKind.values builds a new list each time
_CHUNK = 500


@dataclass
class PageOutcome:
    stored: int = 0
    duplicates: int = 0
    unreadable: int = 0
    routed: dict[str, int] = field(default_factory=dict)


@dataclass
class _Prepared:
    remote: RemoteItem
    received_at: datetime
    text: str
    author_handle: str
    author_name: str


def _clean(value: Any, limit: int | None = None) -> str:
    """Text as PostgreSQL will take it: a str without NUL characters, within the column size."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    text = text.replace("\x00", "\ufffd")
    return text[:limit] if limit else text


def _readable(item: object, now: datetime) -> tuple[_Prepared | None, str]:
    """A connector item we can store, or the reason we cannot."""
    if not isinstance(item, RemoteItem):
        return None, f"not an inbound item ({type(item).__name__})"
    remote_id = item.remote_id if isinstance(item.remote_id, str) else None
    if not remote_id or not remote_id.strip() or len(remote_id) > 255:
        return None, "the item has no usable id"
    if not isinstance(item.text, str):
        return None, f"the item's text is a {type(item.text).__name__}, not text"
    if str(item.kind) not in KNOWN_KINDS:
        return None, f"unknown kind {item.kind!r}"
    received = item.created_at
    if not isinstance(received, datetime):
        received = now
    elif received.tzinfo is None or received.utcoffset() is None:
        received = received.replace(tzinfo=UTC)
    return (
        _Prepared(
            remote=item,
            received_at=received,
            text=_clean(item.text),
            author_handle=_clean(item.author_handle, 255) or "unknown",
            author_name=_clean(item.author_name, 255),
        ),
        "",
    )


def _safe_url(value: Any) -> str:
    """The item's link as pages will show it: only http(s), never javascript: or data: URLs
    (the payload comes from any server on the network)."""
    url = _clean(value).strip()
    if len(url) > 1000 or not url.lower().startswith(("https://", "http://")):
        return ""
    return url


def _json_safe(payload: Any) -> Any:
    try:
        return json.loads(json.dumps(payload, default=str).replace("\\u0000", "\\ufffd"))
    except (TypeError, ValueError):
        return {"repr": _clean(repr(payload))[:10_000]}


def _payload_of(item: object) -> Any:
    raw = getattr(item, "raw", None)
    if isinstance(raw, Mapping) and raw:
        return _json_safe(dict(raw))
    return {"repr": _clean(repr(item))[:10_000]}


def _chunks(values: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_remote_ids(account: OfficialAccount, remote_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(remote_ids):
        found.update(
            InboundItem.objects.filter(account=account, remote_id__in=chunk).values_list(
                "remote_id", flat=True
            )
        )
    return found


def _known_threads(account: OfficialAccount, remote_ids: Sequence[str]) -> dict[str, str]:
    """remote id → thread key, for items already stored (parents of new replies)."""
    found: dict[str, str] = {}
    for chunk in _chunks(remote_ids):
        for remote_id, key in InboundItem.objects.filter(
            account=account, remote_id__in=chunk
        ).values_list("remote_id", "thread__remote_thread_id"):
            if key:
                found[remote_id] = key
    return found


def public_contacts() -> PublicContacts:
    """The public numbers, role mailboxes and buildings the redaction leaves alone: the list the
    checks gate uses, with the admin's additions from the rule-data directory."""
    return load_public_contacts(getattr(django_settings, "GOVSOCIAL_CHECKS_CONFIG_DIR", None))


def _build_item(
    prepared: _Prepared, *, account: OfficialAccount, settings: InboxSettings | None
) -> InboundItem:
    remote = prepared.remote
    contacts = public_contacts()
    redacted = redact(prepared.text, contacts=contacts)
    result = triage(
        prepared.text,
        display_name=prepared.author_name,
        personal_data=redacted.matches,
        secure_channel_url=(settings.secure_channel_url if settings else "") or None,
    )
    reasons = [
        {
            "label": reason.label,
            # A phrase that fired may itself carry personal data: keep only its redacted form.
            "phrase": (
                redact(reason.phrase, contacts=contacts).text_redacted
                if redacted.matches
                else reason.phrase
            ),
            "weight": reason.weight,
        }
        for reason in result.reasons
    ]
    received = prepared.received_at
    label = result.label
    foi_due = clocks.foi_due(received) if label == TriageLabel.POSSIBLE_FOI else None
    sar_due, sar_extended = (
        clocks.sar_due(received) if label == TriageLabel.POSSIBLE_SAR else (None, None)
    )
    return InboundItem(
        organisation_id=account.organisation_id,
        account=account,
        remote_id=remote.remote_id,
        kind=str(remote.kind),
        author_handle=prepared.author_handle,
        author_name=prepared.author_name,
        remote_thread_id=_clean(remote.thread_id, 255),
        in_reply_to_remote_id=_clean(remote.in_reply_to, 255),
        url=_safe_url(remote.url),
        received_at=received,
        original_text=prepared.text,
        redacted_text=redacted.text_redacted,
        personal_data_kinds=sorted(redacted.kinds),
        retention_class=RetentionClass(redacted.retention_class_hint),
        triage_label=label,
        triage_reasons=reasons,
        triage_confidence=result.confidence,
        secondary_labels=list(result.secondary_labels),
        flags=sorted(result.flags),
        requester_name=_clean(result.requester_name, 255),
        suggested_reply=result.suggested_reply or "",
        queue=Queue(result.queue),
        foi_due=foi_due,
        sar_due=sar_due,
        sar_extended_due=sar_extended,
        sla_due_at=(
            None if label in NO_SLA_LABELS else clocks.sla_due(received=received, settings=settings)
        ),
    )


def store_page(
    *,
    account: OfficialAccount,
    page: InboundPage,
    settings: InboxSettings | None = None,
    now: datetime | None = None,
) -> PageOutcome:
    """Store one page of inbound items and advance the account's cursor, all or nothing."""
    moment = now or timezone.now()
    outcome = PageOutcome()
    with transaction.atomic():
        # Serialises syncs of the same account (PostgreSQL); SQLite locks the database anyway.
        cursor_row = InboxCursor.objects.select_for_update().get(account=account)
        readable: dict[str, _Prepared] = {}
        unreadable: list[UnreadablePayload] = []
        for raw_item in getattr(page, "items", ()) or ():
            prepared, problem = _readable(raw_item, moment)
            if prepared is None:
                unreadable.append(
                    UnreadablePayload(
                        account=account, payload=_payload_of(raw_item), problem=problem
                    )
                )
            elif prepared.remote.remote_id in readable:
                outcome.duplicates += 1  # the same item twice in one page
            else:
                readable[prepared.remote.remote_id] = prepared
        for payload in getattr(page, "unreadable", ()) or ():
            unreadable.append(
                UnreadablePayload(
                    account=account,
                    payload=_json_safe(payload),
                    problem="the connector could not map this payload",
                )
            )

        existing = _existing_remote_ids(account, list(readable))
        outcome.duplicates += len(existing)
        new = [p for remote_id, p in readable.items() if remote_id not in existing]
        items = [_build_item(p, account=account, settings=settings) for p in new]
        _thread(account, items)
        InboundItem.objects.bulk_create(items, batch_size=_CHUNK)
        UnreadablePayload.objects.bulk_create(unreadable, batch_size=_CHUNK)
        outcome.stored = len(items)
        outcome.unreadable = len(unreadable)
        for item in items:
            if item.queue != Queue.GENERAL:
                outcome.routed[item.queue] = outcome.routed.get(item.queue, 0) + 1
        _audit_routing(account, items)
        if items or unreadable:
            audit_record(
                organisation=account.organisation,
                actor=None,
                action=AuditAction.INBOX_INGEST,
                target=account,
                data={
                    "account_id": account.pk,
                    "stored": outcome.stored,
                    "duplicates": outcome.duplicates,
                    "unreadable": outcome.unreadable,
                    "routed": outcome.routed,
                },
            )
        next_cursor = getattr(page, "next_cursor", None)
        if isinstance(next_cursor, str) and next_cursor:
            cursor_row.cursor = next_cursor[:500]
        cursor_row.last_attempt_at = moment
        cursor_row.save(update_fields=["cursor", "last_attempt_at"])
    return outcome


def _thread_key(item: InboundItem, parents: Mapping[str, str]) -> str:
    if item.in_reply_to_remote_id and item.in_reply_to_remote_id in parents:
        return parents[item.in_reply_to_remote_id]
    return item.remote_thread_id or item.in_reply_to_remote_id or item.remote_id


def _thread(account: OfficialAccount, items: list[InboundItem]) -> None:
    """Attach each new item to its thread, creating threads as needed."""
    if not items:
        return
    parent_ids = sorted({i.in_reply_to_remote_id for i in items if i.in_reply_to_remote_id})
    parents = _known_threads(account, parent_ids)
    keys: dict[int, str] = {}
    for position, item in enumerate(items):  # oldest first: a parent in the page comes first
        key = _thread_key(item, parents)
        keys[position] = key
        parents[item.remote_id] = key
    wanted = sorted(set(keys.values()))
    threads: dict[str, Thread] = {}
    for chunk in _chunks(wanted):
        threads.update(
            (t.remote_thread_id, t)
            for t in Thread.objects.filter(account=account, remote_thread_id__in=chunk)
        )
    missing = [
        Thread(organisation_id=account.organisation_id, account=account, remote_thread_id=key)
        for key in wanted
        if key not in threads
    ]
    if missing:
        Thread.objects.bulk_create(missing, batch_size=_CHUNK)
        threads.update((t.remote_thread_id, t) for t in missing if t.pk is not None)
        # Backends that cannot return ids from a bulk insert: read the new threads back.
        unsaved = [t.remote_thread_id for t in missing if t.pk is None]
        for chunk in _chunks(unsaved):
            threads.update(
                (t.remote_thread_id, t)
                for t in Thread.objects.filter(account=account, remote_thread_id__in=chunk)
            )
    for position, item in enumerate(items):
        item.thread = threads[keys[position]]


def _audit_routing(account: OfficialAccount, items: list[InboundItem]) -> None:
    """FOI and SAR start legal clocks: each routing gets its own audit record."""
    routed = [i for i in items if i.queue in (Queue.FOI_OFFICER, Queue.DATA_PROTECTION_OFFICER)]
    if not routed:
        return
    if any(i.pk is None for i in routed):  # a backend that does not return ids from bulk inserts
        ids = dict(
            InboundItem.objects.filter(
                account=account, remote_id__in=[i.remote_id for i in routed]
            ).values_list("remote_id", "pk")
        )
        for item in routed:
            item.pk = ids[item.remote_id]
    for item in routed:
        due = item.foi_due or item.sar_due
        audit_record(
            organisation=account.organisation,
            actor=None,
            action=AuditAction.INBOUND_ITEM_ROUTE,
            target=item,
            data={
                "account_id": account.pk,
                "queue": item.queue,
                "label": item.triage_label,
                "due": due.isoformat() if due else None,
            },
        )
