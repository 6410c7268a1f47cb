"""Every `govsocial` verb, run the way a person runs it: a new process from a fresh shell (no Django
settings, the embedded SQLite database in a folder of its own) after `govsocial demo`.

Help works for every command, discovered from the click tree so a new verb is covered without
editing this file; each verb group reads the demo data and prints what a user expects; and every
mistake a user can make ends in one clear line on standard error, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from govsocial.cli import main
from tests.cli.fresh_shell import FreshShell, Outcome

pytestmark = pytest.mark.slow

DEMO = "department-for-example"
AS_VIEWER = ("--as", "viewer", "--org", DEMO)
AS_AUTHOR = ("--as", "author", "--org", DEMO)
LARGEST_ID = 2**63 - 1
BEYOND_THE_LARGEST_ID = str(2**63)
# What the byte 0xE9 (é in Latin-1, not UTF-8) becomes in a command-line argument.
NOT_UTF8 = "caf\udce9"
GOOD_TEXT = (
    "Renewing your passport? Apply at least 3 weeks before you travel. "
    "Read guidance on renewing a passport: https://www.gov.uk/renew-adult-passport"
)
USER_ERROR = 2
STOPPED_BY_THE_CHECKS = 1
# Subprocesses at once: the suite may share two cores with other work.
WORKERS = 3


def run_all(jobs: Iterable[Callable[[], Outcome]]) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda job: job(), jobs))


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> FreshShell:
    shell = FreshShell.in_folder(tmp_path_factory.mktemp("fresh-shell"))
    (shell.folder / "post.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (shell.folder / "nul.txt").write_bytes(b"Roads reopen\x00 at 6pm.")
    (shell.folder / "latin1.txt").write_bytes("Caf\xe9 opening hours".encode("latin-1"))
    (shell.folder / "bad.json").write_text('{"access_token": ', encoding="utf-8")
    (shell.folder / "numbers.json").write_text('{"access_token": 5}', encoding="utf-8")
    loaded = shell.run("demo")
    assert loaded.status == 0, loaded
    assert "Loaded the demo organisation." in loaded.stdout
    return shell


def command_paths(
    command: click.Command = main, path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command and subcommand of `govsocial`, walking the click tree."""
    paths = [path]
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            subcommand = command.get_command(context, name)
            assert subcommand is not None, f"`govsocial {' '.join((*path, name))}` does not load"
            paths += command_paths(subcommand, (*path, name))
    return paths


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    return command


EVERY_COMMAND = command_paths()


def spoken(path: tuple[str, ...]) -> str:
    return " ".join(("govsocial", *path))


@pytest.fixture(scope="module")
def help_pages(shell: FreshShell) -> dict[tuple[str, ...], Outcome]:
    pages = run_all(lambda path=path: shell.run(*path, "--help") for path in EVERY_COMMAND)
    return dict(zip(EVERY_COMMAND, pages, strict=True))


def test_the_walk_finds_every_verb_and_subcommand() -> None:
    for path in [("post", "list"), ("inbox", "reply"), ("log", "verify"), ("user", "disable")]:
        assert path in EVERY_COMMAND
    assert len(EVERY_COMMAND) > 40


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=spoken)
def test_help_says_what_the_command_does(
    help_pages: dict[tuple[str, ...], Outcome], path: tuple[str, ...]
) -> None:
    page = help_pages[path]
    assert page.status == 0, page
    assert "Traceback" not in page.output
    assert page.stderr == ""
    assert " ".join(path) in page.stdout
    command = command_at(path)
    assert command.help or command.short_help, f"`{spoken(path)}` has no help text"


def post_id_titled(shell: FreshShell, title: str) -> int:
    listed = shell.run("post", "list", *AS_VIEWER, "--json")
    assert listed.status == 0, listed
    return next(post["id"] for post in json.loads(listed.stdout) if post["title"] == title)


def test_post_list_and_show_print_the_demo_drafts(shell: FreshShell) -> None:
    listed = shell.run("post", "list", *AS_VIEWER)
    assert listed.status == 0, listed
    passport = post_id_titled(shell, "Passport renewal reminder")
    summary = f"#{passport} Passport renewal reminder [draft] v1 checks: pass"
    assert summary in listed.stdout.splitlines()
    shown = shell.run("post", "show", str(passport), *AS_VIEWER)
    assert shown.status == 0, shown
    assert shown.stdout.splitlines()[0] == summary


