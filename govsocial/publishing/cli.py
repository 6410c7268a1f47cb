"""`govsocial post`, `govsocial channel` and `govsocial deliveries`: the publishing journey for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click

from govsocial.core.cli import fail, setup_django

as_option = click.option(
    "--as", "username", required=True, help="The user to act as (checked like a sign-in)."
)
org_option = click.option(
    "--org", "org_slug", required=True, help="The organisation's short name (slug)."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _context(username: str, org_slug: str) -> tuple[Any, Any]:
    setup_django()
    from govsocial.accounts.models import User
    from govsocial.accounts.selectors import organisation_get_for_user

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        fail(f"no active user called {username!r}. Check --as.")
    organisation = organisation_get_for_user(user=user, slug=org_slug)
    if organisation is None:
        fail(f"{username} is not a member of an organisation called {org_slug!r}. Check --org.")
    return user, organisation


def _run(call: Callable[[], Any]) -> Any:
    from govsocial.connectors.errors import ConnectorError
    from govsocial.core.errors import ApplicationError

    try:
        return call()
    except (ApplicationError, ConnectorError) as exc:
        fail(str(getattr(exc, "message", exc)), code=1)


def _emit(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    click.echo(json.dumps(data, indent=2, default=str) if as_json else text(data))


def _post(organisation: Any, pk: int) -> Any:
    from govsocial.publishing.selectors import post_get

    post = post_get(organisation=organisation, pk=pk)
    if post is None:
        fail(f"no post {pk} in {organisation}. `govsocial post list` shows their numbers.")
    return post


def _post_text(data: dict[str, Any]) -> str:
    lines = [
        f"#{data['id']} {data['title']} [{data['status']}] v{data['version']} checks: {data['verdict']}"
    ]
    lines += [f"  {f['severity'].upper()}: {f['message']} ({f['rule']})" for f in data["findings"]]
    lines += [
        f"  delivery to {d['account']}: {d['state']}"
        + (f" {d['remote_url']}" if d["remote_url"] else "")
        for d in data["deliveries"]
    ]
    return "\n".join(lines)


@click.group("post")
def post_group() -> None:
    """Write, approve, schedule and follow posts."""


@post_group.command("list")
@as_option
@org_option
@click.option("--status", default=None, help="Only posts in this status, e.g. in_review.")
@json_option
def post_list_command(username: str, org_slug: str, status: str | None, as_json: bool) -> None:
    """List the organisation's posts, newest first."""
    from govsocial.api.routers.posts import post_out
    from govsocial.publishing.selectors import post_list

    _, organisation = _context(username, org_slug)
    data = [post_out(p) for p in post_list(organisation=organisation, status=status)[:200]]
    _emit(
        data, as_json, lambda d: "\n".join(_post_text(p).splitlines()[0] for p in d) or "No posts."
    )


@post_group.command("show")
@as_option
@org_option
@click.argument("post_id", type=int)
@json_option
def post_show_command(username: str, org_slug: str, post_id: int, as_json: bool) -> None:
    """Show one post, its checks and its deliveries."""
    from govsocial.api.routers.posts import post_out

    _, organisation = _context(username, org_slug)
    _emit(post_out(_post(organisation, post_id)), as_json, _post_text)


@post_group.command("create")
@as_option
@org_option
@click.option(
    "--account",
    "account_ids",
    type=int,
    multiple=True,
    required=True,
    help="Official account id (repeat for several).",
)
@click.option("--title", default="", help="For staff only.")
@click.option(
    "--risk-class",
    default="routine",
    show_default=True,
    help="routine, ministerial, announcement, election or crisis.",
)
@click.option("--campaign-code", default="", help="Departmental responsibility or campaign code.")
@click.argument("text_file", type=click.File("r"), default="-")
@json_option
def post_create_command(
    username: str,
    org_slug: str,
    account_ids: tuple[int, ...],
    title: str,
    risk_class: str,
    campaign_code: str,
    text_file: Any,
    as_json: bool,
) -> None:
    """Create a draft from TEXT_FILE (or standard input) and run the checks on it."""
    from govsocial.api.routers.posts import _accounts, post_out
    from govsocial.publishing.services import post_create

    user, organisation = _context(username, org_slug)
    text = text_file.read()
    post = _run(
        lambda: post_create(
            organisation=organisation,
            author=user,
            title=title,
            text=text,
            accounts=_accounts(organisation, list(account_ids)),
            risk_class=risk_class,
            campaign_code=campaign_code,
        )
    )
    _emit(post_out(post), as_json, _post_text)


