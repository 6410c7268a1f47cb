"""The crash-injection harness (reliability.md §2): kill workers at named fault points while the
peer misbehaves, then check that every delivery reached the network at most once, and exactly
once unless it failed or waits for a person.

It runs whole processes, not test doubles: a real mastodon-mock server, a loopback proxy in front
of it that misbehaves, a database of its own, and `govsocial worker` processes that it SIGKILLs.
Used by tests/publishing/test_crash.py (200+ injections) and benchmarks/crash.py (1,000+).
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
from typing import Any

PEER_BEHAVIOURS = ("ok", "drop_after", "error_after", "ratelimit_after", "hang_after", "reject")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class MisbehavingProxy(ThreadingHTTPServer):
    """Forwards to the Mastodon peer; on POST /api/v1/statuses it may misbehave on purpose."""

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
            behaviour = (
                "ok" if self.rng.random() >= self.chaos else self.rng.choice(PEER_BEHAVIOURS[1:])
            )
            self.behaviours[behaviour] += 1
            return behaviour


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
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif behaviour == "error_after":
            self._answer(500, [("Content-Type", "application/json")], b'{"error":"internal error"}')
        elif behaviour == "ratelimit_after":
            self._answer(
                429,
                [("Content-Type", "application/json"), ("Retry-After", "1")],
                b'{"error":"too many"}',
            )
        elif behaviour == "hang_after":
            time.sleep(3)  # longer than the workers' egress timeout
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

    do_GET = _handle
    do_POST = _handle
    do_PUT = _handle
    do_DELETE = _handle


@dataclass
class HarnessReport:
    deliveries: int
    injections: int
    kills: int
    restarts: int
    duplicates: int
    lost: int
    states: dict[str, int]
    resolved_by: dict[str, int]
    peer_behaviours: dict[str, int]
    seconds: float
    problems: list[str] = field(default_factory=list)

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


def run_harness(
    *,
    posts: int = 60,
    accounts: int = 3,
    injections: int = 200,
    workers: int = 2,
    chaos: float = 0.3,
    seed: int = 1,
    timeout: float = 600,
    database_url: str | None = None,
) -> HarnessReport:
    """Runs the whole experiment and returns what the oracle found."""
    from mastodon_mock.testing import MockServer

    started = time.monotonic()
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="govsocial-crash-") as tmp, MockServer() as peer:
        var_dir = Path(tmp)
        host, _, port = str(peer.base_url).rpartition("//")[2].partition(":")
        upstream = (host, int(port))
        proxy = MisbehavingProxy(upstream, chaos=chaos, seed=seed)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        instance = f"http://127.0.0.1:{proxy.server_address[1]}"
        extra = {"DATABASE_URL": database_url} if database_url else {}
        cfg = json.dumps(
            {
                "instance": instance,
                "tokens": ["alice_token", "bob_token"],
                "accounts": accounts,
                "posts": posts,
            }
        )
        run_django_script(var_dir, SETUP.format(cfg=cfg), env_extra=extra)

        # The points around the network call matter most, so they are drawn more often.
        points = [
            "before_claim",
            "after_claim",
            "before_call",
            "before_call",
            "after_call_before_commit",
            "after_call_before_commit",
            "after_call_before_commit",
            "after_commit",
            "after_commit",
        ]
        kills = restarts = 0
        procs: list[subprocess.Popen[bytes]] = []

        def spawn(index: int) -> subprocess.Popen[bytes]:
            point = rng.choice(points)
            chance = 0.02 if point == "before_claim" else rng.uniform(0.1, 0.6)
            faults = {
                "GOVSOCIAL_FAULTS": f"{point}={chance:.2f}",
                "GOVSOCIAL_FAULT_SEED": str(rng.randrange(10**9)),
            }
            return subprocess.Popen(
                [sys.executable, "-m", "govsocial.cli", "worker", "--interval", "0.05"],
                env=worker_environment(var_dir, {**extra, **faults}),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        procs = [spawn(i) for i in range(workers)]
        injected = 0
        deadline = time.monotonic() + timeout
        settled = calm = False
        while time.monotonic() < deadline:
            time.sleep(0.2)
            for i, proc in enumerate(procs):
                if calm:
                    continue
                if proc.poll() is not None:  # died at a fault point
                    injected += 1
                    kills += proc.returncode == -signal.SIGKILL
                    procs[i] = spawn(i)
                    restarts += 1
                elif not calm and rng.random() < 0.15:
                    proc.kill()  # the harness's own SIGKILL, at a random moment
                    proc.wait()
                    injected += 1
                    kills += 1
                    procs[i] = spawn(i)
                    restarts += 1
            if injected >= injections:
                state = json.loads(run_django_script(var_dir, STATE, env_extra=extra))
                if all(r["state"] in FINAL_STATES for r in state["rows"].values()):
                    settled = True
                    break
                # Enough injections: calm workers and a well-behaved peer finish the rest.
                if not calm:
                    calm = True
                    for i, proc in enumerate(procs):
                        proc.kill()
                        proc.wait()
                        procs[i] = subprocess.Popen(
                            [sys.executable, "-m", "govsocial.cli", "worker", "--interval", "0.05"],
                            env=worker_environment(var_dir, extra),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        )
                    proxy.chaos = 0.0
        for proc in procs:
            proc.kill()
            proc.wait()
        state = json.loads(run_django_script(var_dir, STATE, env_extra=extra))
        on_peer: Counter[str] = Counter()
        for user in ("alice", "bob"):
            client = peer.client(user)
            me = client.account_verify_credentials()
            page = client.account_statuses(me["id"], limit=40)
            while page:
                for status in page:
                    on_peer[plain_text(status["content"])] += 1
                page = client.fetch_next(page)
        duplicates = lost = 0
        problems: list[str] = []
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
            if row["state"] in {"failed"} and count:
                problems.append(f"delivery {pk} is failed but on the network")
        proxy.shutdown()
        return HarnessReport(
            deliveries=len(state["rows"]),
            injections=injected,
            kills=kills,
            restarts=restarts,
            duplicates=duplicates,
            lost=lost,
            states=dict(states),
            resolved_by=state["attempts"],
            peer_behaviours=dict(proxy.behaviours),
            seconds=time.monotonic() - started,
            problems=problems
            if settled or problems
            else ["the deliveries did not settle before the timeout"],
        )


def plain_text(html: str) -> str:
    import re
    from html import unescape

    return unescape(
        re.sub(r"<[^>]+>", "", html.replace("</p><p>", "\n\n").replace("<br>", "\n"))
    ).strip()