def test_post_list_says_on_stderr_when_it_shows_only_the_newest(shell: FreshShell) -> None:
    listed = shell.run("post", "list", *AS_VIEWER, "--limit", "1")
    assert listed.status == 0, listed
    assert len(listed.stdout.splitlines()) == 1
    assert "Showing the newest 1 of" in listed.stderr and "--limit" in listed.stderr


def test_channel_list_shows_the_official_accounts_and_their_owner(shell: FreshShell) -> None:
    listed = shell.run("channel", "list", *AS_VIEWER)
    assert listed.status == 0, listed
    assert any(
        line.endswith(" @example on mastodon (owner Alex Accounts)")
        for line in listed.stdout.splitlines()
    )


def test_deliveries_needs_check_says_nothing_needs_checking(shell: FreshShell) -> None:
    listed = shell.run("deliveries", "needs-check", *AS_VIEWER)
    assert listed.status == 0, listed
    assert listed.stdout.strip() == "Nothing needs checking."


def test_inbox_list_redacts_personal_data_and_show_prints_one_message(shell: FreshShell) -> None:
    listed = shell.run("inbox", "list", *AS_VIEWER)
    assert listed.status == 0, listed
    assert "My NHS number is [NHS number removed]" in listed.stdout
    items = json.loads(shell.run("inbox", "list", *AS_VIEWER, "--json").stdout)
    foi = next(item for item in items if item["triage_label"] == "possible_foi")
    shown = shell.run("inbox", "show", str(foi["id"]), *AS_VIEWER)
    assert shown.status == 0, shown
    assert f"#{foi['id']} Mention from {foi['author_handle']}" in shown.stdout
    assert "Triage: Possible FOI request" in shown.stdout


def test_records_export_writes_a_folder_and_sign_says_there_is_no_log_yet(
    shell: FreshShell,
) -> None:
    exported = shell.run("records", "export", "--organisation", DEMO, "--out", "export")
    assert exported.status == 0, exported
    assert exported.stdout.startswith("Exported ")
    assert (shell.folder / "export" / "manifest.json").is_file()
    signed = shell.run("records", "sign")
    assert signed.status == 0, signed
    assert signed.stdout.strip() == "No organisation has a public log yet."


def test_records_sar_finds_what_is_held_about_a_person(shell: FreshShell) -> None:
    found = shell.run(
        "records",
        "sar",
        "--organisation",
        DEMO,
        "--person",
        "sarahj@mastodon.social",
        "--out",
        "sar",
    )
    assert found.status == 0, found
    assert found.stdout.startswith("Found ")
    assert (shell.folder / "sar" / "subject-access.html").is_file()


def test_it_egress_prints_the_allow_list(shell: FreshShell) -> None:
    report = shell.run("it", "egress")
    assert report.status == 0, report
    assert "Allow-list (host:port, one a line):" in report.stdout.splitlines()
    assert "Mastodon (@example, @examplejobs)" in report.stdout.splitlines()


def test_user_end_sessions_says_how_many_ended(shell: FreshShell) -> None:
    ended = shell.run("user", "end-sessions", "viewer")
    assert ended.status == 0, ended
    assert ended.stdout.strip() == "Ended 0 sessions of Val Viewer."


def test_check_passes_good_text_and_stops_a_vague_link(shell: FreshShell) -> None:
    draft = json.dumps({"text": GOOD_TEXT, "campaign_code": "DFE-2027-001"}).encode()
    good = shell.run("check", "-", "--platform", "mastodon", stdin=draft)
    assert good.status == 0, good
    assert good.stdout.startswith("Verdict: PASS (0 block, 0 escalate, 0 warn)")
    vague = shell.run("check", "-", stdin=b"Click here for more")
    assert vague.status == STOPPED_BY_THE_CHECKS, vague
    assert "BLOCK    accessibility.link-text" in vague.stdout.splitlines()


def test_log_keygen_prints_a_public_key_that_log_verify_accepts(shell: FreshShell) -> None:
    made = shell.run("log", "keygen", "--name", "example.gov.uk/log", "--out", "log.key")
    assert made.status == 0, made
    vkey = made.stdout.strip()
    assert vkey.startswith("example.gov.uk/log+")
    nowhere = shell.run("log", "verify", "no-such-log", "--key", vkey)
    assert nowhere.status == USER_ERROR, nowhere
    assert nowhere.stderr == "error: no-such-log is neither an http(s) URL nor a directory\n"


def test_demo_again_and_manage_check_set_nothing_up_twice(shell: FreshShell) -> None:
    again = shell.run("demo")
    assert again.status == 0, again
    assert again.stdout.strip() == "The demo organisation is already there."
    checked = shell.run("manage", "check")
    assert checked.status == 0, checked
    assert "System check identified no issues" in checked.stdout


