"""The `govsocial` command.

One module per verb group in this package. Verbs that need the database (run,
worker, post, channel, ...) import Django only when they run, so that the pure
verbs (`check`, `log verify`, which live with their engines) work on a machine
that has only the package, and `govsocial --help` is the whole CLI reference.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from govsocial import __version__
from govsocial.cli.common import OneLineUsageError

# Each entry maps a verb to "module:attribute" of a click command. Loading is
# lazy so that `govsocial --help` and the pure verbs never import Django.
LAZY_COMMANDS: dict[str, str] = {
    "run": "govsocial.cli.run:run_command",
    "worker": "govsocial.cli.run:worker_command",
    "manage": "govsocial.cli.run:manage_command",
    "demo": "govsocial.cli.run:demo_command",
    "analyse": "govsocial.cli.analyse:analyse_command",
    "serve": "govsocial.cli.serve:serve_command",
    "check": "govsocial.checks.cli:check_command",
    "log": "govsocial.transparency.cli:log_group",
    "records": "govsocial.cli.records:records_group",
    "post": "govsocial.cli.posts:post_group",
    "channel": "govsocial.cli.channels:channel_group",
    "deliveries": "govsocial.cli.deliveries:deliveries_group",
    "inbox": "govsocial.cli.inbox:inbox_group",
    "it": "govsocial.cli.it:it_group",
    "user": "govsocial.cli.accounts:user_group",
    "sso": "govsocial.cli.accounts:sso_group",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use, and whose usage errors (and
    those of every verb under it) are one line on standard error."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with one_line_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with one_line_usage_errors():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            module = importlib.import_module(module_name)
            command = getattr(module, attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@contextmanager
def one_line_usage_errors() -> Iterator[None]:
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.UsageError as error:
        raise OneLineUsageError(error) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govsocial")
def main() -> None:
    """govsocial: a self-hosted social media desk for public bodies.

    Run `govsocial run` to serve the web UI and the worker on the embedded
    SQLite default, or `govsocial VERB --help` for what each verb does.
    """


if __name__ == "__main__":
    main()
