"""Reads for the inbox. None of them loads the restricted `original_text`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, DateTimeField, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import users_with_any_action
from govsocial.channels.models import OfficialAccount
from govsocial.inbox.models import (
    OPEN_STATUSES,
    HouseRules,
    InboundItem,
    InboxCursor,
    InboxSettings,
    ModerationAction,
    SavedReply,
    UnreadablePayload,
)

RESTRICTED_FIELDS = ("original_text",)
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class ItemFilters:
    status: str = ""
    label: str = ""
    queue: str = ""
    account: int | None = None
    assignee: str = ""  # "", "me", "none" or a user id
    overdue: bool = False
    search: str = ""


def _base(organisation: Organisation | int) -> QuerySet[InboundItem]:
    return (
        InboundItem.objects.filter(organisation=organisation)
        .defer(*RESTRICTED_FIELDS)
        .select_related("account", "assignee", "thread")
    )


def inbound_item_list(
    *,
    organisation: Organisation,
    filters: ItemFilters | None = None,
    user: User | None = None,
    now: datetime | None = None,
) -> QuerySet[InboundItem]:
    filters = filters or ItemFilters()
    items = _base(organisation)
    if filters.status == "open":
        items = items.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        items = items.filter(status=filters.status)
    if filters.label:
        items = items.filter(triage_label=filters.label)
    if filters.queue:
        items = items.filter(queue=filters.queue)
    if filters.account:
        items = items.filter(account_id=filters.account)
    if filters.assignee == "me" and user is not None:
        items = items.filter(assignee=user)
    elif filters.assignee == "none":
        items = items.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        items = items.filter(assignee_id=int(filters.assignee))
    if filters.overdue:
        items = overdue_filter(items, now=now)
    if filters.search:
        items = items.filter(
            Q(redacted_text__icontains=filters.search) | Q(author_handle__icontains=filters.search)
        )
    return items


def overdue_condition(*, now: datetime | None = None) -> Q:
    """Past the SLA, FOI or SAR due moment (for open items: see overdue_filter)."""
    moment = now or timezone.now()
    today = moment.astimezone(LONDON).date()
    return (
        Q(sla_due_at__lt=moment, first_response_at__isnull=True)
        | Q(foi_due__lt=today)
        | Q(sar_due__lt=today)
    )


def overdue_filter(
    items: QuerySet[InboundItem], *, now: datetime | None = None
) -> QuerySet[InboundItem]:
    """Open items past their SLA, FOI or SAR due moment."""
    return items.filter(status__in=OPEN_STATUSES).filter(overdue_condition(now=now))


def inbound_item_get(*, organisation: Organisation, pk: int) -> InboundItem | None:
    item = _base(organisation).filter(pk=pk).first()
    if item is not None:
        # The item is this organisation's, so permission checks need not read it again.
        item.organisation = organisation
    return item


def thread_items(*, item: InboundItem) -> QuerySet[InboundItem]:
    # By the organisation's id: the item came without its organisation, and reading it costs a query.
    items = _base(item.organisation_id)
    if item.thread_id is None:
        return items.filter(pk=item.pk)
    return items.filter(thread_id=item.thread_id).order_by("received_at", "id")


#: Open items with no SLA clock (FOI and SAR due dates only) come after those with one.
NO_SLA = datetime(9999, 12, 31, tzinfo=UTC)
BREACH_ORDER = ("sla_order", "id")


def overdue_items(
    *, organisation: Organisation, now: datetime | None = None
) -> QuerySet[InboundItem]:
    """Open items past their SLA or legal due date, most overdue first (order by BREACH_ORDER)."""
    return (
        overdue_filter(_base(organisation), now=now)
        .annotate(sla_order=Coalesce("sla_due_at", Value(NO_SLA, output_field=DateTimeField())))
        .order_by(*BREACH_ORDER)
    )


def inbox_breaches(
    *, organisation: Organisation, now: datetime | None = None, limit: int = 500
) -> list[InboundItem]:
    """The first `limit` overdue items, most overdue first (for the dashboard and overview)."""
    return list(overdue_items(organisation=organisation, now=now)[:limit])


def inbox_counts(*, organisation: Organisation, now: datetime | None = None) -> dict[str, int]:
    """Open, overdue and unassigned items, and open items per queue, in one query."""
    per_queue = (
        InboundItem.objects.filter(organisation=organisation, status__in=OPEN_STATUSES)
        .values("queue")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=overdue_condition(now=now)),
            unassigned=Count("id", filter=Q(assignee__isnull=True)),
        )
        .order_by()
    )
    rows = list(per_queue)
    totals = {name: sum(row[name] for row in rows) for name in ("open", "overdue", "unassigned")}
    return totals | {f"queue_{row['queue']}": row["open"] for row in rows}


def assignable_users(*, organisation: Organisation) -> QuerySet[User]:
    """Who an item can be assigned to: those who may reply, or work the FOI or SAR queue."""
    return users_with_any_action(
        organisation=organisation, actions=[Action.REPLY, Action.HANDLE_FOI, Action.HANDLE_SAR]
    ).order_by("username")


def saved_reply_list(*, organisation: Organisation) -> QuerySet[SavedReply]:
    return SavedReply.objects.filter(organisation=organisation)


def moderation_list(*, item: InboundItem) -> QuerySet[ModerationAction]:
    return (
        ModerationAction.objects.filter(item=item)
        .select_related("actor", "appeal_decided_by")
        .defer("snapshot")
    )


def moderation_get(*, organisation: Organisation, pk: int) -> ModerationAction | None:
    return (
        ModerationAction.objects.filter(organisation=organisation, pk=pk)
        .select_related("item__account", "item__organisation")
        .first()
    )


def account_sync_status(
    *, organisation: Organisation
) -> list[tuple[OfficialAccount, InboxCursor | None, int]]:
    """Each active account, its polling state and how many payloads could not be read."""
    accounts = list(OfficialAccount.objects.filter(organisation=organisation, is_active=True))
    cursors = {c.account_id: c for c in InboxCursor.objects.filter(account__in=accounts)}
    unreadable = dict(
        UnreadablePayload.objects.filter(account__in=accounts, resolved=False)
        .values_list("account")
        .annotate(n=Count("id"))
        .values_list("account", "n")
    )
    return [
        (account, cursors.get(account.pk), unreadable.get(account.pk, 0)) for account in accounts
    ]


def inbox_settings_for(*, account: OfficialAccount) -> InboxSettings | None:
    return InboxSettings.objects.filter(account=account).first()


def published_house_rules(*, organisation_slug: str, account_id: int) -> HouseRules | None:
    return (
        HouseRules.objects.filter(
            account_id=account_id,
            account__organisation__slug=organisation_slug,
            account__is_active=True,
            published_at__isnull=False,
        )
        .select_related("account", "account__organisation")
        .first()
    )
