"""Running `govsocial` as a person does: a new process, no Django settings in the environment,
and the embedded SQLite database in a folder of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Generous: the machine running the suite may be busy with other work.
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Outcome:
    args: tuple[str, ...]
    status: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        return f"govsocial {' '.join(self.args)!r} exited {self.status}\n{self.output}"


def fresh_environment(var_dir: Path, **overrides: str) -> dict[str, str]:
    """This process's environment without Django settings, DATABASE_URL or govsocial's own
    variables, so the command picks its defaults: the embedded SQLite database in var_dir. The
    PostgreSQL leg of CI sets DATABASE_URL, which a fresh shell deliberately does not see."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GOVSOCIAL_")) and name != "DATABASE_URL"
    }
    return {**inherited, "GOVSOCIAL_VAR_DIR": str(var_dir), **overrides}


@dataclass(frozen=True)
class FreshShell:
    folder: Path
    env: dict[str, str]

    @classmethod
    def in_folder(cls, folder: Path, **overrides: str) -> FreshShell:
        return cls(folder=folder, env=fresh_environment(folder / "var", **overrides))

    def run(self, *args: str, stdin: bytes = b"") -> Outcome:
        """`python -m govsocial.cli ARGS` in the folder, with stdin as its standard input."""
        completed = subprocess.run(  # noqa: S603  # nosec B603 - our own command, no shell
            [sys.executable, "-m", "govsocial.cli", *args],
            input=stdin,
            capture_output=True,
            cwd=self.folder,
            env=self.env,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        return Outcome(
            args=args,
            status=completed.returncode,
            stdout=completed.stdout.decode("utf-8", "backslashreplace"),
            stderr=completed.stderr.decode("utf-8", "backslashreplace"),
        )