def _transition(
    name: str,
    help_text: str,
    call: Callable[[Any, Any, dict[str, Any]], Any],
    extra: list[Callable[[Any], Any]] | None = None,
) -> None:
    def command(username: str, org_slug: str, post_id: int, as_json: bool, **options: Any) -> None:
        from govsocial.api.routers.posts import post_out

        user, organisation = _context(username, org_slug)
        post = _post(organisation, post_id)
        _run(lambda: call(post, user, options))
        post.refresh_from_db()
        _emit(post_out(post), as_json, _post_text)

    command.__doc__ = help_text
    decorated: Any = command
    for option in reversed(extra or []):
        decorated = option(decorated)
    decorated = json_option(click.argument("post_id", type=int)(org_option(as_option(decorated))))
    post_group.command(name, help=help_text)(decorated)


def _parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--at {value!r} is not a date and time; write it like 2027-01-05T09:30+00:00")
    if moment.tzinfo is None:
        fail("--at needs a time zone, e.g. 2027-01-05T09:30+00:00 or ...Z")
    return moment


def _svc(name: str) -> Any:
    from govsocial.publishing import services

    return getattr(services, name)


_transition(
    "submit",
    "Submit the latest version for approval.",
    lambda p, u, o: _svc("post_submit")(post=p, actor=u),
)
_transition(
    "approve",
    "Approve the latest version (you cannot approve your own post).",
    lambda p, u, o: _svc("post_approve")(post=p, approver=u, version_number=o.get("version")),
    [
        click.option(
            "--version",
            type=int,
            default=None,
            help="Refuse if the post has changed from this version.",
        )
    ],
)
_transition(
    "return",
    "Return the post to its author with comments.",
    lambda p, u, o: _svc("post_return")(post=p, reviewer=u, comments=o["comments"]),
    [click.option("--comments", required=True, help="What the author should change.")],
)
_transition(
    "schedule",
    "Schedule an approved post.",
    lambda p, u, o: _svc("post_schedule")(post=p, actor=u, at=_parse_when(o["at"])),
    [click.option("--at", required=True, help="When, with a time zone: 2027-01-05T09:30+00:00.")],
)
_transition(
    "publish-now",
    "Publish an approved post now.",
    lambda p, u, o: _svc("post_schedule")(post=p, actor=u, at=None),
)
_transition(
    "cancel",
    "Cancel every delivery that has not started.",
    lambda p, u, o: _svc("post_cancel")(post=p, actor=u),
)


@click.group("channel")
def channel_group() -> None:
    """The official account register: add, list and check accounts."""


@channel_group.command("list")
@as_option
@org_option
@json_option
def channel_list_command(username: str, org_slug: str, as_json: bool) -> None:
    """List the organisation's official accounts."""
    from govsocial.channels.selectors import official_account_list

    _, organisation = _context(username, org_slug)
    data = [
        {
            "id": a.pk,
            "network": a.network,
            "handle": a.handle,
            "owner": str(a.named_owner),
            "owning_unit": a.owning_unit,
            "two_factor": a.two_factor_confirmed,
            "token_expires_at": a.token_expires_at,
            "last_error": a.last_health_error,
        }
        for a in official_account_list(organisation=organisation)
    ]
    _emit(
        data,
        as_json,
        lambda d: (
            "\n".join(f"#{a['id']} {a['handle']} on {a['network']} (owner {a['owner']})" for a in d)
            or "No accounts."
        ),
    )


