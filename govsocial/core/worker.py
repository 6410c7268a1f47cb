"""The background worker: heartbeats, periodic jobs (the publishing scheduler) and queued tasks.

Periodic jobs register themselves from their app's ready(); the worker loop
runs each when due. Queued jobs use the Django tasks API (ADR 0004).
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


def run_queued_tasks(worker_id: str, *, max_tasks: int = 20) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def run_once(worker_id: str, *, now: float | None = None) -> None:
    """One pass: every periodic job that is due, then up to 20 queued tasks."""
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
    run_queued_tasks(worker_id)


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
            run_once(worker_id)
        except Exception:
            logger.exception("worker.loop_failed")
        stop.wait(interval)
    for thread in _dedicated_threads:
        thread.join(timeout=30)
    close_old_connections()
