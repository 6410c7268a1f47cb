"""Serving for real: `govsocial serve` (gunicorn) and `govsocial run` (waitress) started from a
fresh shell. Behind a trusted proxy that says the request came over HTTPS, production answers
with HSTS and no redirect; the same header from anyone else is ignored. The demo organisation
never reaches a production database, and SIGTERM leaves no process of the server's behind."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.cli.fresh_shell import TIMEOUT_SECONDS, FreshShell, Outcome
from tests.cli.servers import (
    CLIENT_ADDRESS,
    PROXY_ADDRESS,
    free_port,
    get,
    production_shell,
    rows_in,
    server,
)

pytestmark = pytest.mark.slow

USER_ERROR = 2
OVER_HTTPS = {"X-Forwarded-Proto": "https"}


def assert_one_line(outcome: Outcome, *saying: str) -> None:
    assert outcome.status == USER_ERROR, outcome
    assert "Traceback" not in outcome.output
    (line,) = outcome.stderr.splitlines()
    for words in saying:
        assert words in line, line


def assert_proxy_trust(port: int) -> None:
    """HTTPS believed from the proxy's address only; a client's own header changes nothing."""
    from_proxy = get(port, "/login/", source=PROXY_ADDRESS, headers=OVER_HTTPS)
    assert from_proxy.status == 200
    assert from_proxy.headers["strict-transport-security"].startswith("max-age=63072000")

    spoofed = get(port, "/login/", source=CLIENT_ADDRESS, headers=OVER_HTTPS)
    assert spoofed.status == 301
    assert spoofed.headers["location"] == f"https://127.0.0.1:{port}/login/"
    assert "strict-transport-security" not in spoofed.headers

    plain = get(port, "/login/", source=PROXY_ADDRESS)
    assert plain.status == 301


def migrate(shell: FreshShell) -> None:
    (shell.folder / "var").mkdir(exist_ok=True)
    migrated = shell.run("manage", "migrate", "--verbosity", "0")
    assert migrated.status == 0, migrated


def children_once_booted(process: subprocess.Popen[bytes], expected: int) -> list[psutil.Process]:
    """The process's children, once `expected` of them have started (or the wait runs out)."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    children = psutil.Process(process.pid).children(recursive=True)
    while len(children) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
        children = psutil.Process(process.pid).children(recursive=True)
    return children


def stop_and_list_survivors(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """Sends SIGTERM, waits for the command to end, and returns its processes still alive."""
    children = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=TIMEOUT_SECONDS)
    _, alive = psutil.wait_procs(children, timeout=TIMEOUT_SECONDS)
    return alive


def test_serve_believes_https_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    port = free_port()
    shell = production_shell(tmp_path, TRUSTED_PROXIES=PROXY_ADDRESS)
    migrate(shell)
    with server(shell, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", port=port):
        assert_proxy_trust(port)


def test_run_believes_https_only_from_a_trusted_proxy_and_loads_no_demo(tmp_path: Path) -> None:
    port = free_port()
    shell = production_shell(tmp_path, TRUSTED_PROXIES=PROXY_ADDRESS)
    with server(shell, "run", "--port", str(port), "--no-worker", port=port) as running:
        assert_proxy_trust(port)
        running.terminate()
        printed = running.communicate(timeout=TIMEOUT_SECONDS)[0].decode()
    assert "Production settings: the demo organisation is not loaded." in printed
    assert "demo-password" not in printed
    database = tmp_path / "var" / "govsocial.sqlite3"
    assert rows_in(database, "accounts_organisation") == 0
    assert rows_in(database, "accounts_user") == 0


def test_demo_under_production_settings_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    refused = production_shell(tmp_path).run("demo")
    assert_one_line(refused, "never loaded under production settings", "published password")
    database = tmp_path / "var" / "govsocial.sqlite3"
    assert rows_in(database, "accounts_organisation") == 0
    assert rows_in(database, "accounts_user") == 0


def test_sigterm_to_run_stops_the_worker_and_the_demo_mastodon(tmp_path: Path) -> None:
    port = free_port()
    shell = FreshShell.in_folder(tmp_path, GOVSOCIAL_DEMO_MASTODON_PORT=str(free_port()))
    with server(shell, "run", "--port", str(port), port=port) as running:
        started = psutil.Process(running.pid).children(recursive=True)
        commands = [" ".join(child.cmdline()) for child in started]
        assert any("govsocial.cli worker" in command for command in commands), commands
        assert any("mastodon_mock" in command for command in commands), commands
        assert stop_and_list_survivors(running) == []
    assert running.returncode == 0


def test_serve_trusts_no_proxy_by_default_and_sigterm_stops_every_web_process(
    tmp_path: Path,
) -> None:
    port = free_port()
    shell = production_shell(tmp_path)
    migrate(shell)
    with server(shell, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", port=port) as up:
        # gunicorn's own default trusts 127.0.0.1; with TRUSTED_PROXIES unset nobody is trusted.
        assert get(port, "/login/", source=CLIENT_ADDRESS, headers=OVER_HTTPS).status == 301
        assert len(children_once_booted(up, expected=2)) == 2
        assert stop_and_list_survivors(up) == []


def test_serve_refuses_a_database_that_needs_migrating(tmp_path: Path) -> None:
    refused = production_shell(tmp_path).run("serve", "--bind", f"127.0.0.1:{free_port()}")
    assert_one_line(refused, "migrations to apply", "govsocial manage migrate")


@pytest.mark.parametrize(
    ("bind", "saying"),
    [
        ("localhost", "is not HOST:PORT or unix:PATH"),
        ("127.0.0.1:99999", "is not HOST:PORT or unix:PATH"),
        ("unix:", "needs a socket path"),
    ],
)
def test_serve_explains_a_bad_bind_in_one_line(tmp_path: Path, bind: str, saying: str) -> None:
    assert_one_line(FreshShell.in_folder(tmp_path).run("serve", "--bind", bind), saying)


def test_a_proxy_that_is_not_an_address_is_one_clear_line(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(tmp_path, TRUSTED_PROXIES="proxy.example.gov.uk")
    assert_one_line(shell.run("run", "--port", str(free_port())), "TRUSTED_PROXIES", "not an IP")


def test_behind_tls_proxy_alone_asks_for_the_proxy_address(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(tmp_path, BEHIND_TLS_PROXY="true")
    assert_one_line(shell.run("demo"), "BEHIND_TLS_PROXY=true needs TRUSTED_PROXIES")


def test_run_names_serve_for_several_proxies(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(tmp_path, TRUSTED_PROXIES="10.0.4.0/24")
    refused = shell.run("run", "--no-demo", "--port", str(free_port()))
    assert_one_line(refused, "trusts one proxy address", "govsocial serve")
