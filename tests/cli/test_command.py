"""The `govsocial` command as a whole: its version, and one clear line for a misconfiguration.
Help and errors verb by verb are in test_every_verb.py."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsocial import __version__
from govsocial.cli import main
from tests.cli.fresh_shell import FreshShell, Outcome

MISCONFIGURED = 2


def assert_one_line(outcome: Outcome, *saying: str) -> None:
    assert outcome.status == MISCONFIGURED, outcome
    assert "Traceback" not in outcome.output
    (line,) = outcome.stderr.splitlines()
    for words in saying:
        assert words in line


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_a_bad_database_url_is_one_clear_line(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(tmp_path, DATABASE_URL="mysqlx://nowhere")
    assert_one_line(shell.run("demo"), "DATABASE_URL")


def test_an_unreachable_postgres_is_one_clear_line(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/govsocial")
    assert_one_line(shell.run("demo"), "cannot connect to the database", "Check DATABASE_URL")


def test_production_without_a_secret_is_one_clear_line(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="",
        DATABASE_URL="postgres://h/db",
    )
    assert_one_line(shell.run("manage", "check"), "SECRET_KEY is missing")


def test_run_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        refused = FreshShell.in_folder(tmp_path).run("run", "--port", str(port))
    assert_one_line(refused, f"port {port} on 127.0.0.1 is in use", "--port")


@pytest.mark.parametrize("bad", ["--port=notaport", "--port=70000"])
def test_run_rejects_a_bad_port_in_one_line(bad: str) -> None:
    result = CliRunner().invoke(main, ["run", bad])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith("govsocial: invalid value for '--port'")
    assert result.output.count("\n") == 1
