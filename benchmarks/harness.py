"""The crash-injection harness (reliability.md §2): SIGKILL workers at named fault points while
the peer misbehaves, then check that every delivery reached the network at most once, and exactly
once unless it failed or waits for a person.

It runs whole processes, not test doubles: a real mastodon-mock server, a loopback proxy in front
of it that misbehaves, a database of its own, and `govsocial worker` processes that it SIGKILLs.

Everything is counted in events, never in seconds, so a slow or busy machine changes how long a
run takes, not what it exercises:
- each create request (POST /api/v1/statuses) gets the next draw of one seeded sequence: pass it
  on, or misbehave;
- each worker process dies at its first arrival at the fault point it was given, the point
  furthest behind its share of the kills;
- the chaos lasts until every target is met (injections, misbehaviours, kills at each point);
  then workers without faults and a well-behaved peer finish the rest.

Used by tests/publishing/test_crash.py and benchmarks/crash.py (1,000+ injections).
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from benchmarks.instance import (
    SETUP_ORGANISATION,
    DatabaseProbe,
    run_django_script,
    spawn_worker,
    statuses_on_peer,
)
from benchmarks.peer_proxy import PEER_MISBEHAVIOURS, MisbehavingProxy
from govsocial.publishing.faults import FAULT_POINTS

# The points around the network call matter most, so they get a larger share of the kills.
# after_commit stays small: only a kill there ends a life with a delivery published, and the
# chaos must not run out of unpublished work before its targets are met.
FAULT_POINT_SHARES = {
    "before_claim": 1,
    "after_claim": 1,
    "before_call": 2,
    "after_call_before_commit": 3,
    "after_commit": 1,
}
assert set(FAULT_POINT_SHARES) == set(FAULT_POINTS), "give every fault point a share of the kills"

REAP_EVERY_SECONDS = 0.05
LOOK_AT_DATABASE_EVERY_SECONDS = 1.0


@dataclass
class WorkerLife:
    """One chaos worker process, from its start to the SIGKILL at its fault point."""

    point: str
    process: subprocess.Popen[bytes]


class ChaosWorkers:
    """The chaos phase's worker processes: each dies at its first arrival at its fault point,
    and a new one takes its place."""

    def __init__(self, *, count: int, var_dir: Path, env_extra: dict[str, str], seed: int) -> None:
        self.var_dir = var_dir
        self.env_extra = env_extra
        self.rng = random.Random(seed)
        self.kills: Counter[str] = Counter()
        self.unexpected_exits: list[str] = []
        self.restarts = 0
        self.lives: list[WorkerLife] = []
        for _ in range(count):
            self.lives.append(self._spawn())

    def __enter__(self) -> ChaosWorkers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for life in self.lives:
            life.process.kill()
            life.process.wait()

    def _next_point(self) -> str:
        """The fault point furthest behind its share, counting the live workers headed there."""
        headed = Counter(life.point for life in self.lives if life.process.poll() is None)
        return min(
            FAULT_POINT_SHARES,
            key=lambda p: ((self.kills[p] + headed[p]) / FAULT_POINT_SHARES[p], self.rng.random()),
        )

    def _spawn(self) -> WorkerLife:
        point = self._next_point()
        # Chance 1: the worker dies at its first arrival there, so every process is one injection.
        process = spawn_worker(self.var_dir, {**self.env_extra, "GOVSOCIAL_FAULTS": f"{point}=1"})
        return WorkerLife(point=point, process=process)

    def reap(self) -> None:
        """Counts every worker that died since the last call and starts its successor."""
        for slot, life in enumerate(self.lives):
            code = life.process.poll()
            if code is None:
                continue
            if code == -signal.SIGKILL:
                self.kills[life.point] += 1
            else:
                self.unexpected_exits.append(f"a worker headed for {life.point} exited with {code}")
            self.lives[slot] = self._spawn()
            self.restarts += 1


@dataclass(frozen=True)
class ChaosTargets:
    """What the chaos must reach before it calms down, in counts of events."""

    injections: int
    misbehaviours: int
    kills_per_point: int

    def missing(self, kills: Counter[str], misbehaviours: int) -> list[str]:
        missing = []
        if sum(kills.values()) < self.injections:
            missing.append(f"{sum(kills.values())} of {self.injections} injections")
        if misbehaviours < self.misbehaviours:
            missing.append(f"{misbehaviours} of {self.misbehaviours} misbehaviours")
        missing.extend(
            f"{kills[point]} of {self.kills_per_point} kills at {point}"
            for point in FAULT_POINTS
            if kills[point] < self.kills_per_point
        )
        return missing


class Watchdog:
    """Gives up when nothing happened for `stall_seconds`, or after `timeout` in all: bounds far
    beyond what a slow machine needs, since it still makes progress, only slower."""

    def __init__(self, *, stall_seconds: float, timeout: float) -> None:
        self.stall_seconds = stall_seconds
        self.deadline = time.monotonic() + timeout
        self.last_progress = time.monotonic()
        self.progress_seen: tuple[int, ...] = ()

    def note(self, *counts: int) -> None:
        if counts != self.progress_seen:
            self.progress_seen = counts
            self.last_progress = time.monotonic()

    def expired(self) -> str:
        now = time.monotonic()
        if now - self.last_progress > self.stall_seconds:
            return f"nothing happened for {self.stall_seconds:.0f} s"
        if now > self.deadline:
            return "the run reached its timeout"
        return ""


@dataclass
class HarnessReport:
    deliveries: int
    injections: int
    kills_at: dict[str, int]
    restarts: int
    creates: int
    duplicates: int
    lost: int
    states: dict[str, int]
    resolved_by: dict[str, int]
    peer_behaviours: dict[str, int]
    seconds: float
    problems: list[str] = field(default_factory=list)

    @property
    def misbehaviours(self) -> int:
        return sum(n for b, n in self.peer_behaviours.items() if b in PEER_MISBEHAVIOURS)

    @property
    def ok(self) -> bool:
        return self.duplicates == 0 and self.lost == 0 and not self.problems


SETUP = (
    SETUP_ORGANISATION
    + """
