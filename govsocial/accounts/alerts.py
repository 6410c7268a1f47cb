"""Alerts a person must see on the dashboard: raised for a member or for everyone whose role
allows an action, and resolved by what they are about.

An alert keeps a *target key* of the thing it is about ("publishing.post:17") rather than a
page address: the domain knows no routes, and a key is matched exactly when the alert is
resolved. The web layer turns the key into a link (govsocial/web/views/dashboard.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from govsocial.accounts.selectors import actions_for_user
from govsocial.core.models import Alert

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User


def alert_target_key(target: models.Model) -> str:
    return f"{target._meta.label_lower}:{target.pk}"


def alert_raise(
    *,
    organisation: Organisation,
    kind: str,
    message: str,
    target: models.Model | None = None,
    for_action: str = "",
    recipient: User | None = None,
) -> Alert:
    """Shows `message` to the recipient, or to everyone in the organisation with `for_action`."""
    return Alert.objects.create(
        organisation=organisation,
        recipient=recipient,
        for_action=for_action,
        kind=kind,
        message=message,
        link=alert_target_key(target) if target is not None else "",
    )


def alerts_resolve(*, organisation: Organisation, kind: str, target: models.Model) -> int:
    """Resolves the open alerts of `kind` about `target`; returns how many."""
    return Alert.objects.filter(
        organisation=organisation,
        kind=kind,
        link=alert_target_key(target),
        resolved_at__isnull=True,
    ).update(resolved_at=timezone.now())


def alerts_for_user(*, user: User, organisation: Organisation) -> list[Alert]:
    """Open alerts addressed to the user, or to anyone with an action the user holds."""
    actions = actions_for_user(user=user, organisation=organisation)
    alerts = Alert.objects.filter(organisation=organisation, resolved_at__isnull=True)
    return [
        alert
        for alert in alerts[:50]
        if alert.recipient_id == user.pk or (alert.for_action and alert.for_action in actions)
    ]
