"""Working the queue: reveal the original (audited), assign, status, notes, saved replies, replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.analysis import find_personal_data
from govsocial.analysis.redaction import PLACEHOLDERS
from govsocial.analysis.triage import SECURE_CHANNEL_PLACEHOLDER
from govsocial.checks import Finding, Severity
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.inbox import clocks
from govsocial.inbox.models import (
    InboundItem,
    InboxReply,
    InternalNote,
    ItemStatus,
    Queue,
    ReplyState,
    SavedReply,
)
from govsocial.inbox.services.permissions import (
    QUEUE_ACTIONS,
    can_reply,
    can_see_personal_data,
    require_work,
)
from govsocial.inbox.services.store import public_contacts
from govsocial.publishing.checking import SEVERITY_ORDER, check_reply
from govsocial.publishing.models import Post
from govsocial.publishing.services import post_submit, reply_create
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

NOTE_LIMIT = 5000
REPLY_LIMIT = 5000
FOI_NOTE_REMINDER = (
    "Notes are held information: they can be disclosed under the Freedom of Information Act "
    "or in a subject access request. Write only what you would be content for the person to read."
)


def _locked(item: InboundItem) -> InboundItem:
    return (
        InboundItem.objects.select_for_update()
        .select_related("organisation", "account")
        .get(pk=item.pk)
    )


@transaction.atomic
def inbound_item_reveal_original(*, item: InboundItem, actor: User) -> str:
    """The unredacted text, for the data protection roles only; every viewing is recorded."""
    if not can_see_personal_data(user=actor, item=item):
        raise PermissionDenied(
            "Only the data protection officer and the FOI officer may see the original message."
        )
    audit_record(
        organisation=item.organisation,
        actor=actor,
        action=AuditAction.INBOUND_ITEM_VIEW_ORIGINAL,
        target=item,
        data={"account_id": item.account_id, "personal_data_kinds": item.personal_data_kinds},
    )
    text: str = InboundItem.objects.values_list("original_text", flat=True).get(pk=item.pk)
    return text


def _may_hold(user: User, item: InboundItem) -> bool:
    """Could `user` work this item (the desk, or the owner of its queue)?"""
    if user_can(
        user=user, action=Action.REPLY, organisation=item.organisation, account=item.account
    ):
        return True
    action = QUEUE_ACTIONS.get(item.queue)
    return action is not None and user_can(
        user=user, action=action, organisation=item.organisation, account=item.account
    )


@transaction.atomic
def inbound_item_assign(*, item: InboundItem, actor: User, assignee: User | None) -> InboundItem:
    """Assign to a person (None: back to the team's queue)."""
    require_work(user=actor, item=item)
    item = _locked(item)
    if assignee is not None and not _may_hold(assignee, item):
        raise ApplicationError(
            f"{assignee} cannot work this item in {item.organisation}: choose someone with the "
            "author, reviewer or publisher role, or the owner of its queue.",
            field="assignee",
        )
    previous = item.assignee_id
    item.assignee = assignee
    if assignee is not None and item.status == ItemStatus.NEW:
        item.status = ItemStatus.ASSIGNED
    elif assignee is None and item.status == ItemStatus.ASSIGNED:
        item.status = ItemStatus.NEW
    item.save(update_fields=["assignee", "status"])
    audit_record(
        organisation=item.organisation,
        actor=actor,
        action=AuditAction.INBOUND_ITEM_ASSIGN,
        target=item,
        data={
            "from": previous,
            "to": assignee.pk if assignee else None,
            "to_username": assignee.get_username() if assignee else None,
        },
    )
    return item


@transaction.atomic
def inbound_item_route(*, item: InboundItem, actor: User, queue: str) -> InboundItem:
    """Move an item to another team's queue, e.g. an FOI request triage missed.

    Routing to the FOI or SAR queue starts the legal clock from the day the message arrived
    (the law counts from receipt, not from when we noticed).
    """
    require_work(user=actor, item=item)
    if queue not in Queue.values:
        raise ApplicationError(
            f"{queue!r} is not a queue; use one of {', '.join(Queue.values)}.", field="queue"
        )
    item = _locked(item)
    previous = item.queue
    item.queue = queue
    if queue == Queue.FOI_OFFICER and item.foi_due is None:
        item.foi_due = clocks.foi_due(item.received_at)
    if queue == Queue.DATA_PROTECTION_OFFICER and item.sar_due is None:
        item.sar_due, item.sar_extended_due = clocks.sar_due(item.received_at)
    if item.assignee_id is not None and not _may_hold(item.assignee, item):  # type: ignore[arg-type]
        item.assignee = None
        if item.status == ItemStatus.ASSIGNED:
            item.status = ItemStatus.NEW
    item.save(
        update_fields=["queue", "foi_due", "sar_due", "sar_extended_due", "assignee", "status"]
    )
    due = item.foi_due if queue == Queue.FOI_OFFICER else item.sar_due
    audit_record(
        organisation=item.organisation,
        actor=actor,
        action=AuditAction.INBOUND_ITEM_ROUTE,
        target=item,
        data={
            "account_id": item.account_id,
            "from": previous,
            "queue": queue,
            "due": due.isoformat() if due and queue != Queue.GENERAL else None,
        },
    )
    return item


@transaction.atomic
def inbound_item_set_status(*, item: InboundItem, actor: User, status: str) -> InboundItem:
    require_work(user=actor, item=item)
    if status not in ItemStatus.values:
        allowed = ", ".join(ItemStatus.values)
        raise ApplicationError(f"{status!r} is not a status; use one of {allowed}.", field="status")
    item = _locked(item)
    previous = item.status
    item.status = status
    fields = ["status"]
    if status in (ItemStatus.REPLIED, ItemStatus.CLOSED) and item.first_response_at is None:
        item.first_response_at = timezone.now()
        fields.append("first_response_at")
    item.save(update_fields=fields)
    audit_record(
        organisation=item.organisation,
        actor=actor,
        action=AuditAction.INBOUND_ITEM_STATUS,
        target=item,
        data={"from": previous, "to": status},
    )
    return item


@transaction.atomic
def internal_note_create(*, item: InboundItem, actor: User, text: str) -> InternalNote:
    require_work(user=actor, item=item)
    text = text.strip()
    if not text:
        raise ApplicationError("Write the note.", field="text")
    if len(text) > NOTE_LIMIT:
        raise ApplicationError(
            f"Notes can be up to {NOTE_LIMIT} characters; yours has {len(text)}.", field="text"
        )
    note = InternalNote.objects.create(item=item, author=actor, text=text)
    audit_record(
        organisation=item.organisation,
        actor=actor,
        action=AuditAction.INTERNAL_NOTE_CREATE,
        target=note,
        data={"item_id": item.pk},
    )
    return note


@transaction.atomic
def saved_reply_create(
    *, organisation: Organisation, actor: User, title: str, text: str
) -> SavedReply:
    if not user_can(user=actor, action=Action.REPLY, organisation=organisation):
        raise PermissionDenied("Your role does not let you write replies in this organisation.")
    title, text = title.strip(), text.strip()
    if not title:
        raise ApplicationError("Give the saved reply a title.", field="title")
    if not text:
        raise ApplicationError("Write the text of the saved reply.", field="text")
    if SavedReply.objects.filter(organisation=organisation, title=title).exists():
        raise ApplicationError(
            f"There is already a saved reply called {title!r}; choose another title.",
            field="title",
        )
    saved = SavedReply.objects.create(
        organisation=organisation, title=title[:200], text=text, created_by=actor
    )
    audit_record(
        organisation=organisation, actor=actor, action=AuditAction.SAVED_REPLY_CREATE, target=saved
    )
    return saved


# --- replies -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyCheck:
    """What the inbox's own checks and publishing's checks found in a reply.

    Findings have the checks engine's JSON shape (`Report.to_dict()`), as posts store them.
    """

    findings: list[dict[str, Any]]

    @property
    def verdict(self) -> str:
        severities = [f["severity"] for f in self.findings]
        return max(severities, key=SEVERITY_ORDER.index, default=Severity.PASS.label)

    @property
    def blocking(self) -> bool:
        return self.verdict == Severity.BLOCK.label

    @property
    def needs_acknowledgement(self) -> bool:
        return any(
            f["severity"] in (Severity.WARN.label, Severity.ESCALATE.label) for f in self.findings
        )


class ReplyNeedsAttention(ApplicationError):
    def __init__(self, message: str, *, check: ReplyCheck) -> None:
        super().__init__(message, field="text")
        self.check = check


def _inbox_findings(item: InboundItem, text: str) -> list[dict[str, Any]]:
    """What only the inbox can see: its placeholders, and the sender's own message."""
    findings: list[Finding] = []
    if SECURE_CHANNEL_PLACEHOLDER in text:
        findings.append(
            Finding(
                rule="inbox.secure_channel_link",
                severity=Severity.BLOCK,
                message=f"Replace {SECURE_CHANNEL_PLACEHOLDER} with the link to the official "
                "secure channel (set it in the account's inbox settings).",
                source="The suggested reply for individual cases",
            )
        )
    if any(placeholder in text for placeholder in PLACEHOLDERS.values()):
        findings.append(
            Finding(
                rule="inbox.redaction_placeholder",
                severity=Severity.WARN,
                message="The reply contains a redaction placeholder such as "
                "[phone number removed]; take it out.",
                source="The inbox's redaction of personal data",
            )
        )
    original = InboundItem.objects.values_list("original_text", flat=True).get(pk=item.pk)
    found = find_personal_data(original, contacts=public_contacts())
    quoted = sorted({m.kind for m in found if m.text and m.text in text})
    if quoted:
        findings.append(
            Finding(
                rule="inbox.quotes_personal_data",
                severity=Severity.BLOCK,
                message="The reply quotes personal data from the message ("
                + ", ".join(kind.replace("_", " ") for kind in quoted)
                + "). Never repeat it in public; send the person to the secure channel.",
                source="UK GDPR; the inbox's redaction of personal data",
            )
        )
    return [finding.to_dict() for finding in findings]


def reply_check(*, item: InboundItem, text: str) -> ReplyCheck:
    """The inbox's own checks on the reply, then the checks publishing runs on every reply."""
    report = check_reply(account=item.account, text=text, in_reply_to=item.remote_id)
    findings = [*_inbox_findings(item, text), *report["findings"]]
    findings.sort(key=lambda f: SEVERITY_ORDER.index(f["severity"]), reverse=True)
    return ReplyCheck(findings=findings)


def _submit(post: Post, actor: User) -> tuple[str, str]:
    """Send the reply post for approval, as the author asked; publishing may still refuse."""
    try:
        post_submit(post=post, actor=actor)
    except ApplicationError as exc:
        return ReplyState.PUBLISHING_DRAFT, exc.message
    return ReplyState.SUBMITTED, ""


@transaction.atomic
def inbound_item_reply(
    *, item: InboundItem, actor: User, text: str, acknowledge_warnings: bool = False
) -> InboxReply:
    """Check the reply, then hand it to publishing (approve, schedule, deliver exactly once).

    A blocking finding stops it; warnings and escalations need `acknowledge_warnings`.
    """
    if not can_reply(user=actor, item=item):
        raise PermissionDenied("Your role does not let you reply to inbox messages.")
    text = text.strip()
    if not text:
        raise ApplicationError("Write the reply.", field="text")
    if len(text) > REPLY_LIMIT:
        raise ApplicationError(
            f"Replies can be up to {REPLY_LIMIT} characters; yours has {len(text)}.", field="text"
        )
    checked = reply_check(item=item, text=text)
    if checked.blocking:
        raise ReplyNeedsAttention(
            "The reply cannot be sent: fix the problems the checks found.", check=checked
        )
    if checked.needs_acknowledgement and not acknowledge_warnings:
        raise ReplyNeedsAttention(
            "Read the warnings and confirm you want to send the reply as it is.", check=checked
        )
    item = _locked(item)
    post = reply_create(
        organisation=item.organisation,
        actor=actor,
        account=item.account,
        in_reply_to_remote_id=item.remote_id,
        text=text,
    )
    state, problem = _submit(post, actor)
    reply = InboxReply.objects.create(
        item=item,
        author=actor,
        text=text,
        state=state,
        post=post,
        findings=checked.findings,
        problem=problem[:500],
    )
    if state == ReplyState.SUBMITTED:
        item.status = ItemStatus.REPLIED
        if item.first_response_at is None:
            item.first_response_at = timezone.now()
        item.save(update_fields=["status", "first_response_at"])
    elif state == ReplyState.PUBLISHING_DRAFT and item.status != ItemStatus.WAITING:
        item.status = ItemStatus.WAITING
        item.save(update_fields=["status"])
    audit_record(
        organisation=item.organisation,
        actor=actor,
        action=AuditAction.INBOUND_ITEM_REPLY,
        target=item,
        data={
            "reply_id": reply.pk,
            "post_id": post.pk if post is not None else None,
            "state": reply.state,
            "problem": reply.problem,
            "findings": [f["rule"] for f in checked.findings],
            # Wall-clock time from arrival to the reply, for the risk report's response times.
            "response_seconds": int((timezone.now() - item.received_at).total_seconds()),
            "sla_due_at": item.sla_due_at.isoformat() if item.sla_due_at else None,
        },
    )
    return reply
