"""The two web servers started as a person starts them, from a fresh shell, on a free port; and
requests sent to them from a chosen loopback address, as a proxy or a client would send them."""

from __future__ import annotations

import http.client
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.cli.fresh_shell import TIMEOUT_SECONDS, FreshShell

ROOT = Path(__file__).resolve().parents[2]
# A second loopback address: Linux answers on all of 127.0.0.0/8, so a request can come from a
# "proxy" at one address and a "client" at another on the same machine.
PROXY_ADDRESS = "127.0.0.2"
CLIENT_ADDRESS = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def production_shell(folder: Path, **overrides: str) -> FreshShell:
    """A fresh shell with production settings (tests/cli/production_on_sqlite.py): a real
    secret, credential keys and DATABASE_URL, the database itself SQLite in the folder."""
    return FreshShell.in_folder(
        folder,
        DJANGO_SETTINGS_MODULE="tests.cli.production_on_sqlite",
        PYTHONPATH=str(ROOT),
        DATABASE_URL="postgres://never-contacted@127.0.0.1:1/govsocial",
        SECRET_KEY="production-like-secret-for-the-serving-tests-" + "k" * 20,
        GOVSOCIAL_CREDENTIAL_KEYS="x1uN3zC4o2m6SkB8mLhS3h6G1ZsQ0yT8pXqW9aDkRrE=",
        **overrides,
    )


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]


def get(port: int, path: str, *, source: str, headers: dict[str, str] | None = None) -> Answer:
    """GET http://127.0.0.1:PORT/PATH with the connection coming from `source`."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=TIMEOUT_SECONDS, source_address=(source, 0)
    )
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()})
    finally:
        connection.close()


def wait_until_listening(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited {process.returncode} before it listened")
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listened on port {port} in {TIMEOUT_SECONDS} s")


@contextmanager
def server(shell: FreshShell, *args: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`govsocial ARGS` running in the shell's folder until the block ends (then stopped)."""
    process = subprocess.Popen(  # noqa: S603  # nosec B603 - our own command, no shell
        [sys.executable, "-m", "govsocial.cli", *args],
        cwd=shell.folder,
        env=shell.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_listening(process, port)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def rows_in(database: Path, table: str) -> int:
    """How many rows the table holds; 0 when the database or the table was never created."""
    if not database.exists():
        return 0
    with sqlite3.connect(database) as connection:
        found = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", (table,)
        ).fetchone()[0]
        if not found:
            return 0
        count: int = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        return count
