"""What every verb shares: Django set-up, the `--as/--org/--json` options, errors as one line.

A verb imports models, selectors and services only after `setup_django()` has run (through
`acting_context` or `database_ready`), so it works from a fresh shell with no Django settings in
the environment. Errors a user can cause end in one line on standard error and exit status 2.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from govsocial.core.text import LARGEST_ID, text_problem

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User

DEFAULT_SETTINGS = "config.settings.local"
USER_ERROR = 2
T = TypeVar("T")


class PlainText(click.ParamType):
    """A string the database can store: UTF-8 text, no NUL byte, and at most max_length long."""

    name = "text"

    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        problem = text_problem(text, max_length=self.max_length)
        if problem is not None:
            self.fail(problem, param, ctx)
        return text


class WholeNumber(click.ParamType):
    """A whole number from lowest to highest, e.g. an id the database can hold."""

    name = "integer"

    def __init__(self, lowest: int, highest: int, what: str = "a whole number") -> None:
        self.lowest, self.highest, self.what = lowest, highest, what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = whole_number_or_none(value)
        if number is None or not self.lowest <= number <= self.highest:
            self.fail(
                f"{value!r} is not {self.what}: give a whole number from {self.lowest} "
                f"to {self.highest}",
                param,
                ctx,
            )
        return number


def whole_number_or_none(value: Any) -> int | None:
    """The value as an int if it is written in ASCII digits (not "²", "1e3" or "1_000")."""
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None


TEXT = PlainText()
RECORD_ID = WholeNumber(1, LARGEST_ID, "an id")

as_option = click.option(
    "--as",
    "username",
    envvar="GOVSOCIAL_USER",
    required=True,
    type=TEXT,
    help="Act as this user (or set GOVSOCIAL_USER); their roles are checked as at sign-in.",
)
org_option = click.option(
    "--org",
    "org_slug",
    envvar="GOVSOCIAL_ORG",
    default="",
    type=TEXT,
    help="The organisation's short name (or set GOVSOCIAL_ORG); optional if you belong to one.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def fail(message: str, code: int = USER_ERROR) -> NoReturn:
    """Ends the command with `govsocial: MESSAGE` as one line on standard error."""
    click.echo(f"govsocial: {' '.join(str(message).split())}", err=True)
    sys.exit(code)


def text_or_fail(value: str, *, what: str, max_length: int | None = None) -> str:
    """Text read from a file or standard input, refused in one line if it cannot be stored."""
    problem = text_problem(value, max_length=max_length)
    if problem is not None:
        fail(f"{what} cannot be saved: {problem}.")
    return value


class OneLineUsageError(click.ClickException):
    """A usage error (a bad option, a missing argument) as one line that says where help is."""

    exit_code = USER_ERROR

    def __init__(self, error: click.UsageError) -> None:
        message = " ".join(error.format_message().split())
        if not message.endswith((".", "?", "!")):
            message += "."
        command_path = error.ctx.command_path if error.ctx is not None else "govsocial"
        super().__init__(f"{message[:1].lower()}{message[1:]} See `{command_path} --help`.")

    def show(self, file: Any = None) -> None:
        click.echo(f"govsocial: {self.format_message()}", err=True)


def setup_django() -> None:
    """Configures Django, turning a misconfiguration into one clear line instead of a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        fail(f"configuration problem: {exc}")


def check_database() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    from govsocial.core.dirs import ensure_var_dirs

    ensure_var_dirs()
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(
            f"cannot connect to the database ({first_line}). Check DATABASE_URL, "
            "or unset it to use the embedded SQLite database."
        )


def database_ready() -> None:
    """Django set up and the database reachable: call first in every verb that reads or writes."""
    setup_django()
    check_database()


def acting_context(username: str, org_slug: str) -> tuple[User, Organisation]:
    """The active user named by --as, and the organisation of theirs named by --org."""
    database_ready()
    from govsocial.accounts.models import User
    from govsocial.accounts.selectors import organisation_list_for_user

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        fail(f"no active user called {username!r}. Check --as (or GOVSOCIAL_USER).")
    organisations = list(organisation_list_for_user(user=user))
    slugs = ", ".join(o.slug for o in organisations) or "none"
    if org_slug:
        chosen = [o for o in organisations if o.slug == org_slug]
        if not chosen:
            fail(
                f"{username} is not a member of an organisation called {org_slug!r}. "
                f"Check --org (theirs: {slugs})."
            )
        return user, chosen[0]
    if not organisations:
        fail(f"{username} is not a member of any organisation. Ask an administrator to add them.")
    if len(organisations) > 1:
        fail(
            f"{username} belongs to {len(organisations)} organisations. "
            f"Say which with --org (theirs: {slugs})."
        )
    return user, organisations[0]


def organisation_by_slug(slug: str) -> Organisation:
    """An organisation by its slug, for the administrator's verbs that act on no one's behalf."""
    database_ready()
    from govsocial.accounts.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none"
        fail(f"no organisation has the slug {slug!r}. Check --organisation (there are: {known}).")
    return organisation


def user_by_username(username: str) -> User:
    from govsocial.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        fail(f"no user called {username!r}. Check the username.")
    return user


def run_service(call: Callable[[], T]) -> T:
    """Runs a service; a refusal (an ApplicationError or a network's error) becomes one line."""
    from govsocial.connectors.errors import ConnectorError
    from govsocial.core.errors import ApplicationError

    try:
        return call()
    except (ApplicationError, ConnectorError) as exc:
        fail(str(getattr(exc, "message", exc)))


def emit(data: Any, as_json: bool, text: Callable[[Any], str] | str) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
    else:
        click.echo(text(data) if callable(text) else text)
