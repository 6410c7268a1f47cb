"""Request and response shapes of the inbox API (also used by the CLI's --json)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Literal, TypeVar

import pydantic
from django.http import HttpRequest
from ninja import Schema

from govsocial.api.pagination import PageQuery
from govsocial.api.schemas.types import (
    Choice,
    LongText,
    RecordId,
    Search,
    Username,
    problems_in,
)
from govsocial.core.errors import ApplicationError
from govsocial.inbox.models import InboundItem

BodyT = TypeVar("BodyT", bound=Schema)


class ItemOut(Schema):
    id: int
    account_id: int
    network: str
    remote_id: str
    kind: str
    author_handle: str
    author_name: str
    received_at: datetime
    text: str  # redacted
    personal_data_kinds: list[str]
    retention_class: str
    triage_label: str
    triage_confidence: float
    queue: str
    status: str
    assignee: str | None
    foi_due: date | None
    sar_due: date | None
    sla_due_at: datetime | None
    visibility: str
    url: str


class ReasonOut(Schema):
    label: str
    phrase: str
    weight: float


class ItemDetailOut(ItemOut):
    thread_id: int | None
    triage_reasons: list[ReasonOut]
    flags: list[str]
    requester_name: str
    suggested_reply: str
    sar_extended_due: date | None
    notes: list[dict[str, Any]]
    original_text: str | None = None


class ItemPage(Schema):
    count: int  # how many items match the filters, on all pages
    items: list[ItemOut]
    next: str | None  # the next page's address (path and query), or null on the last page


class AssignIn(Schema):
    assignee: Username | None = None  # a username; null returns the item to its queue


class StatusIn(Schema):
    status: Choice


class NoteIn(Schema):
    text: LongText


class NoteOut(Schema):
    id: int
    text: str
    author: str
    created_at: datetime


class ReplyIn(Schema):
    text: LongText
    acknowledge_warnings: bool = False


class FindingOut(Schema):
    """One finding, in the checks engine's shape, as the posts API reports them."""

    rule: str
    severity: Literal["block", "escalate", "warn"]
    message: str
    start: int | None = None  # code point offsets into the field's text, when the rule knows
    end: int | None = None
    source: str  # the guidance the rule comes from
    field: str = "text"  # the shown text it is in: "text" for the reply itself


class ReplyOut(Schema):
    id: int
    state: str
    post_id: int | None
    findings: list[FindingOut]


class ReplyRefusedOut(Schema):
    """A refused reply: `findings` lists what the checks found (empty when the refusal is not
    the checks', e.g. a body that is not valid)."""

    detail: str
    field: str | None = None
    findings: list[FindingOut] = []


class ModerateIn(Schema):
    kind: Choice
    reason_code: Choice
    note: LongText = ""


class ModerationOut(Schema):
    id: int
    kind: str
    reason_code: str
    on_network: bool
    network_result: str


def json_body_doc(schema: type[Schema]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }


def parse_body(request: HttpRequest, schema: type[BodyT]) -> BodyT:
    """The JSON body, read only after the organisation and item are known to be the caller's:
    an outsider learns nothing, not even whether their body would have been valid."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ApplicationError("Send a JSON object as the request body.") from None
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = problems_in(exc.errors())
        raise ApplicationError(f"The request was not valid: {problems}") from None


def item_out(item: InboundItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "account_id": item.account_id,
        "network": item.account.network,
        "remote_id": item.remote_id,
        "kind": item.kind,
        "author_handle": item.author_handle,
        "author_name": item.author_name,
        "received_at": item.received_at,
        "text": item.redacted_text,
        "personal_data_kinds": item.personal_data_kinds,
        "retention_class": item.retention_class,
        "triage_label": item.triage_label,
        "triage_confidence": item.triage_confidence,
        "queue": item.queue,
        "status": item.status,
        "assignee": item.assignee.get_username() if item.assignee else None,
        "foi_due": item.foi_due,
        "sar_due": item.sar_due,
        "sla_due_at": item.sla_due_at,
        "visibility": item.visibility,
        "url": item.url,
    }


def item_detail_out(item: InboundItem, original: str | None = None) -> dict[str, Any]:
    return {
        **item_out(item),
        "thread_id": item.thread_id,
        "triage_reasons": item.triage_reasons,
        "flags": item.flags,
        "requester_name": item.requester_name,
        "suggested_reply": item.suggested_reply,
        "sar_extended_due": item.sar_extended_due,
        "notes": [
            {
                "id": note.pk,
                "author": note.author.get_username(),
                "text": note.text,
                "created_at": note.created_at.isoformat(),
            }
            for note in item.notes.select_related("author")
        ],
        "original_text": original,
    }


class ListFilters(PageQuery):
    status: Choice = "open"
    label: Choice = ""
    queue: Choice = ""
    account: RecordId | None = None
    assignee: Username = ""
    overdue: bool = False
    search: Search = ""


class RouteIn(Schema):
    queue: Choice


class ReplyCheckIn(Schema):
    text: LongText


class ReplyCheckOut(Schema):
    verdict: Literal["pass", "warn", "escalate", "block"]
    findings: list[FindingOut]
