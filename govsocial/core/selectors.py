from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from govsocial.core.models import Heartbeat


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
