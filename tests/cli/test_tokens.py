"""`govsocial user token create|list|revoke`, run as a person does: a new process from a fresh
shell, after `govsocial demo`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from tests.cli.fresh_shell import FreshShell, Outcome

pytestmark = pytest.mark.slow

USER_ERROR = 2


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> FreshShell:
    shell = FreshShell.in_folder(tmp_path_factory.mktemp("tokens-shell"))
    loaded = shell.run("demo")
    assert loaded.status == 0, loaded
    return shell


def assert_one_line(outcome: Outcome, *saying: str) -> None:
    assert outcome.status == USER_ERROR, outcome
    assert "Traceback" not in outcome.output
    (line,) = outcome.stderr.splitlines()
    for words in saying:
        assert words in line, line


def listed(shell: FreshShell, username: str) -> list[dict[str, str]]:
    outcome = shell.run("user", "token", "list", username, "--json")
    assert outcome.status == 0, outcome
    tokens: list[dict[str, str]] = json.loads(outcome.stdout)
    return tokens


def test_create_list_and_revoke_a_token(shell: FreshShell) -> None:
    created = shell.run("user", "token", "create", "author", "nightly report", "--days", "7")
    assert created.status == 0, created
    token = created.stdout.strip()
    assert token.startswith("gs_")
    prefix = token.split("_")[1]

    (row,) = [t for t in listed(shell, "author") if t["prefix"] == prefix]
    assert (row["name"], row["state"], row["last_used_at"]) == ("nightly report", "active", None)
    lifetime = datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(row["created_at"])
    assert abs(lifetime - timedelta(days=7)) < timedelta(minutes=1)
    text = shell.run("user", "token", "list", "author")
    assert f"{prefix}  active" in text.stdout and "last used never" in text.stdout

    revoked = shell.run("user", "token", "revoke", "author", prefix)
    assert revoked.status == 0, revoked
    assert "is revoked: it no longer works" in revoked.stdout
    (row,) = [t for t in listed(shell, "author") if t["prefix"] == prefix]
    assert row["state"] == "revoked" and row["revoked_at"]
    again = shell.run("user", "token", "revoke", "author", token)  # the whole token works too
    assert again.status == 0 and "was already revoked" in again.stdout


def test_a_new_token_lasts_90_days_unless_told_otherwise(shell: FreshShell) -> None:
    created = shell.run("user", "token", "create", "viewer", "default lifetime", "--json")
    assert created.status == 0, created
    made = json.loads(created.stdout)
    (row,) = [t for t in listed(shell, "viewer") if t["prefix"] == made["prefix"]]
    lifetime = datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(row["created_at"])
    assert abs(lifetime - timedelta(days=90)) < timedelta(minutes=1)


def test_the_old_create_token_verb_still_works(shell: FreshShell) -> None:
    created = shell.run("user", "create-token", "author", "old script")
    assert created.status == 0, created
    assert created.stdout.startswith("gs_")


@pytest.mark.parametrize(
    ("args", "saying"),
    [
        (("create", "author", "x", "--days", "0"), "is not a number of days"),
        (("create", "author", "forever", "--days", "3650"), "within 1 to 365 days"),
        (("create", "ghost", "x"), "no active user called 'ghost'"),
        (("revoke", "author", "0123456789ab"), "author has no API token '0123456789ab'"),
        (("list", "ghost"), "no user called 'ghost'"),
    ],
)
def test_mistakes_are_one_clear_line(shell: FreshShell, args: tuple[str, ...], saying: str) -> None:
    assert_one_line(shell.run("user", "token", *args), saying)
