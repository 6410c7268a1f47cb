"""The inbox REST API: list with filters, show (original text only for the data protection
roles, and recorded), assign, status, note, reply and moderate."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, TypeVar

import pydantic
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import organisation_get_for_user, user_can
from govsocial.core.errors import ApplicationError, NotFound, PermissionDenied
from govsocial.inbox.models import InboundItem, ItemStatus
from govsocial.inbox.selectors import (
    ItemFilters,
    inbound_item_get,
    inbound_item_list,
    inbox_breaches,
)
from govsocial.inbox.services import (
    ReplyNeedsAttention,
    inbound_item_assign,
    inbound_item_moderate,
    inbound_item_reply,
    inbound_item_reveal_original,
    inbound_item_route,
    inbound_item_set_status,
    internal_note_create,
    reply_check,
)
from govsocial.inbox.services.permissions import can_reply
from govsocial.inbox.services.work import REPLY_LIMIT
from govsocial.inbox.views.common import acting_user  # noqa: E402

router = Router(tags=["inbox"])
BodyT = TypeVar("BodyT", bound=Schema)

MAX_LIMIT = 200


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
    count: int
    items: list[ItemOut]


class AssignIn(Schema):
    assignee: str | None = None  # a username; null returns the item to its queue


class StatusIn(Schema):
    status: str


class NoteIn(Schema):
    text: str


class NoteOut(Schema):
    id: int
    text: str
    author: str
    created_at: datetime


class ReplyIn(Schema):
    text: str
    acknowledge_warnings: bool = False


class FindingOut(Schema):
    rule: str
    severity: str
    message: str


class ReplyOut(Schema):
    id: int
    state: str
    post_id: int | None
    findings: list[FindingOut]


class ReplyRefusedOut(Schema):
    detail: str
    field: str | None = None
    findings: list[FindingOut]


class ModerateIn(Schema):
    kind: str
    reason_code: str
    note: str = ""


class ModerationOut(Schema):
    id: int
    kind: str
    reason_code: str
    on_network: bool
    network_result: str


def _json_body_doc(schema: type[Schema]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }


def _body(request: HttpRequest, schema: type[BodyT]) -> BodyT:
    """The JSON body, read only after the organisation and item are known to be the caller's:
    an outsider learns nothing, not even whether their body would have been valid."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ApplicationError("Send a JSON object as the request body.") from None
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        raise ApplicationError(f"The request was not valid: {problems}") from None


def _organisation(request: HttpRequest, org: str) -> Organisation:
    organisation = organisation_get_for_user(user=acting_user(request), slug=org)
    if organisation is None:
        raise NotFound(f"No organisation {org!r} among yours.")
    if not user_can(user=acting_user(request), action=Action.VIEW, organisation=organisation):
        raise PermissionDenied("Your role does not let you see this organisation's inbox.")
    return organisation


def _item(request: HttpRequest, org: str, pk: int) -> InboundItem:
    item = inbound_item_get(organisation=_organisation(request, org), pk=pk)
    if item is None:
        raise NotFound(f"No inbox item {pk} in {org}.")
    return item


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


class ListFilters(Schema):
    status: str = "open"
    label: str = ""
    queue: str = ""
    account: int | None = None
    assignee: str = ""
    overdue: bool = False
    search: str = ""
    limit: int = 50
    offset: int = 0


@router.get(
    "/organisations/{org}/inbox/items",
    response=ItemPage,
    summary="Inbox items, newest first (text is redacted)",
)
def list_items(request: HttpRequest, org: str, filters: Query[ListFilters]) -> dict[str, Any]:
    organisation = _organisation(request, org)
    if filters.status not in ("", "open", *ItemStatus.values):
        raise ApplicationError(
            f"status {filters.status!r} is not open or one of {', '.join(ItemStatus.values)}.",
            field="status",
        )
    if not 1 <= filters.limit <= MAX_LIMIT or filters.offset < 0:
        raise ApplicationError(f"limit must be 1 to {MAX_LIMIT}, offset 0 or more.", field="limit")
    items = inbound_item_list(
        organisation=organisation,
        user=acting_user(request),
        filters=ItemFilters(
            status=filters.status,
            label=filters.label,
            queue=filters.queue,
            account=filters.account,
            assignee=filters.assignee,
            overdue=filters.overdue,
            search=filters.search,
        ),
    )
    chosen = items[filters.offset : filters.offset + filters.limit]
    return {"count": items.count(), "items": [item_out(i) for i in chosen]}


@router.get(
    "/organisations/{org}/inbox/items/{pk}",
    response=ItemDetailOut,
    summary="One item; original=true returns the unredacted text to the DPO and FOI officer",
)
def show_item(request: HttpRequest, org: str, pk: int, original: bool = False) -> dict[str, Any]:
    item = _item(request, org, pk)
    text = inbound_item_reveal_original(item=item, actor=acting_user(request)) if original else None
    return item_detail_out(item, text)


