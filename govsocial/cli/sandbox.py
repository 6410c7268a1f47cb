"""The demo's own Mastodon: a local mastodon-mock server, so a newcomer can publish for real
without an account on any network. Used by `govsocial run` only, never in production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import click

DEMO_MASTODON_PORT = int(os.environ.get("GOVSOCIAL_DEMO_MASTODON_PORT", "8799"))
DEMO_MASTODON_URL = f"http://127.0.0.1:{DEMO_MASTODON_PORT}"
# Tokens of the local demo server's seeded accounts; they open nothing anywhere else.
DEMO_TOKENS = {
    "example": "demo-example-token",
    "examplejobs": "demo-jobs-token",
    "citizen": "demo-citizen-token",
}  # noqa: S105

CONFIG = """\
[database]
path = "{database}"
[server]
host = "127.0.0.1"
port = {port}
[[seed.accounts]]
username = "example"
display_name = "Department for Example"
access_token = "demo-example-token"
[[seed.accounts]]
username = "examplejobs"
display_name = "Example Jobs"
access_token = "demo-jobs-token"
[[seed.accounts]]
username = "citizen"
display_name = "Sam Citizen"
access_token = "demo-citizen-token"
"""


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start_demo_mastodon(var_dir: Path) -> subprocess.Popen[bytes] | None:
    """Starts the local demo server, or returns None (with a reason on stderr) if it cannot."""
    if _listening(DEMO_MASTODON_PORT):
        click.echo(
            f"govsocial: port {DEMO_MASTODON_PORT} is in use, so the demo Mastodon did not start; "
            "set GOVSOCIAL_DEMO_MASTODON_PORT to a free port to publish in the demo.",
            err=True,
        )
        return None
    var_dir.mkdir(parents=True, exist_ok=True)
    config = var_dir / "demo-mastodon.toml"
    # A fresh server each run: the seeded accounts must not be created twice.
    database = var_dir / "demo-mastodon.sqlite3"
    database.unlink(missing_ok=True)
    config.write_text(CONFIG.format(database=database, port=DEMO_MASTODON_PORT))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mastodon_mock",
            "serve",
            "--config",
            str(config),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _listening(DEMO_MASTODON_PORT):
            return process
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    click.echo(
        "govsocial: the demo Mastodon did not start; publishing in the demo will fail.",
        err=True,
    )
    return None
