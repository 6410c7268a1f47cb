"""`govsocial channel`: the official account register from a script."""

from __future__ import annotations

import json
from typing import Any

import click

from govsocial.cli.common import (
    RECORD_ID,
    TEXT,
    PlainText,
    acting_context,
    as_option,
    emit,
    fail,
    json_option,
    org_option,
    run_service,
)
from govsocial.core.text import text_problem


@click.group("channel")
def channel_group() -> None:
    """The official account register: add, list and check accounts."""


@channel_group.command("list")
@as_option
@org_option
@json_option
def channel_list_command(username: str, org_slug: str, as_json: bool) -> None:
    """List the organisation's official accounts."""
    _, organisation = acting_context(username, org_slug)
    from govsocial.channels.selectors import official_account_list

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
    emit(
        data,
        as_json,
        lambda d: (
            "\n".join(f"#{a['id']} {a['handle']} on {a['network']} (owner {a['owner']})" for a in d)
            or "No accounts."
        ),
    )


def credentials_from(credentials_file: Any) -> dict[str, str] | None:
    if credentials_file is None:
        return None
    try:
        credentials = json.load(credentials_file)
    except json.JSONDecodeError as exc:
        fail(
            f"--credentials-file is not valid JSON ({exc.msg} at line {exc.lineno}). "
            'Write it as {"access_token": "..."}.'
        )
    except UnicodeDecodeError:
        fail("--credentials-file is not UTF-8 text. Save it as UTF-8 JSON.")
    if not isinstance(credentials, dict) or not all(
        isinstance(key, str) and isinstance(value, str) and text_problem(key + value) is None
        for key, value in credentials.items()
    ):
        fail(
            "--credentials-file must hold a JSON object of text values. "
            'Write it as {"access_token": "..."}.'
        )
    return credentials


@channel_group.command("add")
@as_option
@org_option
@click.option(
    "--network",
    required=True,
    type=TEXT,
    help="mastodon, bluesky, x, linkedin, facebook, instagram or threads.",
)
@click.option("--handle", required=True, type=PlainText(max_length=200))
@click.option("--owning-unit", required=True, type=PlainText(max_length=200))
@click.option(
    "--owner", "owner_username", required=True, type=TEXT, help="Username of the named owner."
)
@click.option("--house-rules-url", default="", type=PlainText(max_length=200))
@click.option(
    "--instance-url",
    default="",
    type=PlainText(max_length=200),
    help="Mastodon instance or Bluesky PDS address.",
)
@click.option(
    "--two-factor-confirmed", is_flag=True, help="Two-factor sign-in is on at the network."
)
@click.option(
    "--credentials-file",
    type=click.File("r", encoding="utf-8"),
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
    user, organisation = acting_context(username, org_slug)
    from govsocial.accounts.models import User
    from govsocial.channels.services import account_register

    owner = User.objects.filter(username=owner_username).first()
    if owner is None:
        fail(f"no user called {owner_username!r} to name as owner. Check --owner.")
    credentials = credentials_from(credentials_file)
    account = run_service(
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
    emit(
        {"id": account.pk, "handle": account.handle, "network": account.network},
        as_json,
        lambda d: f"Registered #{d['id']} {d['handle']} on {d['network']}.",
    )


@channel_group.command("check")
@as_option
@org_option
@click.argument("account_id", type=RECORD_ID)
@json_option
def channel_check_command(username: str, org_slug: str, account_id: int, as_json: bool) -> None:
    """Ask the network who the stored credentials belong to."""
    _, organisation = acting_context(username, org_slug)
    from govsocial.channels.selectors import official_account_get
    from govsocial.channels.services import account_check

    account = official_account_get(organisation=organisation, pk=account_id)
    if account is None:
        fail(f"no account {account_id} in {organisation}. `govsocial channel list` shows them.")
    handle = run_service(lambda: account_check(account=account))
    emit(
        {"id": account_id, "ok": True, "remote_handle": handle},
        as_json,
        lambda d: f"OK: the credentials belong to {d['remote_handle']}.",
    )
