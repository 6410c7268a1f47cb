"""Scheduling lateness on the local Mastodon peer, for benchmarks/publishing.py."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.instance import (
    SETUP_ORGANISATION,
    run_django_script,
    statuses_on_peer,
    worker_environment,
)

LATENESS_SETUP = (
    SETUP_ORGANISATION
    + """
posts = []
for n in range(cfg["posts"]):
    post = post_create(organisation=org, actor=people["author"], title=f"p{{n}}",
                       text=f"Bulletin {{n}}: services run as normal today.", accounts=[accounts[n % len(accounts)]],
                       campaign_code="OPS-1")
    post_submit(post=post, actor=people["author"])
    posts.append(post_approve(post=post, actor=people["reviewer"]))
base = timezone.now() + timedelta(seconds=cfg["lead"])
for n, post in enumerate(posts):
    post_schedule(post=post, actor=people["publisher"], at=base + timedelta(seconds=cfg["spread"] * n / len(posts)))
print(json.dumps({{"last_due": (base + timedelta(seconds=cfg["spread"])).isoformat()}}))
"""
)

LATENESS = """
import json
from govsocial.publishing.models import Delivery
rows = list(Delivery.objects.values_list("state", "due_at", "published_at"))
late = sorted((p - d).total_seconds() for s, d, p in rows if s == "published" and p)
print(json.dumps({"states": [s for s, _, _ in rows], "late": late}))
"""


@dataclass
class LatenessReport:
    posts: int
    published: int
    p50: float
    p99: float
    worst: float
    on_peer: int
    duplicates: int


def run_lateness(
    *,
    posts: int = 1000,
    accounts: int = 10,
    workers: int = 2,
    spread: float = 60.0,
    database_url: str | None = None,
) -> LatenessReport:
    """Schedules `posts` across `accounts` over `spread` seconds and measures how late each went."""
    from mastodon_mock.testing import MockServer

    with tempfile.TemporaryDirectory(prefix="govsocial-late-") as tmp, MockServer() as peer:
        var_dir = Path(tmp)
        extra = {"DATABASE_URL": database_url} if database_url else {}
        cfg = json.dumps(
            {
                "instance": str(peer.base_url),
                "tokens": ["alice_token", "bob_token"],
                "accounts": accounts,
                "posts": posts,
                "lead": 15,
                "spread": spread,
            }
        )
        run_django_script(var_dir, LATENESS_SETUP.format(cfg=cfg), env_extra=extra)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "govsocial.cli", "worker", "--interval", "0.1"],
                env=worker_environment(var_dir, extra),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        deadline = time.monotonic() + spread + 300
        try:
            while time.monotonic() < deadline:
                time.sleep(5)
                state = json.loads(run_django_script(var_dir, LATENESS, env_extra=extra))
                if all(s == "published" for s in state["states"]):
                    break
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)
        state = json.loads(run_django_script(var_dir, LATENESS, env_extra=extra))
        texts = statuses_on_peer(peer)
        late = state["late"] or [0.0]

        def pct(q: float) -> float:
            return late[min(len(late) - 1, int(q * len(late)))]

        return LatenessReport(
            posts=posts,
            published=len(state["late"]),
            p50=pct(0.5),
            p99=pct(0.99),
            worst=late[-1],
            on_peer=sum(texts.values()),
            duplicates=sum(1 for n in texts.values() if n > 1),
        )
