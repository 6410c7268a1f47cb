"""Writes docs/cli.md from the `--help` of every `govsocial` verb. Run after changing a verb:

    .venv/bin/python scripts/gen_cli_docs.py

tests/core/test_docs.py fails when docs/cli.md is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govsocial.cli import main  # noqa: E402

HEADER = """# The `govsocial` command

The reference is `govsocial --help`, and `govsocial VERB --help` for each verb; this page is a
copy of them for reading on the web. A mistake on the command line (an unknown user, a bad id, a
missing file) ends in one line on standard error and exit status 2; `check`, `log` and
`inbox reply` use exit status 1 when the checks or the verification stop them.

Generated from each verb's `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.
"""


def help_text(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="govsocial", terminal_width=100)
    return result.output.rstrip()


def collect(command: click.Command, path: list[str]) -> list[tuple[list[str], str]]:
    sections = [(path, help_text(path))]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or name == "manage":
                continue
            sections.extend(collect(sub, [*path, name]))
    return sections


def render() -> str:
    parts = [HEADER]
    for path, text in collect(main, []):
        title = " ".join(["govsocial", *path])
        parts.append(f"## `{title}`\n\n```text\n{text}\n```\n")
    parts.append(
        "## `govsocial manage`\n\nRuns any Django management command: `govsocial manage help` lists them, "
        "e.g. `govsocial manage migrate`, `govsocial manage createsuperuser`.\n"
    )
    return "\n".join(parts)


if __name__ == "__main__":
    (ROOT / "docs" / "cli.md").write_text(render())
    print("wrote docs/cli.md")
