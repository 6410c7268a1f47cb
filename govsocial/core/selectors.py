from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from govsocial.accounts.models import Organisation, User
from govsocial.core.models import Alert, Heartbeat


@dataclass(frozen=True)
class ProcessStatus:
    process: str
    host: str
    pid: int
    beat_at: datetime
    alive: bool


def heartbeat_status() -> list[ProcessStatus]:
    stale_after = settings.GOVSOCIAL_HEARTBEAT_STALE_SECONDS
    now = timezone.now()
    return [
        ProcessStatus(
            process=beat.process,
            host=beat.host,
            pid=beat.pid,
            beat_at=beat.beat_at,
            alive=(now - beat.beat_at).total_seconds() <= stale_after,
        )
        for beat in Heartbeat.objects.order_by("-beat_at")[:10]
    ]


def alerts_for_user(*, user: User, organisation: Organisation) -> list[Alert]:
    """Open alerts addressed to the user, or to anyone with an action the user holds."""
    from govsocial.accounts.selectors import actions_for_user

    actions = actions_for_user(user=user, organisation=organisation)
    alerts = Alert.objects.filter(organisation=organisation, resolved_at__isnull=True)
    return [
        alert
        for alert in alerts[:50]
        if alert.recipient_id == user.pk or (alert.for_action and alert.for_action in actions)
    ]
