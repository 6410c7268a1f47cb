"""`govsocial deliveries`: follow deliveries, and the ones a person must check."""

from __future__ import annotations

import click

from govsocial.cli.common import acting_context, as_option, emit, json_option, org_option


@click.group("deliveries")
def deliveries_group() -> None:
    """Follow deliveries, and the ones a person must check."""


@deliveries_group.command("needs-check")
@as_option
@org_option
@json_option
def needs_check_command(username: str, org_slug: str, as_json: bool) -> None:
    """List deliveries the network could not confirm, waiting for a person to check."""
    _, organisation = acting_context(username, org_slug)
    from govsocial.api.schemas.posts import delivery_out
    from govsocial.publishing.selectors import deliveries_needing_check

    data = [delivery_out(d).dict() for d in deliveries_needing_check(organisation=organisation)]
    emit(
        data,
        as_json,
        lambda d: (
            "\n".join(f"#{x['id']} to {x['account']}: {x['needs_check_reason']}" for x in d)
            or "Nothing needs checking."
        ),
    )