@router.get(
    "/organisations/{org}/inbox/breaches",
    response=list[ItemOut],
    summary="Open items past their SLA, FOI or SAR due moment",
)
def breaches(request: HttpRequest, org: str) -> list[dict[str, Any]]:
    return [item_out(i) for i in inbox_breaches(organisation=_organisation(request, org))]


@router.post(
    "/organisations/{org}/inbox/items/{pk}/assign",
    openapi_extra=_json_body_doc(AssignIn),
    response=ItemOut,
)
def assign(request: HttpRequest, org: str, pk: int) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = _body(request, AssignIn)
    assignee = None
    if payload.assignee:
        assignee = User.objects.filter(
            username=payload.assignee, memberships__organisation=item.organisation
        ).first()
        if assignee is None:
            raise ApplicationError(
                f"No member {payload.assignee!r} in {item.organisation}.", field="assignee"
            )
    item = inbound_item_assign(item=item, actor=acting_user(request), assignee=assignee)
    return item_out(item)


@router.post(
    "/organisations/{org}/inbox/items/{pk}/status",
    openapi_extra=_json_body_doc(StatusIn),
    response=ItemOut,
)
def set_status(request: HttpRequest, org: str, pk: int) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = _body(request, StatusIn)
    item = inbound_item_set_status(
        item=item,
        actor=acting_user(request),
        status=payload.status,
    )
    return item_out(item)


class RouteIn(Schema):
    queue: str


@router.post(
    "/organisations/{org}/inbox/items/{pk}/route",
    openapi_extra=_json_body_doc(RouteIn),
    response=ItemOut,
    summary="Move to another queue (FOI or SAR starts the legal clock from receipt)",
)
def route(request: HttpRequest, org: str, pk: int) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = _body(request, RouteIn)
    return item_out(inbound_item_route(item=item, actor=acting_user(request), queue=payload.queue))


@router.post(
    "/organisations/{org}/inbox/items/{pk}/notes",
    openapi_extra=_json_body_doc(NoteIn),
    response={201: NoteOut},
)
def add_note(request: HttpRequest, org: str, pk: int) -> Status:
    item = _item(request, org, pk)
    payload = _body(request, NoteIn)
    note = internal_note_create(
        item=item,
        actor=acting_user(request),
        text=payload.text,
    )
    return Status(
        201,
        {
            "id": note.pk,
            "text": note.text,
            "author": note.author.get_username(),
            "created_at": note.created_at,
        },
    )


class ReplyCheckIn(Schema):
    text: str


class ReplyCheckOut(Schema):
    findings: list[FindingOut]


@router.post(
    "/organisations/{org}/inbox/items/{pk}/reply-check",
    openapi_extra=_json_body_doc(ReplyCheckIn),
    response=ReplyCheckOut,
    url_name="inbox_check_reply",
    summary="Run the checks on a draft reply without sending it (the composer's live checks)",
)
def check_reply(request: HttpRequest, org: str, pk: int) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = _body(request, ReplyCheckIn)
    if not can_reply(user=acting_user(request), item=item):
        raise PermissionDenied("Your role does not let you reply to inbox messages.")
    return {"findings": reply_check(item=item, text=payload.text[:REPLY_LIMIT]).findings}


@router.post(
    "/organisations/{org}/inbox/items/{pk}/reply",
    openapi_extra=_json_body_doc(ReplyIn),
    response={201: ReplyOut, 400: ReplyRefusedOut},
    summary="Check a public reply and hand it to publishing; 400 lists the findings",
)
def reply(request: HttpRequest, org: str, pk: int) -> Status:
    item = _item(request, org, pk)
    payload = _body(request, ReplyIn)
    try:
        sent = inbound_item_reply(
            item=item,
            actor=acting_user(request),
            text=payload.text,
            acknowledge_warnings=payload.acknowledge_warnings,
        )
    except ReplyNeedsAttention as exc:
        return Status(
            400, {"detail": exc.message, "field": exc.field, "findings": exc.check.findings}
        )
    return Status(
        201,
        {
            "id": sent.pk,
            "state": sent.state,
            "post_id": sent.post_id,
            "findings": sent.findings,
        },
    )


@router.post(
    "/organisations/{org}/inbox/items/{pk}/moderate",
    openapi_extra=_json_body_doc(ModerateIn),
    response={201: ModerationOut},
    summary="Hide, delete or block with a house-rules reason code (captured before removal)",
)
def moderate(request: HttpRequest, org: str, pk: int) -> Status:
    item = _item(request, org, pk)
    payload = _body(request, ModerateIn)
    action = inbound_item_moderate(
        item=item,
        actor=acting_user(request),
        kind=payload.kind,
        reason_code=payload.reason_code,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": action.pk,
            "kind": action.kind,
            "reason_code": action.reason_code,
            "on_network": action.on_network,
            "network_result": action.network_result,
        },
    )
