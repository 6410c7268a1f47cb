"""Retention classes, schedules per organisation, legal hold and the nightly disposal job.

Apps declare what they keep through a small registry, so this module never
imports their models:

    from govsocial.records.retention import register_retention_class
    register_retention_class(
        "inbound_message",
        label="Inbound citizen messages",
        default_keep_days=settings_days,       # None means kept permanently
        due=lambda organisation, cutoff: Message.objects.filter(..., received_at__lt=cutoff),
        dispose=lambda message: message.delete(),
    )

Every disposal writes an audit record `record.dispose` (a public action, so also
a transparency-log leaf) in the same transaction as the deletion.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from govsocial.accounts.roles import Action
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.records.events import AuditAction
from govsocial.records.models import LegalHold, RetentionSchedule
from govsocial.records.services import audit_record

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User

logger = logging.getLogger("govsocial.records.retention")

DueFinder = Callable[["Organisation", datetime], Iterable[models.Model]]
Disposer = Callable[[models.Model], None]


@dataclass(frozen=True)
class RetentionClass:
    name: str
    label: str
    default_keep_days: int | None  # None: kept permanently
    due: DueFinder | None = None  # records of an organisation created before the cutoff
    dispose: Disposer | None = None
    permanent_only: bool = False  # public records that no schedule may shorten


_classes: dict[str, RetentionClass] = {}


def register_retention_class(
    name: str,
    *,
    label: str,
    default_keep_days: int | None,
    due: DueFinder | None = None,
    dispose: Disposer | None = None,
    permanent_only: bool = False,
) -> RetentionClass:
    """Declare (or re-declare, adding handlers) a class of record and how it is disposed of."""
    declared = RetentionClass(
        name=name,
        label=label,
        default_keep_days=default_keep_days,
        due=due,
        dispose=dispose,
        permanent_only=permanent_only,
    )
    _classes[name] = declared
    return declared


def unregister_retention_class(name: str) -> None:
    _classes.pop(name, None)


def retention_classes() -> list[RetentionClass]:
    return sorted(_classes.values(), key=lambda c: c.name)


def _declare_defaults() -> None:
    register_retention_class(
        "outbound_post",
        label="Posts the organisation published (public records)",
        default_keep_days=None,
        permanent_only=True,
    )
    register_retention_class(
        "inbound_message",
        label="Messages citizens sent (correspondence schedule)",
        default_keep_days=getattr(settings, "GOVSOCIAL_CORRESPONDENCE_RETENTION_DAYS", 730),
    )
    register_retention_class(
        "listening",
        label="Social listening data",
        default_keep_days=getattr(settings, "GOVSOCIAL_LISTENING_RETENTION_DAYS", 30),
    )


_declare_defaults()


# --- Selectors ------------------------------------------------------------------------------------


def keep_days_for(*, organisation: Organisation, record_class: str) -> int | None:
    """The organisation's schedule for the class, else the class default (None: permanent)."""
    declared = _classes.get(record_class)
    if declared is None:
        raise ApplicationError(f"{record_class!r} is not a retention class.")
    schedule = RetentionSchedule.objects.filter(
        organisation=organisation, record_class=record_class
    ).first()
    return schedule.keep_days if schedule is not None else declared.default_keep_days


def is_on_hold(*, organisation: Organisation, record_class: str) -> bool:
    return (
        LegalHold.objects.filter(organisation=organisation, lifted_at__isnull=True)
        .filter(models.Q(record_class="") | models.Q(record_class=record_class))
        .exists()
    )


# --- Services -------------------------------------------------------------------------------------


def _require_records_manager(*, actor: User, organisation: Organisation) -> None:
    from govsocial.accounts.selectors import user_can

    if not user_can(user=actor, action=Action.MANAGE_RECORDS, organisation=organisation):
        raise PermissionDenied("Only a records manager may change retention or legal holds.")


