"""The inbox REST API: list with filters, show (original text only for the data protection
roles, and recorded), assign, status, note, reply and moderate."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from govsocial.accounts.models import Organisation, User
from govsocial.api.auth import api_organisation, api_user
from govsocial.api.pagination import PageQuery, keyset_page
from govsocial.api.schemas.common import ERRORS
from govsocial.api.schemas.inbox import (
    AssignIn,
    ItemDetailOut,
    ItemOut,
    ItemPage,
    ListFilters,
    ModerateIn,
    ModerationOut,
    NoteIn,
    NoteOut,
    ReplyCheckIn,
    ReplyCheckOut,
    ReplyIn,
    ReplyOut,
    ReplyRefusedOut,
    RouteIn,
    StatusIn,
    item_detail_out,
    item_out,
    json_body_doc,
    parse_body,
)
from govsocial.api.schemas.types import RecordId, Slug
from govsocial.core.errors import ApplicationError, NotFound, PermissionDenied
from govsocial.inbox.models import InboundItem, ItemStatus
from govsocial.inbox.selectors import (
    BREACH_ORDER,
    ItemFilters,
    inbound_item_get,
    inbound_item_list,
    overdue_items,
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

router = Router(tags=["inbox"])

ITEM_ORDER = ("-received_at", "-id")


def _organisation(request: HttpRequest, org: str) -> Organisation:
    return api_organisation(
        request, org, refusal="Your role does not let you see this organisation's inbox."
    )


def _item(request: HttpRequest, org: str, pk: int) -> InboundItem:
    item = inbound_item_get(organisation=_organisation(request, org), pk=pk)
    if item is None:
        raise NotFound(f"No inbox item {pk} in {org}.")
    return item


@router.get(
    "/organisations/{org}/inbox/items",
    response={200: ItemPage, **ERRORS},
    summary="Inbox items, newest first (text is redacted)",
)
def list_items(request: HttpRequest, org: Slug, filters: Query[ListFilters]) -> dict[str, Any]:
    organisation = _organisation(request, org)
    if filters.status not in ("", "open", *ItemStatus.values):
        raise ApplicationError(
            f"status {filters.status!r} is not open or one of {', '.join(ItemStatus.values)}.",
            field="status",
        )
    items = inbound_item_list(
        organisation=organisation,
        user=api_user(request),
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
    found = keyset_page(request, items, ordering=ITEM_ORDER, page=filters)
    return {
        "count": items.count(),
        "items": [item_out(i) for i in found.rows],
        "next": found.next,
    }


@router.get(
    "/organisations/{org}/inbox/items/{pk}",
    response={200: ItemDetailOut, **ERRORS},
    summary="One item; original=true returns the unredacted text to the DPO and FOI officer",
)
def show_item(
    request: HttpRequest, org: Slug, pk: RecordId, original: bool = False
) -> dict[str, Any]:
    item = _item(request, org, pk)
    text = inbound_item_reveal_original(item=item, actor=api_user(request)) if original else None
    return item_detail_out(item, text)


@router.get(
    "/organisations/{org}/inbox/breaches",
    response={200: ItemPage, **ERRORS},
    summary="Open items past their SLA, FOI or SAR due moment, most overdue first",
)
def breaches(request: HttpRequest, org: Slug, page: Query[PageQuery]) -> dict[str, Any]:
    items = overdue_items(organisation=_organisation(request, org))
    found = keyset_page(request, items, ordering=BREACH_ORDER, page=page)
    return {
        "count": items.count(),
        "items": [item_out(i) for i in found.rows],
        "next": found.next,
    }


@router.post(
    "/organisations/{org}/inbox/items/{pk}/assign",
    openapi_extra=json_body_doc(AssignIn),
    response={200: ItemOut, **ERRORS},
)
def assign(request: HttpRequest, org: Slug, pk: RecordId) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = parse_body(request, AssignIn)
    assignee = None
    if payload.assignee:
        assignee = User.objects.filter(
            username=payload.assignee, memberships__organisation=item.organisation
        ).first()
        if assignee is None:
            raise ApplicationError(
                f"No member {payload.assignee!r} in {item.organisation}.", field="assignee"
            )
    item = inbound_item_assign(item=item, actor=api_user(request), assignee=assignee)
    return item_out(item)


@router.post(
    "/organisations/{org}/inbox/items/{pk}/status",
    openapi_extra=json_body_doc(StatusIn),
    response={200: ItemOut, **ERRORS},
)
def set_status(request: HttpRequest, org: Slug, pk: RecordId) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = parse_body(request, StatusIn)
    item = inbound_item_set_status(
        item=item,
        actor=api_user(request),
        status=payload.status,
    )
    return item_out(item)


@router.post(
    "/organisations/{org}/inbox/items/{pk}/route",
    openapi_extra=json_body_doc(RouteIn),
    response={200: ItemOut, **ERRORS},
    summary="Move to another queue (FOI or SAR starts the legal clock from receipt)",
)
def route(request: HttpRequest, org: Slug, pk: RecordId) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = parse_body(request, RouteIn)
    return item_out(inbound_item_route(item=item, actor=api_user(request), queue=payload.queue))


@router.post(
    "/organisations/{org}/inbox/items/{pk}/notes",
    openapi_extra=json_body_doc(NoteIn),
    response={201: NoteOut, **ERRORS},
)
def add_note(request: HttpRequest, org: Slug, pk: RecordId) -> Status:
    item = _item(request, org, pk)
    payload = parse_body(request, NoteIn)
    note = internal_note_create(
        item=item,
        actor=api_user(request),
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


@router.post(
    "/organisations/{org}/inbox/items/{pk}/reply-check",
    openapi_extra=json_body_doc(ReplyCheckIn),
    response={200: ReplyCheckOut, **ERRORS},
    url_name="inbox_check_reply",
    summary="Run the checks on a draft reply without sending it (the composer's live checks)",
)
def check_reply(request: HttpRequest, org: Slug, pk: RecordId) -> dict[str, Any]:
    item = _item(request, org, pk)
    payload = parse_body(request, ReplyCheckIn)
    if not can_reply(user=api_user(request), item=item):
        raise PermissionDenied("Your role does not let you reply to inbox messages.")
    checked = reply_check(item=item, text=payload.text[:REPLY_LIMIT])
    return {"verdict": checked.verdict, "findings": checked.findings}


@router.post(
    "/organisations/{org}/inbox/items/{pk}/reply",
    openapi_extra=json_body_doc(ReplyIn),
    response={201: ReplyOut, **ERRORS, 400: ReplyRefusedOut},
    summary="Check a public reply and hand it to publishing; 400 lists the findings",
)
def reply(request: HttpRequest, org: Slug, pk: RecordId) -> Status:
    item = _item(request, org, pk)
    payload = parse_body(request, ReplyIn)
    try:
        sent = inbound_item_reply(
            item=item,
            actor=api_user(request),
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
    openapi_extra=json_body_doc(ModerateIn),
    response={201: ModerationOut, **ERRORS},
    summary="Hide, delete or block with a house-rules reason code (captured before removal)",
)
def moderate(request: HttpRequest, org: Slug, pk: RecordId) -> Status:
    item = _item(request, org, pk)
    payload = parse_body(request, ModerateIn)
    action = inbound_item_moderate(
        item=item,
        actor=api_user(request),
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