def test_a_reply_the_checks_stop_exits_1_and_prints_the_findings(shell: FreshShell) -> None:
    stopped = shell.run(
        "inbox", "reply", "1", *AS_AUTHOR, "--text", "Your NHS number is 943 476 5919"
    )
    assert stopped.status == STOPPED_BY_THE_CHECKS, stopped
    assert "The reply cannot be sent: fix the problems the checks found." in stopped.stdout
    assert "looks like an NHS number" in stopped.stdout
    assert "Traceback" not in stopped.output


@dataclass(frozen=True)
class Mistake:
    """A command a user gets wrong, and the words the one line on standard error must hold."""

    name: str
    args: tuple[str, ...]
    says: tuple[str, ...]
    stdin: bytes = b""
    status: int = USER_ERROR
    house_prefix: str = "govsocial: "


MISTAKES = [
    Mistake(
        "unknown user",
        ("post", "list", "--as", "ghost", "--org", DEMO),
        ("no active user called 'ghost'.", "Check --as"),
    ),
    Mistake(
        "no user named at all",
        ("post", "list"),
        ("missing option '--as'.", "See `python -m govsocial.cli post list --help`."),
    ),
    Mistake(
        "unknown organisation",
        ("post", "list", "--as", "author", "--org", "nowhere"),
        ("not a member of an organisation called 'nowhere'.", f"Check --org (theirs: {DEMO})"),
    ),
    Mistake(
        "a post list limit out of range",
        ("post", "list", *AS_VIEWER, "--limit", "0"),
        ("invalid value for '--limit'", "1<=x<=1000"),
    ),
    Mistake(
        "unknown organisation for an export",
        ("records", "export", "--organisation", "nowhere", "--out", "nowhere"),
        ("no organisation has the slug 'nowhere'.", "Check --organisation"),
    ),
    Mistake(
        "unknown organisation for the egress list",
        ("it", "egress", "--organisation", "nowhere"),
        ("no organisation 'nowhere'", "Check --organisation"),
    ),
    Mistake(
        "unknown post",
        ("post", "show", "999999", *AS_VIEWER),
        ("no post 999999", "`govsocial post list` shows their numbers"),
    ),
    Mistake(
        "post id beyond the database",
        ("post", "show", BEYOND_THE_LARGEST_ID, *AS_VIEWER),
        (f"'{BEYOND_THE_LARGEST_ID}' is not an id", f"from 1 to {LARGEST_ID}"),
    ),
    Mistake(
        "post id that is not a number",
        ("post", "show", "abc", *AS_VIEWER),
        ("'abc' is not an id", "See `python -m govsocial.cli post show --help`."),
    ),
    Mistake(
        "account id beyond the database",
        ("post", "create", *AS_AUTHOR, "--account", BEYOND_THE_LARGEST_ID, "post.txt"),
        ("invalid value for '--account'", "is not an id"),
    ),
    Mistake(
        "version beyond the database",
        ("post", "approve", "1", "--as", "reviewer", "--org", DEMO, "--version", str(2**31)),
        ("is not a version number", "from 1 to 2147483647"),
    ),
    Mistake(
        "account id zero",
        ("channel", "check", "0", *AS_VIEWER),
        ("'0' is not an id",),
    ),
    Mistake(
        "inbox item beyond the database",
        ("inbox", "show", BEYOND_THE_LARGEST_ID, *AS_VIEWER),
        ("is not an id", f"from 1 to {LARGEST_ID}"),
    ),
    Mistake(
        "unknown inbox item",
        ("inbox", "show", "999999", *AS_VIEWER),
        ("no inbox item 999999", "`govsocial inbox list` shows them"),
    ),
    Mistake(
        "sync of an account beyond the database",
        ("inbox", "sync", "--account", BEYOND_THE_LARGEST_ID),
        ("invalid value for '--account'", "is not an id"),
    ),
    Mistake(
        "assignee beyond the database",
        ("inbox", "list", *AS_VIEWER, "--assignee", BEYOND_THE_LARGEST_ID),
        ("is not me, none or a user id",),
    ),
    Mistake(
        "assignee that only looks like a number",
        ("inbox", "list", *AS_VIEWER, "--assignee", "\u00b2"),
        ("--assignee '\u00b2' is not me, none or a user id",),
    ),
    Mistake(
        "unknown inbox status",
        ("inbox", "list", *AS_VIEWER, "--status", "weird"),
        ("--status 'weird' is not open or one of",),
    ),
    Mistake(
        "assign to no one in particular",
        ("inbox", "assign", "1", *AS_AUTHOR),
        ("give either --to USERNAME or --unassign",),
    ),
    Mistake(
        "reply without the role",
        ("inbox", "reply", "1", *AS_VIEWER, "--text", "Hello"),
        ("Your role does not let you reply",),
    ),
    Mistake(
        "log entry beyond the database",
        ("records", "erase", "--organisation", DEMO, "--entry", BEYOND_THE_LARGEST_ID)
        + ("--reason", "unlawful", "--as", "records"),
        ("is not an entry number",),
    ),
    Mistake(
        "schedule without a time zone",
        ("post", "schedule", "1", "--as", "publisher", "--org", DEMO, "--at", "2099-01-01T09:00"),
        ("--at needs a time zone", "2027-01-05T09:30+00:00"),
    ),
    Mistake(
        "misspelt subcommand",
        ("post", "lst"),
        ("no such command 'lst'.", "Did you mean 'list'?"),
    ),
    Mistake(
        "user name that is not UTF-8",
        ("post", "list", "--as", NOT_UTF8, "--org", DEMO),
        ("invalid value for '--as'", "not valid UTF-8 text"),
    ),
    Mistake(
        "inbox label that is not UTF-8",
        ("inbox", "list", *AS_VIEWER, "--label", NOT_UTF8),
        ("invalid value for '--label'", "not valid UTF-8 text"),
    ),
    Mistake(
        "assignee name that is not UTF-8",
        ("inbox", "assign", "1", *AS_AUTHOR, "--to", NOT_UTF8),
        ("invalid value for '--to'", "not valid UTF-8 text"),
    ),
    Mistake(
        "reply that is not UTF-8",
        ("inbox", "reply", "1", *AS_AUTHOR, "--text", NOT_UTF8),
        ("invalid value for '--text'", "not valid UTF-8 text"),
    ),
    Mistake(
        "reply on standard input that is not UTF-8",
        ("inbox", "reply", "1", *AS_AUTHOR),
        ("The reply cannot be saved", "not valid UTF-8 text"),
        stdin="Caf\xe9".encode("latin-1"),
    ),
    Mistake(
        "reply on standard input with a NUL byte",
        ("inbox", "reply", "1", *AS_AUTHOR),
        ("The reply cannot be saved", "NUL byte", "remove it"),
        stdin=b"Thanks\x00 for asking.",
    ),
    Mistake(
        "post title that is not UTF-8",
        ("post", "create", *AS_AUTHOR, "--account", "1", "--title", NOT_UTF8, "post.txt"),
        ("invalid value for '--title'", "not valid UTF-8 text"),
    ),
    Mistake(
        "post title too long to store",
        ("post", "create", *AS_AUTHOR, "--account", "1", "--title", "x" * 201, "post.txt"),
        ("invalid value for '--title'", "shorten it to 200 at most"),
    ),
    Mistake(
        "post text with a NUL byte",
        ("post", "create", *AS_AUTHOR, "--account", "1", "nul.txt"),
        ("The post's text cannot be saved", "NUL byte"),
    ),
    Mistake(
        "post text in a file that is not UTF-8",
        ("post", "create", *AS_AUTHOR, "--account", "1", "latin1.txt"),
        ("latin1.txt is not UTF-8 text.", "Save it as UTF-8"),
    ),
    Mistake(
        "post text in a file that does not exist",
        ("post", "create", *AS_AUTHOR, "--account", "1", "missing.txt"),
        ("'missing.txt': No such file", "See `python -m govsocial.cli post create --help`."),
    ),
    Mistake(
        "account handle that is not UTF-8",
        ("channel", "add", "--as", "accounts", "--org", DEMO, "--network", "mastodon")
        + ("--handle", NOT_UTF8, "--owning-unit", "Digital", "--owner", "accounts"),
        ("invalid value for '--handle'", "not valid UTF-8 text"),
    ),
    Mistake(
        "credentials that are not JSON",
        ("channel", "add", "--as", "accounts", "--org", DEMO, "--network", "mastodon")
        + ("--handle", "@new", "--owning-unit", "Digital", "--owner", "accounts")
        + ("--credentials-file", "bad.json"),
        ("--credentials-file is not valid JSON", 'Write it as {"access_token": "..."}'),
    ),
    Mistake(
        "credentials that are not text",
        ("channel", "add", "--as", "accounts", "--org", DEMO, "--network", "mastodon")
        + ("--handle", "@new", "--owning-unit", "Digital", "--owner", "accounts")
        + ("--credentials-file", "numbers.json"),
        ("must hold a JSON object of text values", 'Write it as {"access_token": "..."}'),
    ),
    Mistake(
        "credentials in a file that does not exist",
        ("channel", "add", "--as", "accounts", "--org", DEMO, "--network", "mastodon")
        + ("--handle", "@new", "--owning-unit", "Digital", "--owner", "accounts")
        + ("--credentials-file", "missing.json"),
        ("'missing.json': No such file", "--help"),
    ),
    Mistake(
        "subject access request for a name that is not UTF-8",
        ("records", "sar", "--organisation", DEMO, "--person", NOT_UTF8, "--out", "sar-bad"),
        ("invalid value for '--person'", "not valid UTF-8 text"),
    ),
    Mistake(
        "export into a folder that is not empty",
        ("records", "export", "--organisation", DEMO, "--out", "."),
        ("is not empty", "choose a new folder"),
    ),
    Mistake(
        "export into a folder that cannot be made",
        ("records", "export", "--organisation", DEMO, "--out", "post.txt/export"),
        ("cannot write to post.txt/export", "Give --out a new folder you can write to"),
    ),
    Mistake(
        "import of a folder that does not exist",
        ("records", "import", "missing-export"),
        ("missing-export has no manifest.json", "is it a govsocial export?"),
    ),
    Mistake(
        "egress for an organisation that is not UTF-8",
        ("it", "egress", "--organisation", NOT_UTF8),
        ("invalid value for '--organisation'", "not valid UTF-8 text"),
    ),
    Mistake(
        "disable a user named in something other than UTF-8",
        ("user", "disable", NOT_UTF8),
        ("invalid value for 'USERNAME'", "not valid UTF-8 text"),
    ),
    Mistake(
        "disable an unknown user",
        ("user", "disable", "ghost"),
        ("no user called 'ghost'.", "Check the username"),
    ),
    Mistake(
        "token name too long to store",
        ("user", "create-token", "author", "x" * 101),
        ("invalid value for 'NAME'", "shorten it to 100 at most"),
    ),
    Mistake(
        "issuer that is not a URL",
        ("sso", "discover", "login.example"),
        ("'login.example' is not a URL", "starting https://"),
    ),
    Mistake(
        "issuer that is not UTF-8",
        ("sso", "discover", f"https://{NOT_UTF8}.example"),
        ("invalid value for 'ISSUER'", "not valid UTF-8 text"),
    ),
    Mistake(
        "check of a file that does not exist",
        ("check", "missing.txt"),
        ("cannot read missing.txt: no such file",),
        house_prefix="govsocial check: error: ",
    ),
    Mistake(
        "log key file that does not exist",
        ("log", "verify", "export", "--key-file", "missing.vkey"),
        ("cannot read log key missing.vkey",),
        house_prefix="error: ",
    ),
    Mistake(
        "log key name that is not UTF-8",
        ("log", "keygen", "--name", NOT_UTF8, "--out", "never.key"),
        ("is empty, is not valid text, or contains spaces",),
        house_prefix="error: ",
    ),
]


