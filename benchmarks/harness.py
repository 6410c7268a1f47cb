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

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from govsocial.publishing.faults import FAULT_POINTS

PEER_BEHAVIOURS = ("ok", "drop_after", "error_after", "ratelimit_after", "hang_after", "reject")
PEER_MISBEHAVIOURS = PEER_BEHAVIOURS[1:]
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

# The scheduler has its own thread and pace (0.2 s); a slower main loop leaves it the CPU.
WORKER_COMMAND = [sys.executable, "-m", "govsocial.cli", "worker", "--interval", "1"]
REAP_EVERY_SECONDS = 0.05
LOOK_AT_DATABASE_EVERY_SECONDS = 1.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class MisbehavingProxy(ThreadingHTTPServer):
    """Forwards to the Mastodon peer; each create request (POST /api/v1/statuses) gets the next
    draw of one seeded sequence, so the counts follow the number of requests, not the clock."""

    daemon_threads = True

    def __init__(self, upstream: tuple[str, int], *, chaos: float, seed: int) -> None:
        super().__init__(("127.0.0.1", free_port()), _ProxyHandler)
        self.upstream = upstream
        self.chaos = chaos
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.behaviours: Counter[str] = Counter()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a worker killed mid-request leaves a broken pipe: that is the experiment, not news

    def choose(self) -> str:
        with self.lock:
            # Two draws every time, so the n-th request meets the same fate in every run.
            draw, pick = self.rng.random(), self.rng.random()
            misbehaves = draw < self.chaos
            behaviour = (
                PEER_MISBEHAVIOURS[int(pick * len(PEER_MISBEHAVIOURS))] if misbehaves else "ok"
            )
            self.behaviours[behaviour] += 1
            return behaviour

    @property
    def creates(self) -> int:
        return sum(self.behaviours.values())

    @property
    def misbehaviours(self) -> int:
        return self.creates - self.behaviours["ok"]


class _ProxyHandler(BaseHTTPRequestHandler):
    server: MisbehavingProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self.server.upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
        connection.request(self.command, self.path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        kept = [
            (k, v)
            for k, v in response.getheaders()
            if k.lower() not in {"transfer-encoding", "connection", "content-length"}
        ]
        return response.status, kept, data

    def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _hang_up(self) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        creates = self.command == "POST" and self.path.split("?")[0] == "/api/v1/statuses"
        behaviour = self.server.choose() if creates else "ok"
        if behaviour == "reject":
            self._answer(
                503, [("Content-Type", "application/json")], b'{"error":"down for maintenance"}'
            )
            return
        status, headers, data = self._forward(body)
        if behaviour == "ok":
            self._answer(status, headers, data)
        elif behaviour == "drop_after":
            self._hang_up()
        elif behaviour == "error_after":
            self._answer(500, [("Content-Type", "application/json")], b'{"error":"internal error"}')
        elif behaviour == "ratelimit_after":
            # As Mastodon does: the worker waits until the reset time, here a second or two.
            self._answer(
                429,
                [
                    ("Content-Type", "application/json"),
                    ("X-RateLimit-Limit", "300"),
                    ("X-RateLimit-Remaining", "0"),
                    ("X-RateLimit-Reset", str(int(time.time()) + 2)),
                ],
                b'{"error":"too many"}',
            )
        elif behaviour == "hang_after":
            time.sleep(3)  # longer than the workers' egress timeout
            self._hang_up()

    do_GET = _handle
    do_POST = _handle
    do_PUT = _handle
    do_DELETE = _handle


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


def worker_environment(var_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "GOVSOCIAL_VAR_DIR": str(var_dir),
            "GOVSOCIAL_EGRESS_TIMEOUT": "2",
            "GOVSOCIAL_DELIVERY_LEASE_SECONDS": "4",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def spawn_worker(var_dir: Path, env_extra: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        WORKER_COMMAND,
        env=worker_environment(var_dir, env_extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_django_script(
    var_dir: Path, script: str, *, env_extra: dict[str, str] | None = None
) -> str:
    code = "import django; django.setup()\n" + script
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=worker_environment(var_dir, env_extra or {}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"harness step failed: {result.stderr[-2000:]}")
    return result.stdout


class DatabaseProbe:
    """A Django process kept open that runs `script` (which prints one line of JSON) on request,
    so a look at the database costs a query, not a process start."""

    LOOP = """
import sys
import django
django.setup()
script = compile(sys.argv[1], "probe", "exec")
for _ in sys.stdin:
    exec(script, {})
    sys.stdout.flush()
"""

    def __init__(self, var_dir: Path, script: str, *, env_extra: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.LOOP, script],
            env=worker_environment(var_dir, env_extra),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __enter__(self) -> DatabaseProbe:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.process.kill()
        self.process.wait()

    def read(self) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the database probe stopped; its error is above")
        return json.loads(line)


# An organisation, its people and accounts on the peer: shared by every harness scenario.
SETUP_ORGANISATION = """
import json
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from govsocial.accounts.models import User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import membership_grant, organisation_create
from govsocial.channels.services import account_register
from govsocial.publishing.services import post_approve, post_create, post_schedule, post_submit
cfg = json.loads('''{cfg}''')
call_command("migrate", interactive=False, verbosity=0)
org = organisation_create(name="Harness Department")
people = {{}}
for name, role in [("author", Role.AUTHOR), ("reviewer", Role.REVIEWER), ("publisher", Role.PUBLISHER), ("admin", Role.ACCOUNT_ADMIN)]:
    people[name] = User.objects.create_user(username=name, password="x" * 20)
    membership_grant(organisation=org, user=people[name], role=role)
accounts = [
    account_register(organisation=org, actor=people["admin"], network="mastodon", handle=f"@acct{{i}}",
                     owning_unit="Ops", named_owner=people["admin"], instance_url=cfg["instance"],
                     house_rules_url="https://www.example.gov.uk/rules", two_factor_confirmed=True,
                     credentials={{"access_token": cfg["tokens"][i % len(cfg["tokens"])]}})
    for i in range(cfg["accounts"])
]
"""

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
PEER_USERS = ("alice", "bob")


def statuses_on_peer(peer: Any) -> Counter[str]:
    """How many times each text is on the peer, over every harness user's statuses."""
    texts: Counter[str] = Counter()
    for user in PEER_USERS:
        client = peer.client(user)
        me = client.account_verify_credentials()
        page = client.account_statuses(me["id"], limit=40)
        while page:
            texts.update(plain_text(status["content"]) for status in page)
            page = client.fetch_next(page)
    return texts


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


def plain_text(html: str) -> str:
    import re
    from html import unescape

    return unescape(
        re.sub(r"<[^>]+>", "", html.replace("</p><p>", "\n\n").replace("<br>", "\n"))
    ).strip()
