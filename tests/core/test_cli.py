"""The `govsocial` command: help on every verb, version, and one clear line for misconfiguration."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from govsocial import __version__
from govsocial.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "govsocial.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_every_verb_has_help_that_says_what_it_does() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for verb in ("run", "worker", "manage", "demo"):
        assert verb in top.output
    for verb in main.list_commands(None):  # type: ignore[arg-type]
        command = main.get_command(None, verb)  # type: ignore[arg-type]
        if command is None:
            continue
        assert command.help or command.short_help, f"`govsocial {verb}` has no help text"
        if verb != "manage":
            result = runner.invoke(main, [verb, "--help"])
            assert result.exit_code == 0, result.output
            assert "Usage:" in result.output


def test_manage_passes_through_to_django() -> None:
    result = run_cli("manage", "check", env={"GOVSOCIAL_VAR_DIR": "/tmp/govsocial-cli-test"})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_bad_database_url_is_one_clear_line() -> None:
    result = run_cli("demo", env={"DATABASE_URL": "mysqlx://nowhere"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "DATABASE_URL" in result.stderr


def test_an_unreachable_postgres_is_one_clear_line() -> None:
    result = run_cli("demo", env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/govsocial"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "cannot connect to the database" in result.stderr


def test_production_without_a_secret_is_one_clear_line() -> None:
    # run_cli drops DJANGO_SETTINGS_MODULE, so production is chosen explicitly here.
    result = subprocess.run(
        [sys.executable, "-m", "govsocial.cli", "manage", "check"],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "",
            "DATABASE_URL": "postgres://h/db",
        },
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY is missing" in result.stderr


def test_run_refuses_a_port_in_use() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("run", "--port", str(port))
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert "--port" in result.stderr


@pytest.mark.parametrize("bad", ["--port=notaport", "--port=70000"])
def test_run_rejects_a_bad_port_without_a_traceback(bad: str) -> None:
    result = CliRunner().invoke(main, ["run", bad])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
