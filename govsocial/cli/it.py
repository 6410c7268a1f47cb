"""`govsocial it`: what IT needs to know about an installation (`egress`: the proxy allow-list)."""

from __future__ import annotations

import json

import click

from govsocial.cli.common import TEXT, database_ready, fail


@click.group("it")
def it_group() -> None:
    """For ICT: the network destinations govsocial needs, for the proxy allow-list."""


@it_group.command("egress")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--organisation",
    "slug",
    default=None,
    type=TEXT,
    help="Only this organisation's accounts (its slug); default: every organisation.",
)
@click.option(
    "--all-networks",
    is_flag=True,
    help="Also list networks no account uses yet (to prepare a proxy in advance).",
)
def egress_command(as_json: bool, slug: str | None, all_networks: bool) -> None:
    """Print the exact host names and ports each enabled network needs.

    A network is enabled when an active official account uses it. Allow exactly these
    destinations on the proxy (HTTPS, outbound); govsocial refuses every other one.
    """
    database_ready()
    from django.db import DatabaseError

    from govsocial.accounts.models import Organisation
    from govsocial.connectors.errors import ConnectorConfigError
    from govsocial.it.egress import egress_report
    from govsocial.it.selectors import egress_accounts, sso_endpoints

    organisation = None
    try:
        if slug is not None:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none"
                fail(
                    f"no organisation {slug!r}; the organisations are: {known}. Check --organisation."
                )
        accounts = egress_accounts(organisation=organisation)
    except DatabaseError as exc:
        fail(f"cannot read the account register ({exc}); run `govsocial manage migrate` first")
    try:
        report = egress_report(accounts, all_networks=all_networks, sso_endpoints=sso_endpoints())
    except ConnectorConfigError as exc:
        fail(f"the egress settings cannot be read: {exc}")
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    if not report.networks:
        click.echo("No network is enabled: add an official account, or use --all-networks.")
    for need in report.networks:
        handles = ", ".join(need.accounts) or "no accounts yet"
        click.echo(f"{need.display_name} ({handles})")
        for destination in need.destinations:
            note = "  (any sub-domain)" if destination.wildcard else ""
            click.echo(f"  {destination.host}:{destination.port}{note}")
        for problem in need.problems:
            click.echo(f"  ! {problem}")
    for extra in report.extra_allowed:
        click.echo(f"Added by GOVSOCIAL_EGRESS_ALLOW\n  {extra}")
    if report.relay_url:
        click.echo(f"Relay: every call goes through {report.relay_url}; it needs the list above.")
    click.echo("")
    click.echo("Allow-list (host:port, one a line):")
    for allowed in report.destinations:
        click.echo(allowed)