@channel_group.command("add")
@as_option
@org_option
@click.option(
    "--network",
    required=True,
    help="mastodon, bluesky, x, linkedin, facebook, instagram or threads.",
)
@click.option("--handle", required=True)
@click.option("--owning-unit", required=True)
@click.option("--owner", "owner_username", required=True, help="Username of the named owner.")
@click.option("--house-rules-url", default="")
@click.option("--instance-url", default="", help="Mastodon instance or Bluesky PDS address.")
@click.option(
    "--two-factor-confirmed", is_flag=True, help="Two-factor sign-in is on at the network."
)
@click.option(
    "--credentials-file",
    type=click.File("r"),
    default=None,
    help="JSON file of the account's credentials; stored encrypted.",
)
@json_option
def channel_add_command(
    username: str,
    org_slug: str,
    network: str,
    handle: str,
    owning_unit: str,
    owner_username: str,
    house_rules_url: str,
    instance_url: str,
    two_factor_confirmed: bool,
    credentials_file: Any,
    as_json: bool,
) -> None:
    """Add an official account to the register."""
    from govsocial.accounts.models import User
    from govsocial.channels.services import account_register

    user, organisation = _context(username, org_slug)
    owner = User.objects.filter(username=owner_username).first()
    if owner is None:
        fail(f"no user called {owner_username!r} to name as owner.")
    credentials = None
    if credentials_file is not None:
        try:
            credentials = json.load(credentials_file)
        except json.JSONDecodeError as exc:
            fail(f"--credentials-file is not valid JSON ({exc.msg} at line {exc.lineno}).")
        if not isinstance(credentials, dict):
            fail('--credentials-file must hold a JSON object, e.g. {"access_token": "..."}')
    account = _run(
        lambda: account_register(
            organisation=organisation,
            actor=user,
            network=network,
            handle=handle,
            owning_unit=owning_unit,
            named_owner=owner,
            house_rules_url=house_rules_url,
            instance_url=instance_url,
            two_factor_confirmed=two_factor_confirmed,
            credentials=credentials,
        )
    )
    _emit(
        {"id": account.pk, "handle": account.handle, "network": account.network},
        as_json,
        lambda d: f"Registered #{d['id']} {d['handle']} on {d['network']}.",
    )


@channel_group.command("check")
@as_option
@org_option
@click.argument("account_id", type=int)
@json_option
def channel_check_command(username: str, org_slug: str, account_id: int, as_json: bool) -> None:
    """Ask the network who the stored credentials belong to."""
    from govsocial.channels.selectors import official_account_get
    from govsocial.channels.services import account_check

    _, organisation = _context(username, org_slug)
    account = official_account_get(organisation=organisation, pk=account_id)
    if account is None:
        fail(f"no account {account_id} in {organisation}.")
    handle = _run(lambda: account_check(account=account))
    _emit(
        {"id": account_id, "ok": True, "remote_handle": handle},
        as_json,
        lambda d: f"OK: the credentials belong to {d['remote_handle']}.",
    )


@click.group("deliveries")
def deliveries_group() -> None:
    """Follow deliveries, and the ones a person must check."""


@deliveries_group.command("needs-check")
@as_option
@org_option
@json_option
def needs_check_command(username: str, org_slug: str, as_json: bool) -> None:
    """List deliveries the network could not confirm, waiting for a person to check."""
    from govsocial.api.routers.posts import delivery_out
    from govsocial.publishing.selectors import deliveries_needing_check

    _, organisation = _context(username, org_slug)
    data = [delivery_out(d).dict() for d in deliveries_needing_check(organisation=organisation)]
    _emit(
        data,
        as_json,
        lambda d: (
            "\n".join(f"#{x['id']} to {x['account']}: {x['needs_check_reason']}" for x in d)
            or "Nothing needs checking."
        ),
    )


if __name__ == "__main__":
    sys.exit(post_group())
