"""Moderation with due process (domain-rules b10; peers.md §3 item 4).

Hide, delete and block need a reason code from the account's published house rules. The item is
captured to the record (a `ModerationAction` with a snapshot, and a public audit record that
becomes a transparency-log leaf) and committed BEFORE anything is removed; only then is the
network asked to act, where its connector can. Appeals are decided by a different person.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.models import User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.channels.models import OfficialAccount
from govsocial.connectors.base import Capability, Moderation
from govsocial.connectors.registry import connector_class
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.inbox.models import (
    DEFAULT_NOT_ENDORSEMENT,
    AppealStatus,
    HouseRules,
    InboundItem,
    InboxSettings,
    ModerationAction,
    ModerationKind,
    ModerationReason,
    Visibility,
)
from govsocial.inbox.services.ingest import ConnectorFactory, configured_connector_factory
from govsocial.inbox.services.permissions import can_moderate
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

logger = logging.getLogger("govsocial.inbox")

MODERATION_ACTIONS: dict[str, AuditAction] = {
    ModerationKind.HIDE: AuditAction.MODERATION_HIDE,
    ModerationKind.DELETE: AuditAction.MODERATION_DELETE,
    ModerationKind.BLOCK: AuditAction.MODERATION_BLOCK,
}
VISIBILITY_AFTER: dict[str, str] = {
    ModerationKind.HIDE: Visibility.HIDDEN,
    ModerationKind.DELETE: Visibility.DELETED,
    ModerationKind.BLOCK: Visibility.HIDDEN,
}


def network_can_moderate(network: str) -> bool:
    """True when the network's connector can hide, delete or block through its API.

    Otherwise moderation is recorded here only and the page tells the moderator to do it on
    the network by hand.
    """
    return Capability.MODERATE in connector_class(network).capabilities


def _snapshot(item: InboundItem) -> dict[str, Any]:
    original = InboundItem.objects.values_list("original_text", flat=True).get(pk=item.pk)
    return {
        "remote_id": item.remote_id,
        "kind": item.kind,
        "author_handle": item.author_handle,
        "author_name": item.author_name,
        "url": item.url,
        "received_at": item.received_at.isoformat(),
        "redacted_text": item.redacted_text,
        "original_text": original,  # restricted, like the item's own field
        "personal_data_kinds": item.personal_data_kinds,
        "triage_label": item.triage_label,
    }


@transaction.atomic
def _capture(
    *, item: InboundItem, actor: User, kind: str, reason_code: str, note: str
) -> ModerationAction:
    item = (
        InboundItem.objects.select_for_update()
        .select_related("account", "organisation")
        .get(pk=item.pk)
    )
    if item.visibility != Visibility.VISIBLE and kind != ModerationKind.BLOCK:
        raise ApplicationError(
            f"This item is already {item.get_visibility_display().lower()}.", field="kind"
        )
    action = ModerationAction.objects.create(
        organisation=item.organisation,
        item=item,
        kind=kind,
        reason_code=reason_code,
        note=note,
        actor=actor,
        snapshot=_snapshot(item),
        captured_at=timezone.now(),
    )
    audit_record(
        organisation=item.organisation,
        actor=actor,
        action=MODERATION_ACTIONS[kind],
        target=action,
        data={
            "account_id": item.account_id,
            "network": item.account.network,
            "remote_id": item.remote_id,
            "remote_url": item.url,
            "reason_code": reason_code,
            # Committed to by the log, never published in it; redacted, because the audit
            # trail is visible to every role.
            "content": {"text": item.redacted_text, "author_handle": item.author_handle},
        },
    )
    return action


def inbound_item_moderate(
    *,
    item: InboundItem,
    actor: User,
    kind: str,
    reason_code: str,
    note: str = "",
    connector_factory: ConnectorFactory | None = None,
) -> ModerationAction:
    """Capture, record, then remove. Returns the action (with `on_network` and its result)."""
    if not can_moderate(user=actor, item=item):
        raise PermissionDenied(
            "Your role does not let you moderate. Ask a reviewer or publisher to do it."
        )
    if kind not in ModerationKind.values:
        raise ApplicationError(
            f"{kind!r} is not a moderation action; use hide, delete or block.", field="kind"
        )
    if reason_code not in ModerationReason.values:
        allowed = ", ".join(ModerationReason.values)
        raise ApplicationError(
            f"Choose a reason from the house rules ({allowed}). Disagreement is never a reason.",
            field="reason_code",
        )
    # 1. The record first, committed on its own: whatever happens next, the item is kept.
    action = _capture(item=item, actor=actor, kind=kind, reason_code=reason_code, note=note)
    # 2. Then the network, where the connector can; otherwise it is recorded as internal.
    network = item.account.network
    if network_can_moderate(network):
        try:
            factory = connector_factory or configured_connector_factory()
            connector = factory(item.account)
            try:
                connector.moderate_inbound(item.remote_id, Moderation(kind))
            finally:
                connector.close()
            action.on_network = True
            action.network_result = f"Done on {network}."
        except Exception as exc:
            logger.warning("inbox.moderation_network_failed action=%s", action.pk)
            action.network_result = (
                f"Recorded, but {network} refused or failed ({type(exc).__name__}: {exc}); "
                "do it on the network by hand."
            )[:500]
    else:
        action.network_result = (
            f"Recorded here only: govsocial cannot {kind} on {network} through its API yet. "
            f"Do it on {network} by hand."
        )
    with transaction.atomic():
        action.save(update_fields=["on_network", "network_result"])
        InboundItem.objects.filter(pk=item.pk).update(visibility=VISIBILITY_AFTER[kind])
    return action


@transaction.atomic
def moderation_appeal_open(*, action: ModerationAction, actor: User, note: str) -> ModerationAction:
    """Record an appeal the person made (by reply, message or email)."""
    if not user_can(user=actor, action=Action.REPLY, organisation=action.organisation) and not (
        user_can(user=actor, action=Action.MODERATE, organisation=action.organisation)
    ):
        raise PermissionDenied("Your role does not let you record appeals.")
    action = ModerationAction.objects.select_for_update().get(pk=action.pk)
    if action.appeal_status != AppealStatus.NONE:
        raise ApplicationError(
            f"This action already has an appeal ({action.get_appeal_status_display()})."
        )
    if not note.strip():
        raise ApplicationError("Say what the person said in their appeal.", field="note")
    action.appeal_status = AppealStatus.OPEN
    action.appeal_note = note.strip()
    action.save(update_fields=["appeal_status", "appeal_note"])
    audit_record(
        organisation=action.organisation,
        actor=actor,
        action=AuditAction.MODERATION_APPEAL,
        target=action,
        data={"item_id": action.item_id},
    )
    return action


@transaction.atomic
def moderation_appeal_decide(
    *, action: ModerationAction, actor: User, restore: bool, note: str = ""
) -> ModerationAction:
    """A different moderator decides: restore the item, or let the action stand."""
    action = (
        ModerationAction.objects.select_for_update()
        .select_related("item__account", "organisation")
        .get(pk=action.pk)
    )
    item = action.item
    if not can_moderate(user=actor, item=item):
        raise PermissionDenied("Your role does not let you decide moderation appeals.")
    if action.appeal_status != AppealStatus.OPEN:
        raise ApplicationError("There is no open appeal on this action.")
    if action.actor_id == actor.pk:
        raise ApplicationError(
            "A different person must decide the appeal: ask another reviewer or publisher."
        )
    action.appeal_status = AppealStatus.RESTORED if restore else AppealStatus.UPHELD
    action.appeal_decided_by = actor
    action.appeal_decided_at = timezone.now()
    if note.strip():
        action.appeal_note = f"{action.appeal_note}\n\nDecision: {note.strip()}"
    action.save(
        update_fields=["appeal_status", "appeal_decided_by", "appeal_decided_at", "appeal_note"]
    )
    if restore:
        InboundItem.objects.filter(pk=item.pk).update(visibility=Visibility.VISIBLE)
        audit_record(
            organisation=action.organisation,
            actor=actor,
            action=AuditAction.MODERATION_RESTORE,
            target=action,
            data={
                "account_id": item.account_id,
                "network": item.account.network,
                "remote_id": item.remote_id,
                "remote_url": item.url,
                "reason_code": action.reason_code,
                "content": {"text": item.redacted_text, "author_handle": item.author_handle},
            },
        )
    else:
        audit_record(
            organisation=action.organisation,
            actor=actor,
            action=AuditAction.MODERATION_APPEAL_REFUSED,
            target=action,
            data={"item_id": item.pk},
        )
    return action


# --- house rules and inbox settings ---------------------------------------------------------


def _require_account_admin(*, actor: User, account: OfficialAccount) -> None:
    if not user_can(user=actor, action=Action.MANAGE_ACCOUNTS, organisation=account.organisation):
        raise PermissionDenied("Only an account admin may change an account's house rules.")


@transaction.atomic
def house_rules_publish(
    *,
    account: OfficialAccount,
    actor: User | None,
    introduction: str = "",
    not_endorsement_statement: str = DEFAULT_NOT_ENDORSEMENT,
) -> HouseRules:
    """Publish (or update) the account's house rules page. `actor=None` is the demo loader."""
    if actor is not None:
        _require_account_admin(actor=actor, account=account)
    if not not_endorsement_statement.strip():
        raise ApplicationError(
            "House rules must say that following or liking is not endorsement.",
            field="not_endorsement_statement",
        )
    rules, _ = HouseRules.objects.get_or_create(account=account)
    rules.introduction = introduction.strip()
    rules.not_endorsement_statement = not_endorsement_statement.strip()
    rules.published_at = timezone.now()
    rules.save()
    audit_record(
        organisation=account.organisation,
        actor=actor,
        action=AuditAction.HOUSE_RULES_PUBLISH,
        target=rules,
        data={"account_id": account.pk},
    )
    return rules


