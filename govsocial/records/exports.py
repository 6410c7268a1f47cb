"""Organisation export and import, through a small registry (subject access: subject_access.py).

Apps say what belongs to an organisation, and where personal data sits, by label,
so this module imports no other app's code:

    register_exportable("inbox.Message", organisation_path="account__organisation")

An export is a folder: `data/<app>.<model>.json` (rows sorted by primary key),
`media/<file>` for every file field, `log/` (the checkpoint, tiles and public key
in the served layout, so `govsocial log verify DIR/log --key-file DIR/log/key`
works on it) and `manifest.json` with the SHA-256 of every file and the row counts.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from govsocial.core.errors import ApplicationError
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User

FORMAT = "govsocial-export/1"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Exportable:
    label: str  # app_label.ModelName
    organisation_path: str  # lookup from the model to its organisation; "" for Organisation
    blank_fields: tuple[str, ...] = ()  # never exported (e.g. password hashes)


_exportables: dict[str, Exportable] = {}


def register_exportable(
    label: str, *, organisation_path: str, blank_fields: tuple[str, ...] = ()
) -> None:
    """Include a model in organisation exports; registration order is the import order."""
    _exportables[label.lower()] = Exportable(
        label=label, organisation_path=organisation_path, blank_fields=blank_fields
    )


def unregister_exportable(label: str) -> None:
    _exportables.pop(label.lower(), None)


def exportables() -> list[Exportable]:
    """Registered models that exist in this installation, in registration order."""
    found = []
    for entry in _exportables.values():
        try:
            apps.get_model(entry.label)
        except LookupError:
            continue
        found.append(entry)
    return found


# Defaults: the foundation's models, the publishing models as they stand, and this app's.
# An app may re-register its own models to change the path.
for _label, _path in (
    ("accounts.Organisation", ""),
    ("accounts.User", "memberships__organisation"),
    ("accounts.Membership", "organisation"),
    ("channels.OfficialAccount", "organisation"),
    ("publishing.MediaAsset", "organisation"),
    ("publishing.Post", "organisation"),
    ("publishing.PostVersion", "post__organisation"),
    ("publishing.Approval", "post__organisation"),
    ("publishing.Override", "version__post__organisation"),
    ("publishing.Delivery", "post__organisation"),
    ("publishing.DeliveryAttempt", "delivery__post__organisation"),
    ("records.AuditRecord", "organisation"),
    ("records.TransparencyLog", "organisation"),
    ("records.LogLeaf", "log__organisation"),
    ("records.LeafContent", "leaf__log__organisation"),
    ("records.LogTile", "log__organisation"),
    ("records.LogCheckpoint", "log__organisation"),
    ("records.LogAlert", "log__organisation"),
    ("records.RetentionSchedule", "organisation"),
    ("records.LegalHold", "organisation"),
):
    register_exportable(
        _label,
        organisation_path=_path,
        blank_fields=("password",) if _label == "accounts.User" else (),
    )


def _queryset(entry: Exportable, organisation: Organisation) -> models.QuerySet[Any]:
    model = apps.get_model(entry.label)
    if not entry.organisation_path:
        return model.objects.filter(pk=organisation.pk)
    try:
        return model.objects.filter(**{entry.organisation_path: organisation}).distinct()
    except FieldError:
        raise ApplicationError(
            f"{entry.label} is registered for export with the path {entry.organisation_path!r}, "
            "which does not lead to an organisation; fix its register_exportable() call."
        ) from None


class JsonEncoder(json.JSONEncoder):
    """Like Django's encoder, but keeps microseconds, so a round trip changes nothing."""

    def default(self, o: object) -> object:
        if isinstance(o, (dt.datetime, dt.date, dt.time)):
            return o.isoformat()
        if isinstance(o, (decimal.Decimal, uuid.UUID)):
            return str(o)
        if isinstance(o, (bytes, memoryview)):
            import base64

            return base64.b64encode(bytes(o)).decode()
        return super().default(o)