from govsocial.inbox.models import InboxSettings
# The experiment is about publishing: each restarted worker would otherwise poll every inbox first.
for account in accounts:
    InboxSettings.objects.update_or_create(account=account, defaults={{"polling_enabled": False}})
for n in range(cfg["posts"]):
    post = post_create(organisation=org, actor=people["author"], title=f"p{{n}}",
                       text=f"Service update {{n}}: the office is open today until 5pm.", accounts=[accounts[n % len(accounts)]],
                       campaign_code="OPS-1")
    post_submit(post=post, actor=people["author"])
    post_approve(post=post, actor=people["reviewer"])
    post_schedule(post=post, actor=people["publisher"], at=None)
print("ready")
"""
)

STATE = """
import json
from collections import Counter
from govsocial.publishing.models import Delivery, DeliveryAttempt
rows = {d.pk: {"state": d.state, "text": d.version.text, "remote_id": d.remote_id} for d in Delivery.objects.select_related("version")}
resolved = Counter(a.outcome for a in DeliveryAttempt.objects.all())
print(json.dumps({"rows": rows, "attempts": dict(resolved)}))
"""

FINAL_STATES = {"published", "failed", "needs_check", "cancelled"}


def unsettled(state: dict[str, Any]) -> int:
    return sum(1 for row in state["rows"].values() if row["state"] not in FINAL_STATES)


def run_harness(
    *,
    posts: int = 60,
    accounts: int = 3,
    injections: int = 200,
    misbehaviours: int = 10,
    kills_per_point: int = 5,
    workers: int = 3,
    chaos: float = 0.3,
    seed: int = 1,
    stall_seconds: float = 120,
    timeout: float = 1800,
    database_url: str | None = None,
) -> HarnessReport:
    """Runs the whole experiment and returns what the oracle found.

    `chaos` is the chance that the peer misbehaves on a create request. The chaos lasts until
    there were `injections` SIGKILLs, `misbehaviours` misbehaviours and `kills_per_point` kills
    at every fault point. Only a run that stops making progress for `stall_seconds`, or that
    passes `timeout`, gives up.
    """
    from mastodon_mock.testing import MockServer

    started = time.monotonic()
    targets = ChaosTargets(injections, misbehaviours, kills_per_point)
    watchdog = Watchdog(stall_seconds=stall_seconds, timeout=timeout)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="govsocial-crash-") as tmp, MockServer() as peer:
        var_dir = Path(tmp)
        host, _, port = str(peer.base_url).rpartition("//")[2].partition(":")
        proxy = MisbehavingProxy((host, int(port)), chaos=chaos, seed=seed)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        extra = {"DATABASE_URL": database_url} if database_url else {}
        cfg = json.dumps(
            {
                "instance": f"http://127.0.0.1:{proxy.server_address[1]}",
                "tokens": ["alice_token", "bob_token"],
                "accounts": accounts,
                "posts": posts,
            }
        )
        run_django_script(var_dir, SETUP.format(cfg=cfg), env_extra=extra)

        with DatabaseProbe(var_dir, STATE, env_extra=extra) as probe:
            with ChaosWorkers(count=workers, var_dir=var_dir, env_extra=extra, seed=seed) as pool:
                looked_at = time.monotonic()
                left = posts
                while missing := targets.missing(pool.kills, proxy.misbehaviours):
                    time.sleep(REAP_EVERY_SECONDS)
                    pool.reap()
                    if time.monotonic() - looked_at > LOOK_AT_DATABASE_EVERY_SECONDS:
                        looked_at = time.monotonic()
                        left = unsettled(probe.read())
                        if not left:
                            problems.append(
                                "every delivery settled before the chaos reached its targets "
                                f"({'; '.join(missing)}): schedule more posts"
                            )
                            break
                    watchdog.note(pool.restarts, proxy.creates, left)
                    if reason := watchdog.expired():
                        problems.append(
                            f"{reason} before the chaos reached its targets ({'; '.join(missing)})"
                        )
                        break
            problems.extend(pool.unexpected_exits)

            # Enough chaos: workers without faults and a well-behaved peer finish the rest.
            proxy.chaos = 0.0
            calm = [spawn_worker(var_dir, extra) for _ in range(workers)]
            try:
                while left := unsettled(probe.read()):
                    watchdog.note(left)
                    if reason := watchdog.expired():
                        problems.append(f"{reason} while {left} deliveries were still unsettled")
                        break
                    time.sleep(LOOK_AT_DATABASE_EVERY_SECONDS / 2)
            finally:
                for process in calm:
                    process.kill()
                    process.wait()
            state = probe.read()

        on_peer = statuses_on_peer(peer)
        proxy.shutdown()
        proxy.server_close()
        duplicates = lost = 0
        states: Counter[str] = Counter()
        for pk, row in state["rows"].items():
            states[row["state"]] += 1
            count = on_peer[row["text"]]
            if count > 1:
                duplicates += 1
                problems.append(f"delivery {pk} is on the network {count} times")
            if row["state"] == "published" and count != 1:
                lost += 1
                problems.append(f"delivery {pk} says published but the network has {count}")
            if row["state"] not in FINAL_STATES:
                problems.append(f"delivery {pk} never settled ({row['state']})")
            if row["state"] == "failed" and count:
                problems.append(f"delivery {pk} is failed but on the network")
        return HarnessReport(
            deliveries=len(state["rows"]),
            injections=sum(pool.kills.values()),
            kills_at=dict(pool.kills),
            restarts=pool.restarts,
            creates=proxy.creates,
            duplicates=duplicates,
            lost=lost,
            states=dict(states),
            resolved_by=state["attempts"],
            peer_behaviours=dict(proxy.behaviours),
            seconds=time.monotonic() - started,
            problems=problems,
        )
