"""Restoring a backup made by records/backup.py: verify the whole file, then replace the instance.

Nothing changes until every part of the file matches the SHA-256 in its manifest. An instance
that already holds data is refused unless forced. The signer's memory of what each log last
signed is never rolled back (docs/records.md): an existing last-checkpoint file is kept.
"""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.db.migrations.loader import MigrationLoader

from govsocial.core.errors import ApplicationError
from govsocial.records.backup import (
    DATABASE,
    FORMAT,
    MANIFEST,
    backed_up_models,
    key_files,
    sha256_of,
    stored_media,
)
from govsocial.records.events import AuditAction
from govsocial.records.log_keys import STATE_FILE, key_dir
from govsocial.records.services import audit_record

if TYPE_CHECKING:
    from govsocial.accounts.models import User

# Tables `migrate` itself fills; rows there do not make a database "in use".
MIGRATE_FILLS = {"contenttypes.contenttype", "auth.permission"}


@dataclass(frozen=True)
class RestoreResult:
    counts: dict[str, int]
    media: int
    keys: int
    kept_signer_state: list[str]  # log ids whose newer last-checkpoint here was kept


def damaged(path: Path, why: str) -> ApplicationError:
    return ApplicationError(
        f"{path} is not a usable govsocial backup: {why}. Nothing was changed; "
        "use another copy of the backup."
    )


def safe_part_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts


def unpack_verified(archive: Path, into: Path) -> dict[str, Any]:
    """Unpacks the backup into `into`, checking every part against the manifest; the manifest."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            if MANIFEST not in names:
                raise damaged(archive, f"it has no {MANIFEST}")
            manifest = read_manifest(archive, tar)
            expected: dict[str, str] = manifest["parts"]
            for member in members:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not safe_part_name(member.name):
                    raise damaged(archive, f"it holds {member.name!r}, which is not a safe file")
                if member.name not in expected:
                    raise damaged(archive, f"{member.name} is not listed in its manifest")
                source = tar.extractfile(member)
                assert source is not None  # a regular file, checked above
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    shutil.copyfileobj(source, out)
                if sha256_of(target) != expected[member.name]:
                    raise damaged(archive, f"{member.name} does not match its SHA-256")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        if isinstance(error, FileNotFoundError):
            raise ApplicationError(f"{archive} does not exist; check the path.") from None
        raise damaged(archive, f"it cannot be read ({error})") from None
    missing = sorted(set(expected) - set(names))
    if missing:
        raise damaged(archive, f"{missing[0]} is listed in its manifest but missing")
    return manifest


def read_manifest(archive: Path, tar: tarfile.TarFile) -> dict[str, Any]:
    source = tar.extractfile(MANIFEST)
    try:
        manifest = json.loads(source.read()) if source is not None else None
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise damaged(archive, f"its manifest is not a {FORMAT} manifest")
    if not isinstance(manifest.get("parts"), dict) or DATABASE not in manifest["parts"]:
        raise damaged(archive, "its manifest lists no database")
    return manifest


def check_migrations_known(manifest: dict[str, Any]) -> None:
    """Refuses a backup from a newer govsocial, whose tables this version does not know."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    installed = {config.label for config in apps.get_app_configs()}
    for app_label, names in manifest.get("migrations", {}).items():
        unknown = [name for name in names if (app_label, name) not in known]
        if unknown and app_label in installed:
            raise ApplicationError(
                f"the backup was made by a newer govsocial ({manifest.get('govsocial_version')}; "
                f"{app_label} migration {unknown[0]} is unknown here). Upgrade govsocial, then "
                "restore."
            )


def rows_in_use() -> dict[str, int]:
    """Models holding rows that `migrate` did not put there: a database someone is using."""
    held = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label not in MIGRATE_FILLS and model._base_manager.exists():
            held[label] = model._base_manager.count()
    return held


def refuse_unless_empty(*, force: bool) -> None:
    if force:
        return
    held = rows_in_use()
    if held:
        sample = ", ".join(f"{n} {label}" for label, n in list(held.items())[:3])
        raise ApplicationError(
            f"this instance already holds data ({sample}, ...). Restore into an empty database "
            "and data folder, or add --force to replace everything here with the backup."
        )
    if key_files():
        raise ApplicationError(
            f"{key_dir()} already holds log signing keys. Restore into an empty data folder, "
            "or add --force to replace them with the backup's."
        )
    existing = next(stored_media(), None)
    if existing is not None:
        raise ApplicationError(
            f"the media storage already holds files (e.g. {existing}). Restore into an empty "
            "data folder, or add --force to replace them with the backup's."
        )


@transaction.atomic
def database_restore(*, database: Path, manifest: dict[str, Any], actor: User | None) -> None:
    """Replaces every row with the backup's, in one transaction, and records the restore."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(database), verbosity=0)
    audit_record(
        organisation=None,
        actor=actor,
        action=AuditAction.RECORDS_RESTORE,
        data={
            "backup_created_at": str(manifest.get("created_at", "")),
            "govsocial_version": str(manifest.get("govsocial_version", "")),
        },
    )


def files_restore(*, unpacked: Path) -> tuple[int, int, list[str]]:
    """Puts the backup's keys and media in place: (media files, key files, signer states kept)."""
    kept: list[str] = []
    keys = sorted(p for p in (unpacked / "keys").rglob("*") if p.is_file())
    for source in keys:
        relative = source.relative_to(unpacked / "keys")
        target = key_dir() / relative
        if source.name == STATE_FILE and target.exists():
            # Never roll back what the signer remembers signing: with the older memory, the log
            # could sign a forked tree. The signer refuses instead, and says so.
            if target.read_bytes() != source.read_bytes():
                kept.append(relative.parts[0])
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        target.chmod(0o600)
    media = sorted(p for p in (unpacked / "media").rglob("*") if p.is_file())
    for source in media:
        name = source.relative_to(unpacked / "media").as_posix()
        if default_storage.exists(name):
            default_storage.delete(name)
        with source.open("rb") as stream:
            saved = default_storage.save(name, File(stream))
        if saved != name:
            raise ApplicationError(f"media file {name} was stored as {saved}; check the storage.")
    return len(media), len(keys), kept


def instance_restore(
    *, archive: Path, force: bool = False, actor: User | None = None
) -> RestoreResult:
    """Restores a backup made by instance_backup() into this instance's database and data folder."""
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix="govsocial-restore-") as scratch:
        unpacked = Path(scratch)
        manifest = unpack_verified(archive, unpacked)
        check_migrations_known(manifest)
        call_command("migrate", interactive=False, verbosity=0)
        refuse_unless_empty(force=force)
        database_restore(database=unpacked / DATABASE, manifest=manifest, actor=actor)
        media, keys, kept = files_restore(unpacked=unpacked)
    return RestoreResult(
        counts=dict(manifest.get("counts", {})), media=media, keys=keys, kept_signer_state=kept
    )