@pytest.fixture(scope="module")
def mistakes_made(shell: FreshShell) -> dict[str, Outcome]:
    outcomes = run_all(
        lambda mistake=mistake: shell.run(*mistake.args, stdin=mistake.stdin)
        for mistake in MISTAKES
    )
    return {mistake.name: outcome for mistake, outcome in zip(MISTAKES, outcomes, strict=True)}


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda mistake: mistake.name)
def test_a_mistake_ends_in_one_clear_line(
    mistakes_made: dict[str, Outcome], mistake: Mistake
) -> None:
    outcome = mistakes_made[mistake.name]
    assert outcome.status == mistake.status, outcome
    assert "Traceback" not in outcome.output
    assert outcome.stdout == ""
    (line,) = outcome.stderr.splitlines()
    assert line.startswith(mistake.house_prefix), line
    for words in mistake.says:
        assert words in line


def test_every_mistake_has_a_name_of_its_own() -> None:
    assert len({mistake.name for mistake in MISTAKES}) == len(MISTAKES)


def test_no_mistake_changed_the_demo_data(
    shell: FreshShell, mistakes_made: dict[str, Outcome]
) -> None:
    titles = [
        post["title"] for post in json.loads(shell.run("post", "list", *AS_VIEWER, "--json").stdout)
    ]
    assert sorted(titles) == [
        "Consultation on library opening hours",
        "Passport renewal reminder",
        "Road closure on the A1",
    ]
    assert not Path(shell.folder / "never.key").exists()