def dump_json(value: object) -> bytes:
    return (
        json.dumps(value, cls=JsonEncoder, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    ).encode()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _serialise(entry: Exportable, rows: Iterable[models.Model]) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = serializers.serialize("python", rows)
    for item in objects:
        for name in entry.blank_fields:
            if name in item["fields"]:
                item["fields"][name] = "!"  # an unusable password: sign-in needs a reset
        for name, value in item["fields"].items():
            if isinstance(value, list) and all(isinstance(v, int) for v in value):
                item["fields"][name] = sorted(value)  # many-to-many ids, in a stable order
    return objects


def _referenced_users(objects: dict[str, list[dict[str, Any]]]) -> set[int]:
    """Users that exported rows point at (authors, actors) who may no longer be members."""
    user_label = settings.AUTH_USER_MODEL.lower()
    wanted: set[int] = set()
    for label, items in objects.items():
        model = apps.get_model(label)
        user_fields = [
            f.name
            for f in model._meta.get_fields()
            if getattr(f, "related_model", None) is not None
            and f.related_model._meta.label_lower == user_label
            and f.concrete
            and not f.many_to_many
        ]
        for item in items:
            for name in user_fields:
                if item["fields"].get(name) is not None:
                    wanted.add(int(item["fields"][name]))
    return wanted


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    counts: dict[str, int]
    files: dict[str, str]  # relative path -> sha256


def organisation_export(*, organisation: Organisation, out: Path) -> ExportResult:
    """Write everything the organisation holds to `out` (which must be empty or absent)."""
    from govsocial.records.log_selectors import log_export_directory, log_for_organisation

    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ApplicationError(f"{out} is not empty; choose a new folder for the export.")
    (out / "data").mkdir(parents=True, exist_ok=True)
    user_label = settings.AUTH_USER_MODEL.lower()
    objects: dict[str, list[dict[str, Any]]] = {}
    order: list[str] = []
    with transaction.atomic():  # one consistent snapshot
        for entry in exportables():
            label = apps.get_model(entry.label)._meta.label_lower
            order.append(label)
            if label == user_label:
                continue  # after the rest, to add the users they refer to
            objects[label] = _serialise(entry, _queryset(entry, organisation).order_by("pk"))
        user_entry = next(e for e in exportables() if e.label.lower() == user_label)
        user_model = apps.get_model(user_label)
        member_ids = set(_queryset(user_entry, organisation).values_list("pk", flat=True))
        users = user_model.objects.filter(pk__in=member_ids | _referenced_users(objects))
        objects[user_label] = _serialise(user_entry, users.order_by("pk"))
        log = log_for_organisation(organisation=organisation)
        if log is not None:
            log_export_directory(log=log, directory=out / "log")
    for label in order:
        (out / "data" / f"{label}.json").write_bytes(dump_json(objects[label]))
        _copy_media(label, objects[label], out)
    files = {
        str(path.relative_to(out)): _sha256(path)
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    counts = {label: len(objects[label]) for label in order}
    manifest = {
        "format": FORMAT,
        "organisation": organisation.slug,
        "exported_at": timezone.now().isoformat(),
        "models": order,
        "counts": counts,
        "files": files,
    }
    (out / MANIFEST).write_bytes(dump_json(manifest))
    return ExportResult(directory=out, counts=counts, files=files)


def _file_fields(label: str) -> list[str]:
    model = apps.get_model(label)
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _copy_media(label: str, items: list[dict[str, Any]], out: Path) -> None:
    for name in _file_fields(label):
        for item in items:
            stored = item["fields"].get(name)
            if not stored:
                continue
            target = out / "media" / stored
            if ".." in Path(stored).parts:
                raise ApplicationError(f"{label} {item['pk']} has an unsafe file name {stored!r}.")
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(stored, "rb") as source:
                target.write_bytes(source.read())


def _read_manifest(directory: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ApplicationError(
            f"{directory} has no {MANIFEST}; is it a govsocial export?"
        ) from None
    except (OSError, ValueError) as error:
        raise ApplicationError(f"{directory / MANIFEST} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ApplicationError(f"{directory} is not a {FORMAT} export.")
    return manifest


def export_check(*, directory: Path) -> dict[str, Any]:
    """The manifest, after checking every file against its SHA-256 (and no file is missing)."""
    manifest = _read_manifest(directory)
    for relative, expected in manifest["files"].items():
        path = directory / relative
        if ".." in Path(relative).parts or not path.is_file():
            raise ApplicationError(f"{relative} is listed in the manifest but missing.")
        if _sha256(path) != expected:
            raise ApplicationError(f"{relative} does not match its SHA-256 in the manifest.")
    return manifest


def organisation_import(*, directory: Path, actor: User | None = None) -> ExportResult:
    """Load an export into an instance that does not hold the organisation or any of its rows."""
    directory = Path(directory)
    manifest = export_check(directory=directory)
    loaded = {label: _rows_to_import(directory, label) for label in manifest["models"]}
    media = _media_to_import(loaded)
    touched = [apps.get_model(label) for label in loaded]
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            for items in loaded.values():
                for obj in serializers.deserialize("python", items):
                    obj.save()
        # Inside the transaction: on PostgreSQL the deferred foreign keys are checked here, and
        # a broken export rolls back whole.
        connection.check_constraints()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), touched):
                cursor.execute(statement)
        audit_record(
            organisation=apps.get_model("accounts", "Organisation").objects.get(
                slug=manifest["organisation"]
            ),
            actor=actor,
            action=AuditAction.ORGANISATION_IMPORT,
            data={
                "models": len(loaded),
                "rows": sum(len(items) for items in loaded.values()),
                "files": len(media),
            },
        )
        for stored in media:
            default_storage.save(stored, ContentFile((directory / "media" / stored).read_bytes()))
    counts = {label: len(items) for label, items in loaded.items()}
    return ExportResult(directory=directory, counts=counts, files=dict(manifest["files"]))


def _rows_to_import(directory: Path, label: str) -> list[dict[str, Any]]:
    """One model's exported rows, refused when this instance lacks the model or holds the ids."""
    try:
        model = apps.get_model(label)
    except LookupError:
        raise ApplicationError(
            f"the export holds {label}, which this installation does not have; "
            "upgrade govsocial before importing."
        ) from None
    items: list[dict[str, Any]] = json.loads(
        (directory / "data" / f"{label}.json").read_text(encoding="utf-8")
    )
    if model.objects.filter(pk__in=[item["pk"] for item in items]).exists():
        raise ApplicationError(
            f"this instance already holds {label} rows with the ids in the export; "
            "import into an empty instance."
        )
    return items


def _media_to_import(loaded: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every stored file the rows name, refused when one already exists here."""
    media = [
        stored
        for label, items in loaded.items()
        for name in _file_fields(label)
        for item in items
        if (stored := item["fields"].get(name))
    ]
    clashes = [stored for stored in media if default_storage.exists(stored)]
    if clashes:
        raise ApplicationError(
            f"media file {clashes[0]} already exists in this instance's storage."
        )
    return media
