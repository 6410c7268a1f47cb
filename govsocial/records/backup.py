"""Whole-instance backup: the database, the log signing keys and the media, in one file.

A backup is a gzipped tar file:

    manifest.json        format, govsocial version, when, the database it came from, the
                         migrations it was at, row counts per model and the SHA-256 of every part
    database.json        every row as Django's portable JSON (the `dumpdata` format, with times to
                         the microsecond), so a backup made on SQLite restores on PostgreSQL and
                         back
    keys/<log id>/...    each transparency log's signing key and the signer's last checkpoint
    media/...            every uploaded file

The rows are read in one transaction (REPEATABLE READ on PostgreSQL), so they are one consistent
moment. Sessions are left out: after a restore everyone signs in again. Content types and
permissions are rebuilt by `migrate` and referred to by name, not id.

Restoring one is records/restore.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from govsocial import __version__
from govsocial.core.errors import ApplicationError
from govsocial.records.events import AuditAction
from govsocial.records.log_keys import key_dir
from govsocial.records.services import audit_record

FORMAT = "govsocial-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
# Rebuilt by `migrate` (content types, permissions) or deliberately not kept (sessions: everyone
# signs in again after a restore, so no session outlives the data it was opened on).
LEFT_OUT = ("contenttypes", "auth.permission", "sessions", "accounts.usersession")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    counts: dict[str, int]
    media: int
    keys: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_file_name() -> str:
    return f"govsocial-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"


def backed_up_models() -> list[Any]:
    """Every model whose rows a backup carries."""
    left_out_apps = {label for label in LEFT_OUT if "." not in label}
    left_out_models = {label for label in LEFT_OUT if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in left_out_apps
        and model._meta.label_lower not in left_out_models
        and model._meta.managed
        and not model._meta.proxy
    ]


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def stored_media(folder: str = "") -> Iterator[str]:
    """Every file name in the media storage, walking its folders."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from stored_media(f"{folder}/{name}" if folder else name)


def key_files() -> list[Path]:
    """The signing keys and last checkpoints (not the lock files the signer takes while signing)."""
    folder = key_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".lock")


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a restore must give back exactly what was."""

    def default(self, o: object) -> object:
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def dump_database(*, into: Path) -> dict[str, int]:
    """Every backed-up row into `into` as portable JSON; the counts of the same snapshot."""
    wanted = set(backed_up_models())
    ordered = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    counts: dict[str, int] = {}

    def rows() -> Iterator[Any]:
        for model in ordered:
            if model not in wanted:
                continue
            label = model._meta.label_lower
            # Prefetched, or the serializer asks for each row's many-to-many ids one by one.
            many = [field.name for field in model._meta.many_to_many]
            queryset = model._base_manager.order_by(model._meta.pk.name).prefetch_related(*many)
            for row in queryset.iterator(chunk_size=2000):
                counts[label] = counts.get(label, 0) + 1
                yield row

    # Only an outermost transaction can choose its isolation (inside another, e.g. a test's,
    # the snapshot is whatever that transaction already has).
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        audit_record(organisation=None, actor=None, action=AuditAction.RECORDS_BACKUP)
        with into.open("w", encoding="utf-8") as stream:
            serializers.serialize(
                "json", rows(), stream=stream, use_natural_foreign_keys=True, cls=ExactJSONEncoder
            )
    return dict(sorted(counts.items()))


def instance_backup(*, target: Path) -> BackupResult:
    """Write a backup of the whole instance to `target`: a new file, or a file inside a folder."""
    target = Path(target)
    if target.is_dir():
        target = target / backup_file_name()
    if target.exists():
        raise ApplicationError(f"{target} already exists; give a new file name or a folder.")
    if not target.parent.is_dir():
        raise ApplicationError(f"{target.parent} is not a folder; create it first.")
    with tempfile.TemporaryDirectory(prefix="govsocial-backup-") as scratch:
        database = Path(scratch) / DATABASE
        counts = dump_database(into=database)
        parts: dict[str, str] = {DATABASE: sha256_of(database)}
        media = list(stored_media())
        keys = key_files()
        partial = target.with_name(target.name + ".partial")
        # The file holds the log signing keys and personal data: readable by its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(database, arcname=DATABASE)
                for path in keys:
                    name = f"keys/{path.relative_to(key_dir()).as_posix()}"
                    parts[name] = sha256_of(path)
                    tar.add(path, arcname=name)
                for stored in media:
                    parts[f"media/{stored}"] = add_stored_file(tar, stored)
                manifest = {
                    "format": FORMAT,
                    "govsocial_version": __version__,
                    "created_at": timezone.now().isoformat(),
                    "database": connection.vendor,
                    "migrations": applied_migrations(),
                    "counts": counts,
                    "parts": parts,
                }
                add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(
        path=target, counts=counts, media=len(media), keys=len(keys), sha256=sha256_of(target)
    )


def add_stored_file(tar: tarfile.TarFile, stored: str) -> str:
    """Adds one media file under media/ and returns its SHA-256."""
    digest = hashlib.sha256()
    with default_storage.open(stored, "rb") as source:
        data = source.read()
    digest.update(data)
    add_bytes(tar, f"media/{stored}", data)
    return digest.hexdigest()


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
