"""A throw-away govsocial instance for the harnesses: its own var folder and database,
`govsocial worker` processes, Django scripts run against it, and what the Mastodon peer holds."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections import Counter
from html import unescape
from pathlib import Path
from types import TracebackType
from typing import Any

# The scheduler has its own thread and pace (0.2 s); a slower main loop leaves it the CPU.
WORKER_COMMAND = [sys.executable, "-m", "govsocial.cli", "worker", "--interval", "1"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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


def plain_text(html: str) -> str:
    return unescape(
        re.sub(r"<[^>]+>", "", html.replace("</p><p>", "\n\n").replace("<br>", "\n"))
    ).strip()
