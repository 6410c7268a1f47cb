"""`govsocial records`: organisation export and import, subject-access exports, the public log."""

from __future__ import annotations

from pathlib import Path

import click

from govsocial.cli.common import (
    TEXT,
    WholeNumber,
    database_ready,
    emit,
    fail,
    organisation_by_slug,
    user_by_username,
)
from govsocial.core.text import LARGEST_ID


def cannot_write(out: str, error: OSError) -> str:
    return f"cannot write to {out} ({error.strerror}). Give --out a new folder you can write to."


@click.group("records")
def records_group() -> None:
    """Export, import and subject-access exports; sign the public log now."""


@records_group.command("export")
@click.option("--organisation", "slug", required=True, type=TEXT, help="The organisation's slug.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="A new, empty folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def export_command(slug: str, out: str, as_json: bool) -> None:
    """Write the organisation's posts, media, deliveries, audit records and log to OUT."""
    database_ready()
    from govsocial.core.errors import ApplicationError
    from govsocial.records.exports import organisation_export

    try:
        result = organisation_export(organisation=organisation_by_slug(slug), out=Path(out))
    except ApplicationError as error:
        fail(error.message)
    except OSError as error:
        fail(cannot_write(out, error))
    rows = sum(result.counts.values())
    emit(
        {"directory": str(result.directory), "counts": result.counts, "files": len(result.files)},
        as_json,
        f"Exported {rows} rows and {len(result.files)} files to {result.directory} "
        f"(SHA-256 of each in {result.directory / 'manifest.json'}).",
    )


@records_group.command("import")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_command(directory: str, as_json: bool) -> None:
    """Load an export made by `govsocial records export` into this (empty) instance."""
    database_ready()
    from govsocial.core.errors import ApplicationError
    from govsocial.records.exports import organisation_import

    try:
        result = organisation_import(directory=Path(directory))
    except ApplicationError as error:
        fail(error.message)
    except OSError as error:
        fail(f"cannot read {directory} ({error.strerror}). Check the export folder's path.")
    emit(
        {"counts": result.counts},
        as_json,
        f"Imported {sum(result.counts.values())} rows from {directory}. "
        "Copy the log's key folder too, or the log cannot sign new checkpoints.",
    )


@records_group.command("sar")
@click.option("--organisation", "slug", required=True, type=TEXT, help="The organisation's slug.")
@click.option("--person", required=True, type=TEXT, help="The person's handle or name.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="A new, empty folder.")
@click.option(
    "--as",
    "username",
    default="",
    type=TEXT,
    help="Your user name (a data protection officer); the export is recorded under it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def sar_command(slug: str, person: str, out: str, username: str, as_json: bool) -> None:
    """Find everything held about PERSON and write it as JSON and a readable HTML page."""
    database_ready()
    from govsocial.core.errors import ApplicationError
    from govsocial.records.subject_access import subject_access_export

    organisation = organisation_by_slug(slug)
    actor = user_by_username(username) if username else None
    try:
        result = subject_access_export(
            organisation=organisation, person=person, out=Path(out), actor=actor
        )
    except ApplicationError as error:
        fail(error.message)
    except OSError as error:
        fail(cannot_write(out, error))
    emit(
        {"directory": str(result.directory), "found": len(result.found)},
        as_json,
        f"Found {len(result.found)} records; wrote {result.directory / 'subject-access.html'} "
        "and subject-access.json.",
    )


@records_group.command("sign")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def sign_command(as_json: bool) -> None:
    """Hash new log leaves into tiles and sign checkpoints now (the worker does it every 10 s)."""
    database_ready()
    from govsocial.records.transparency_log import logs_integrate_and_sign

    outcomes = logs_integrate_and_sign()
    lines = [
        f"{o.origin}: {'signed' if o.signed else 'unchanged'} at size {o.size}"
        + (f"; REFUSED: {o.refused}" if o.refused else "")
        for o in outcomes
    ]
    emit(
        {"logs": [o.__dict__ for o in outcomes]},
        as_json,
        "\n".join(lines) or "No organisation has a public log yet.",
    )
    if any(o.refused for o in outcomes):
        raise SystemExit(1)


@records_group.command("erase")
@click.option("--organisation", "slug", required=True, type=TEXT, help="The organisation's slug.")
@click.option(
    "--entry",
    "index",
    required=True,
    type=WholeNumber(0, LARGEST_ID, "an entry number"),
    help="The public log entry number.",
)
@click.option(
    "--reason", required=True, type=TEXT, help="An erasure reason code (see docs/records.md)."
)
@click.option(
    "--as",
    "username",
    required=True,
    type=TEXT,
    help="Your user name: a records manager or the DPO.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def erase_command(slug: str, index: int, reason: str, username: str, as_json: bool) -> None:
    """Lawfully erase an entry's content and salt; a tombstone entry records when and why."""
    database_ready()
    from govsocial.accounts.models import User
    from govsocial.core.errors import ApplicationError
    from govsocial.records.erasure import record_erase
    from govsocial.records.log_selectors import log_entry_get, log_for_organisation

    organisation = organisation_by_slug(slug)
    actor = User.objects.filter(username=username, is_active=True).first()
    if actor is None:
        fail(f"no active user is called {username!r}. Check --as.")
    log = log_for_organisation(organisation=organisation)
    leaf = log_entry_get(log=log, index=index) if log is not None else None
    if leaf is None:
        fail(f"{slug} has no public log entry {index}. Check --entry against the published log.")
    try:
        tombstone = record_erase(leaf=leaf, reason_code=reason, actor=actor)
    except ApplicationError as error:
        fail(error.message)
    emit(
        {"erased": index, "tombstone": tombstone.index},
        as_json,
        f"Erased the content of entry {index}; entry {tombstone.index} records when and why.",
    )