@transaction.atomic
def inbox_settings_set(
    *, account: OfficialAccount, actor: User | None, **values: Any
) -> InboxSettings:
    """Set the account's staffed hours, response target and secure channel link."""
    from govsocial.inbox.clocks import parse_weekdays, staffed_hours_for

    if actor is not None:
        _require_account_admin(actor=actor, account=account)
    settings, _ = InboxSettings.objects.get_or_create(account=account)
    allowed = {
        "opens",
        "closes",
        "weekdays",
        "timezone",
        "staffed_on_bank_holidays",
        "response_target_hours",
        "secure_channel_url",
        "polling_enabled",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ApplicationError(f"Unknown inbox setting {', '.join(sorted(unknown))}.")
    for name, value in values.items():
        setattr(settings, name, value)
    try:
        parse_weekdays(settings.weekdays)
        staffed_hours_for(settings)
    except ValueError as exc:
        raise ApplicationError(f"Staffed hours: {exc}.", field="weekdays") from None
    if settings.response_target_hours < 1:
        raise ApplicationError(
            "The response target must be at least one staffed hour.",
            field="response_target_hours",
        )
    settings.save()
    audit_record(
        organisation=account.organisation,
        actor=actor,
        action=AuditAction.INBOX_SETTINGS_UPDATE,
        target=settings,
        data={"account_id": account.pk, "changed": sorted(values)},
    )
    return settings
