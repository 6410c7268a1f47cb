"""`govsocial records`: organisation export and import, subject-access exports, the public log,
and whole-instance backup and restore."""

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
    """Export, import, subject-access exports, backup and restore; sign the public log now."""


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


@records_group.command("backup")
@click.argument("target", type=click.Path(dir_okay=True, file_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def backup_command(target: str, as_json: bool) -> None:
    """Back up the whole instance to TARGET (a new .tar.gz file, or a folder to put one in): every
    database row as portable JSON, the public logs' signing keys and the media, with a manifest
    of counts and SHA-256s. The file holds keys and personal data: keep it as safe as they are."""
    database_ready()
    from govsocial.core.errors import ApplicationError
    from govsocial.records.backup import instance_backup

    try:
        result = instance_backup(target=Path(target))
    except ApplicationError as error:
        fail(error.message)
    except OSError as error:
        fail(f"cannot write the backup to {target} ({error.strerror}). Check the folder.")
    emit(
        {
            "file": str(result.path),
            "sha256": result.sha256,
            "counts": result.counts,
            "media": result.media,
            "keys": result.keys,
        },
        as_json,
        f"Backed up {sum(result.counts.values())} rows, {result.media} media files and "
        f"{result.keys} log key files to {result.path} (SHA-256 {result.sha256}).",
    )


@records_group.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option(
    "--force",
    is_flag=True,
    help="Replace everything this instance holds (rows, log keys, media) with the backup.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def restore_command(archive: str, force: bool, as_json: bool) -> None:
    """Restore a backup made by `govsocial records backup` into this instance, which must be
    empty unless --force is given. Stop the web server and the worker first. The whole file is
    checked against its manifest before anything changes."""
    database_ready()
    from govsocial.core.errors import ApplicationError
    from govsocial.records.restore import instance_restore

    try:
        result = instance_restore(archive=Path(archive), force=force)
    except ApplicationError as error:
        fail(error.message)
    except OSError as error:
        fail(f"cannot put the backup's files in place ({error}). Check the data folder.")
    kept = (
        f" This instance's own record of what {len(result.kept_signer_state)} log(s) last signed "
        "was kept, not rolled back: if `govsocial records sign` refuses, see docs/records.md."
        if result.kept_signer_state
        else ""
    )
    emit(
        {
            "counts": result.counts,
            "media": result.media,
            "keys": result.keys,
            "kept_signer_state": result.kept_signer_state,
        },
        as_json,
        f"Restored {sum(result.counts.values())} rows, {result.media} media files and "
        f"{result.keys} log key files from {archive}. Everyone signs in again.{kept}",
    )
