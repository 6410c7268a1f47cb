"""`govsocial inbox sync|list|show|assign|reply`: the inbox from the command line.

Every verb but `sync` acts as a named user (`--as`, or GOVSOCIAL_USER) so the same role checks
apply as in the web pages and the API: text is redacted unless that user may see personal data
and asks for `--original` (which is recorded).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from govsocial.cli.common import (
    RECORD_ID,
    TEXT,
    acting_context,
    as_option,
    database_ready,
    emit,
    fail,
    json_option,
    org_option,
    run_service,
    text_or_fail,
    whole_number_or_none,
)
from govsocial.core.text import LARGEST_ID


def _item(organisation: Any, pk: int) -> Any:
    from govsocial.inbox.selectors import inbound_item_get

    item = inbound_item_get(organisation=organisation, pk=pk)
    if item is None:
        fail(f"no inbox item {pk} in {organisation.slug}; `govsocial inbox list` shows them.")
    return item


def assignee_filter(assignee: str) -> str:
    """--assignee as the list filter takes it: "", "me", "none" or a user id."""
    if assignee in ("", "me", "none"):
        return assignee
    user_id = whole_number_or_none(assignee)
    if user_id is None or not 1 <= user_id <= LARGEST_ID:
        fail(f"--assignee {assignee!r} is not me, none or a user id. Give one of those.")
    return str(user_id)


@click.group("inbox")
def inbox_group() -> None:
    """Work the inbox: fetch new messages, list, show, assign and reply."""


@inbox_group.command("sync")
@click.option(
    "--account", "account_id", type=RECORD_ID, help="Only this official account (its id)."
)
@json_option
def sync_command(account_id: int | None, as_json: bool) -> None:
    """Fetch new messages for every active official account now (the worker does it every minute)."""
    database_ready()
    from govsocial.channels.models import OfficialAccount
    from govsocial.inbox.services import inbox_sync

    accounts = OfficialAccount.objects.filter(is_active=True).select_related("organisation")
    if account_id is not None:
        accounts = accounts.filter(pk=account_id)
        if not accounts.exists():
            fail(f"no active official account with id {account_id}.")
    results = inbox_sync(accounts=list(accounts))
    lines = [
        f"{r.account}: {r.status}, {r.stored} new, {r.duplicates} already stored"
        + (f", {r.unreadable} unreadable" if r.unreadable else "")
        + (f" ({r.message})" if r.message else "")
        for r in results
    ]
    emit([r.as_dict() for r in results], as_json, "\n".join(lines) or "No active accounts.")


@inbox_group.command("list")
@as_option
@org_option
@click.option(
    "--status", default="open", show_default=True, type=TEXT, help="open, new, assigned, ..."
)
@click.option("--label", default="", type=TEXT, help="Triage label, e.g. possible_foi.")
@click.option(
    "--queue", default="", type=TEXT, help="general, foi_officer, data_protection_officer, ..."
)
@click.option("--assignee", default="", type=TEXT, help="me, none, or a user id.")
@click.option("--overdue", is_flag=True, help="Only items past their due moment.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@json_option
def list_command(
    username: str,
    org_slug: str,
    status: str,
    label: str,
    queue: str,
    assignee: str,
    overdue: bool,
    limit: int,
    as_json: bool,
) -> None:
    """List inbox items, newest first (text redacted)."""
    user, organisation = acting_context(username, org_slug)
    from govsocial.api.schemas.inbox import item_out
    from govsocial.inbox.models import ItemStatus
    from govsocial.inbox.selectors import ItemFilters, inbound_item_list

    if status not in ("", "open", *ItemStatus.values):
        fail(f"--status {status!r} is not open or one of {', '.join(ItemStatus.values)}.")
    items = list(
        inbound_item_list(
            organisation=organisation,
            user=user,
            filters=ItemFilters(
                status=status,
                label=label,
                queue=queue,
                assignee=assignee_filter(assignee),
                overdue=overdue,
            ),
        )[:limit]
    )
    rows = [
        f"{i.pk:>6}  {i.received_at:%Y-%m-%d %H:%M}  {i.triage_label:<16} {i.status:<9} "
        f"{i.author_handle}: {i.redacted_text[:60]!r}"
        for i in items
    ]
    emit([item_out(i) for i in items], as_json, "\n".join(rows) or "No items.")


@inbox_group.command("show")
@click.argument("pk", type=RECORD_ID)
@as_option
@org_option
@click.option("--original", is_flag=True, help="Show the unredacted text (DPO/FOI; recorded).")
@json_option
def show_command(pk: int, username: str, org_slug: str, original: bool, as_json: bool) -> None:
    """Show one item with its triage, clocks and notes."""
    user, organisation = acting_context(username, org_slug)
    from govsocial.api.schemas.inbox import item_detail_out
    from govsocial.inbox.services import inbound_item_reveal_original

    item = _item(organisation, pk)
    text = None
    if original:
        text = run_service(lambda: inbound_item_reveal_original(item=item, actor=user))
    data = item_detail_out(item, text)
    lines = [
        f"#{item.pk} {item.get_kind_display()} from {item.author_handle} "
        f"at {item.received_at:%Y-%m-%d %H:%M}",
        f"Triage: {item.get_triage_label_display()} ({item.triage_confidence}); "
        f"queue {item.get_queue_display()}; status {item.get_status_display()}",
    ]
    if item.foi_due:
        lines.append(f"FOI due: {item.foi_due:%A %d %B %Y}")
    if item.sar_due:
        lines.append(f"SAR due: {item.sar_due:%A %d %B %Y}")
    if item.sla_due_at:
        lines.append(f"Response due: {item.sla_due_at:%Y-%m-%d %H:%M %Z}")
    lines += ["", text if text is not None else item.redacted_text]
    if item.suggested_reply:
        lines += ["", "Suggested reply:", item.suggested_reply]
    emit(data, as_json, "\n".join(lines))


@inbox_group.command("assign")
@click.argument("pk", type=RECORD_ID)
@as_option
@org_option
@click.option("--to", "to", default="", type=TEXT, help="Username to assign to.")
@click.option("--unassign", is_flag=True, help="Return the item to its queue.")
@json_option
def assign_command(
    pk: int, username: str, org_slug: str, to: str, unassign: bool, as_json: bool
) -> None:
    """Assign an item to a person, or return it to the queue."""
    if bool(to) == unassign:
        fail("give either --to USERNAME or --unassign.")
    user, organisation = acting_context(username, org_slug)
    from govsocial.accounts.models import User
    from govsocial.api.schemas.inbox import item_out
    from govsocial.inbox.services import inbound_item_assign

    item = _item(organisation, pk)
    assignee = None
    if to:
        assignee = User.objects.filter(username=to, memberships__organisation=organisation).first()
        if assignee is None:
            fail(f"no member {to!r} in {organisation.slug}. Check --to.")
    item = run_service(lambda: inbound_item_assign(item=item, actor=user, assignee=assignee))
    emit(
        item_out(item),
        as_json,
        f"#{item.pk} assigned to {assignee}." if assignee else f"#{item.pk} back in the queue.",
    )


@inbox_group.command("reply")
@click.argument("pk", type=RECORD_ID)
@as_option
@org_option
@click.option("--text", default=None, type=TEXT, help="The reply; without it, read from stdin.")
@click.option("--acknowledge-warnings", is_flag=True, help="Send despite WARN findings.")
@json_option
def reply_command(
    pk: int,
    username: str,
    org_slug: str,
    text: str | None,
    acknowledge_warnings: bool,
    as_json: bool,
) -> None:
    """Check a public reply and hand it to publishing. Exit 1 when the checks stop it."""
    user, organisation = acting_context(username, org_slug)
    from govsocial.core.errors import ApplicationError
    from govsocial.inbox.services import ReplyNeedsAttention, inbound_item_reply

    item = _item(organisation, pk)
    body = text if text is not None else text_or_fail(sys.stdin.read(), what="The reply")
    try:
        reply = inbound_item_reply(
            item=item, actor=user, text=body, acknowledge_warnings=acknowledge_warnings
        )
    except ReplyNeedsAttention as exc:
        findings = exc.check.findings
        emit(
            {"detail": exc.message, "findings": findings},
            as_json,
            "\n".join(
                [exc.message]
                + [f"  {f['severity'].upper()}: {f['message']} ({f['rule']})" for f in findings]
            ),
        )
        sys.exit(1)
    except ApplicationError as exc:
        fail(exc.message)
    emit(
        {"id": reply.pk, "state": reply.state, "post_id": reply.post_id},
        as_json,
        f"Reply {reply.pk}: {reply.get_state_display()}.",
    )
