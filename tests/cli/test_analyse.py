"""`govsocial analyse --json -` as a person or a script runs it: a new process from a fresh shell,
with no settings and no database, one JSON object a line in and one a line out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.fresh_shell import FreshShell, Outcome

USER_ERROR = 2


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> FreshShell:
    return FreshShell.in_folder(tmp_path_factory.mktemp("analyse"))


def lines(*objects: object) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode("utf-8")


def answers(outcome: Outcome) -> list[dict]:
    return [json.loads(line) for line in outcome.stdout.splitlines()]


def test_each_message_gets_one_line_with_personal_data_label_and_reasons(
    shell: FreshShell,
) -> None:
    outcome = shell.run(
        "analyse",
        "--json",
        "-",
        stdin=lines(
            {"text": "How many parking fines were issued on Castle Street last year?"},
            {"text": "Please send me a copy of my medical records"},
            {"text": "Call me on 07700 900123 about the flooding"},
        ),
    )
    assert outcome.status == 0, outcome
    foi, sar, phone = answers(outcome)
    assert set(foi) == {"personal_data", "label", "secondary_labels", "reasons"}
    assert foi["label"] == "possible_foi" and foi["personal_data"] == []
    assert {"label": "possible_foi", "phrase": "How many", "weight": 1.5} in foi["reasons"]
    assert sar["label"] == "possible_sar"
    assert phone["personal_data"] == [{"kind": "phone", "start": 11, "end": 23}]


def test_offsets_count_code_points_not_bytes_or_utf16_units(shell: FreshShell) -> None:
    text = "Siân 🌧️ here, ring 07700 900123"
    outcome = shell.run("analyse", "--json", "-", stdin=lines({"text": text}))
    assert outcome.status == 0, outcome
    (found,) = answers(outcome)[0]["personal_data"]
    assert text[found["start"] : found["end"]] == "07700 900123"


def test_it_needs_no_database_and_leaves_none_behind(shell: FreshShell) -> None:
    outcome = shell.run("analyse", "--json", "-", stdin=lines({"text": "Thanks, great work"}))
    assert outcome.status == 0, outcome
    assert answers(outcome)[0]["label"] == "praise"
    assert not list(shell.folder.rglob("*.sqlite3")), "analyse must not create a database"


def test_an_id_is_copied_and_a_display_name_is_read(shell: FreshShell) -> None:
    outcome = shell.run(
        "analyse", "--json", "-", stdin=lines({"id": 7, "text": "Same here", "display_name": "X"})
    )
    assert outcome.status == 0, outcome
    assert answers(outcome)[0]["id"] == 7


def test_bad_lines_get_an_error_object_in_place_and_exit_status_2(shell: FreshShell) -> None:
    stdin = (
        lines({"text": "Is the tip open on Sunday?"})
        + b"not json\n"
        + lines({"message": "no text key"}, ["a list"], {"text": 5})
        + b"\n"
        + b"\xff\xfe broken bytes\n"
        + lines({"text": "Brilliant service, thank you"})
    )
    outcome = shell.run("analyse", "--json", "-", stdin=stdin)
    assert outcome.status == USER_ERROR, outcome
    results = answers(outcome)
    assert len(results) == 8, "one output line for every input line, in order"
    assert results[0]["label"] == "question" and results[7]["label"] == "praise"
    errors = {r["line"]: r["error"] for r in results if "error" in r}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7]
    assert "not valid JSON" in errors[2]
    assert 'no "text"' in errors[3]
    assert "got a list" in errors[4]
    assert '"text" must be a string, not a number' in errors[5]
    assert "empty" in errors[6]
    assert "not UTF-8" in errors[7]
    assert outcome.stderr.count("\n") == 1 and "6 line(s)" in outcome.stderr
    assert "Traceback" not in outcome.output


def test_a_file_can_be_given_instead_of_standard_input(shell: FreshShell) -> None:
    (shell.folder / "messages.jsonl").write_bytes(lines({"text": "you lot are scum"}))
    outcome = shell.run("analyse", "--json", "messages.jsonl")
    assert outcome.status == 0, outcome
    assert answers(outcome)[0]["label"] == "abuse"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("analyse", "-"), "give --json"),
        (("analyse", "--json", "missing.jsonl"), "missing.jsonl"),
        (("analyse", "--json"), "missing argument"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_status_2(
    shell: FreshShell, args: tuple[str, ...], says: str
) -> None:
    outcome = shell.run(*args)
    assert outcome.status == USER_ERROR, outcome
    assert says in outcome.stderr and outcome.stderr.count("\n") == 1, outcome
    assert "Traceback" not in outcome.output


def test_the_help_is_the_reference(shell: FreshShell) -> None:
    outcome = shell.run("analyse", "--help")
    assert outcome.status == 0
    assert '{"text": "..."}' in outcome.stdout and "code points" in outcome.stdout


def test_analysing_imports_no_django(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(tmp_path)
    probe = (
        "import sys, runpy; sys.argv=['govsocial','analyse','--json','-'];"
        'import io; sys.stdin=io.TextIOWrapper(io.BytesIO(b\'{"text": "hi"}\\n\'));'
        "from govsocial.cli import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    completed = subprocess.run(  # noqa: S603  # nosec B603 - our own interpreter, no shell
        [sys.executable, "-c", probe],
        capture_output=True,
        cwd=shell.folder,
        env=shell.env,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
