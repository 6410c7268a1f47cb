"""The background worker: heartbeats and periodic jobs, the publishing scheduler among them.

Each app registers its periodic jobs from its ready() with register_periodic(); the worker
loop runs each one when it is due. A dedicated job (the publishing scheduler) runs in a thread
of its own. There is no task queue: see ADR 0008.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

from govsocial.core.models import Heartbeat

logger = logging.getLogger("govsocial.worker")


@dataclass
class PeriodicJob:
    name: str
    run: Callable[[], object]
    every_seconds: float
    next_run: float = field(default=0.0)
    # A dedicated job runs in its own thread with its own heartbeat, so slow jobs (an inbox
    # sync waiting on a network) never make a scheduled post late.
    dedicated: bool = False


_periodic_jobs: dict[str, PeriodicJob] = {}


def register_periodic(
    name: str, run: Callable[[], object], *, every_seconds: float, dedicated: bool = False
) -> None:
    _periodic_jobs[name] = PeriodicJob(
        name=name, run=run, every_seconds=every_seconds, dedicated=dedicated
    )


def periodic_jobs() -> list[PeriodicJob]:
    return list(_periodic_jobs.values())


def heartbeat(process: str, started_at: datetime) -> None:
    now = timezone.now()
    Heartbeat.objects.update_or_create(
        process=process,
        host=socket.gethostname(),
        pid=os.getpid(),
        defaults={"beat_at": now, "started_at": started_at},
    )


def run_once(*, now: float | None = None) -> None:
    """One pass: runs every periodic job that is due."""
    moment = time.monotonic() if now is None else now
    for job in periodic_jobs():
        if job.dedicated and now is None and _dedicated_threads:
            continue  # its own thread runs it
        if moment >= job.next_run:
            job.next_run = moment + job.every_seconds
            try:
                job.run()
            except Exception:
                # One failing job must not stop the others or the heartbeat.
                logger.exception("worker.periodic_job_failed name=%s", job.name)


_dedicated_threads: list[threading.Thread] = []


def _run_dedicated(job: PeriodicJob, stop: threading.Event) -> None:
    started_at = timezone.now()
    while not stop.is_set():
        close_old_connections()
        try:
            heartbeat(job.name, started_at)
            job.run()
        except Exception:
            logger.exception("worker.dedicated_job_failed name=%s", job.name)
        stop.wait(job.every_seconds)
    close_old_connections()


def run_forever(*, stop: threading.Event, interval: float = 1.0, process: str = "worker") -> None:
    started_at = timezone.now()
    worker_id = f"{socket.gethostname()}-{os.getpid()}"
    logger.info("worker.started id=%s", worker_id)
    for job in periodic_jobs():
        if job.dedicated:
            thread = threading.Thread(
                target=_run_dedicated, args=(job, stop), name=job.name, daemon=True
            )
            thread.start()
            _dedicated_threads.append(thread)
    while not stop.is_set():
        close_old_connections()
        try:
            heartbeat(process, started_at)
            run_once()
        except Exception:
            logger.exception("worker.loop_failed")
        stop.wait(interval)
    for thread in _dedicated_threads:
        thread.join(timeout=30)
    close_old_connections()