@transaction.atomic
def retention_schedule_set(
    *, organisation: Organisation, record_class: str, keep_days: int | None, actor: User
) -> RetentionSchedule:

    _require_records_manager(actor=actor, organisation=organisation)
    declared = _classes.get(record_class)
    if declared is None:
        names = ", ".join(c.name for c in retention_classes())
        raise ApplicationError(
            f"{record_class!r} is not a retention class; use one of {names}.", field="record_class"
        )
    if keep_days is not None and keep_days < 1:
        raise ApplicationError("Keep records for at least one day.", field="keep_days")
    if declared.permanent_only and keep_days is not None:
        raise ApplicationError(
            f"{declared.label} are public records and are kept permanently.", field="keep_days"
        )
    schedule, _ = RetentionSchedule.objects.update_or_create(
        organisation=organisation, record_class=record_class, defaults={"keep_days": keep_days}
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.RETENTION_SET,
        target=schedule,
        data={"record_class": record_class, "keep_days": keep_days},
    )
    return schedule


@transaction.atomic
def legal_hold_place(
    *, organisation: Organisation, record_class: str, reason: str, actor: User
) -> LegalHold:

    _require_records_manager(actor=actor, organisation=organisation)
    if record_class and record_class not in _classes:
        raise ApplicationError(f"{record_class!r} is not a retention class.", field="record_class")
    if not reason.strip():
        raise ApplicationError("Say why the records are on hold.", field="reason")
    hold = LegalHold.objects.create(
        organisation=organisation, record_class=record_class, reason=reason.strip(), placed_by=actor
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.LEGAL_HOLD_PLACE,
        target=hold,
        data={"record_class": record_class},
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, hold: LegalHold, actor: User) -> LegalHold:

    _require_records_manager(actor=actor, organisation=hold.organisation)
    if hold.lifted_at is not None:
        raise ApplicationError("That legal hold has already been lifted.")
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_at"])
    audit_record(
        organisation=hold.organisation,
        actor=actor,
        action=AuditAction.LEGAL_HOLD_LIFT,
        target=hold,
        data={"record_class": hold.record_class},
    )
    return hold


@dataclass(frozen=True)
class Disposal:
    organisation: str
    record_class: str
    target: str


def dispose_due_records(*, now: datetime | None = None) -> list[Disposal]:
    """Dispose of every record past its schedule, except under legal hold.

    Each disposal is its own transaction holding the deletion and its
    `record.dispose` audit record (and so its log leaf).
    """
    from govsocial.accounts.models import Organisation

    moment = now or timezone.now()
    done: list[Disposal] = []
    for organisation in Organisation.objects.order_by("pk"):
        for declared in retention_classes():
            if declared.due is None or declared.dispose is None:
                continue
            days = keep_days_for(organisation=organisation, record_class=declared.name)
            if days is None or is_on_hold(organisation=organisation, record_class=declared.name):
                continue
            cutoff = moment - timedelta(days=days)
            for item in list(declared.due(organisation, cutoff)):
                done.append(_dispose_one(organisation, declared, item, days=days))
    return done


@transaction.atomic
def _dispose_one(
    organisation: Organisation, declared: RetentionClass, item: models.Model, *, days: int
) -> Disposal:

    assert declared.dispose is not None
    label = f"{item._meta.label_lower}:{item.pk}"
    data: dict[str, Any] = {
        "reason_code": f"retention:{declared.name}",
        "record_class": declared.name,
        "keep_days": days,
    }
    account_id = getattr(item, "account_id", None)
    if account_id is not None:
        data["account_id"] = account_id
    audit_record(
        organisation=organisation,
        actor=None,
        action=AuditAction.RECORD_DISPOSE,
        target=item,
        data=data,
    )
    declared.dispose(item)
    logger.info("records.disposed organisation=%s %s", organisation.slug, label)
    return Disposal(organisation=organisation.slug, record_class=declared.name, target=label)


def dispose_due_records_job() -> list[Disposal]:
    return dispose_due_records()
