"""The `govsocial` command.

Verbs that need the database (run, worker, manage, post, channel, ...) import
Django only when they run, so that the pure verbs (`check`, `log verify`) work
on a machine that has only the package.
"""

from __future__ import annotations

import importlib

import click

from govsocial import __version__

# Each entry maps a verb to "module:attribute" of a click command. Loading is
# lazy so that `govsocial --help` and the pure verbs never import Django.
LAZY_COMMANDS: dict[str, str] = {
    "run": "govsocial.core.cli:run_command",
    "worker": "govsocial.core.cli:worker_command",
    "manage": "govsocial.core.cli:manage_command",
    "demo": "govsocial.core.cli:demo_command",
    "check": "govsocial.checks.cli:check_command",
    "log": "govsocial.transparency.cli:log_group",
    "records": "govsocial.records.cli:records_group",
    "post": "govsocial.publishing.cli:post_group",
    "channel": "govsocial.publishing.cli:channel_group",
    "deliveries": "govsocial.publishing.cli:deliveries_group",
    "inbox": "govsocial.inbox.cli:inbox_group",
    "it": "govsocial.it.cli:it_group",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name and module_name.startswith(exc.name):
                    return None  # the verb's module is not built yet
                raise
            command = getattr(module, attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govsocial")
def main() -> None:
    """govsocial: a self-hosted social media desk for public bodies.

    Run `govsocial run` to serve the web UI and the worker on the embedded
    SQLite default, or `govsocial VERB --help` for what each verb does.
    """


if __name__ == "__main__":
    main()
