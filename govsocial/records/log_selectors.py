"""Reads of the public transparency log: entries, proofs, status and a served-layout copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from govsocial.records.events import audit_action_named, event_spec
from govsocial.records.models import (
    LeafContent,
    LogAlert,
    LogCheckpoint,
    LogLeaf,
    LogTile,
    TransparencyLog,
)
from govsocial.records.transparency_log import DbTileStore
from govsocial.transparency import (
    CHECKPOINT_PATH,
    DirectoryTileStore,
    TileHashReader,
    TransparencyError,
    inclusion_proof,
    leaf_hash,
    verify_inclusion,
)

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation

VKEY_PATH = "key"


def log_for_organisation(*, organisation: Organisation) -> TransparencyLog | None:
    return TransparencyLog.objects.filter(organisation=organisation).first()


def log_entries(*, log: TransparencyLog) -> QuerySet[LogLeaf]:
    """Every leaf, newest first."""
    return LogLeaf.objects.filter(log=log).order_by("-index")


def log_entry_get(*, log: TransparencyLog, index: int) -> LogLeaf | None:
    return LogLeaf.objects.filter(log=log, index=index).first()


def leaf_content(*, leaf: LogLeaf) -> LeafContent | None:
    return LeafContent.objects.filter(leaf=leaf).first()


def leaf_tombstone(*, leaf: LogLeaf) -> LogLeaf | None:
    """The tombstone that erased this leaf's content, if any."""
    return LogLeaf.objects.filter(log=leaf.log_id, erased_index=leaf.index).first()


def latest_checkpoint(*, log: TransparencyLog) -> LogCheckpoint | None:
    return LogCheckpoint.objects.filter(log=log).order_by("-size", "-id").first()


@dataclass(frozen=True)
class InclusionProof:
    index: int
    size: int
    checkpoint: bytes
    hashes: list[bytes]
    verified: bool  # the stored leaf bytes lead to the signed root through these hashes


def leaf_inclusion_proof(*, leaf: LogLeaf) -> InclusionProof | None:
    """The leaf's proof against the latest signed checkpoint; None until one covers it."""
    checkpoint = latest_checkpoint(log=leaf.log)
    if checkpoint is None or checkpoint.size <= leaf.index:
        return None
    try:
        hashes = inclusion_proof(
            TileHashReader(DbTileStore(leaf.log), size=checkpoint.size),
            index=leaf.index,
            size=checkpoint.size,
        )
    except TransparencyError:
        return None
    try:
        verify_inclusion(
            leaf_hash=leaf_hash(bytes(leaf.data)),
            index=leaf.index,
            size=checkpoint.size,
            proof=hashes,
            root=bytes(checkpoint.root_hash),
        )
        verified = True
    except TransparencyError:
        verified = False
    return InclusionProof(
        index=leaf.index,
        size=checkpoint.size,
        checkpoint=bytes(checkpoint.note),
        hashes=hashes,
        verified=verified,
    )


def log_file(*, log: TransparencyLog, path: str) -> bytes | None:
    """A served file: `checkpoint`, `key` (the public vkey) or a tile path."""
    if path == VKEY_PATH:
        return (log.vkey + "\n").encode() if log.vkey else None
    return DbTileStore(log).read_tile(path)


@dataclass(frozen=True)
class LogStatus:
    """What the dashboard shows: how far signing is behind, and any refusal."""

    origin: str
    size: int
    signed_size: int
    last_signed_at: datetime | None
    open_alerts: list[LogAlert]

    @property
    def healthy(self) -> bool:
        return not self.open_alerts


def log_status(*, organisation: Organisation) -> LogStatus | None:
    log = log_for_organisation(organisation=organisation)
    if log is None:
        return None
    checkpoint = latest_checkpoint(log=log)
    return LogStatus(
        origin=log.origin,
        size=log.size,
        signed_size=checkpoint.size if checkpoint else 0,
        last_signed_at=checkpoint.signed_at if checkpoint else None,
        open_alerts=list(LogAlert.objects.filter(log=log, resolved_at__isnull=True)),
    )


def log_alerts_open() -> QuerySet[LogAlert]:
    """Every unresolved refusal to sign, across organisations (for IT and monitoring)."""
    return LogAlert.objects.filter(resolved_at__isnull=True).select_related("log")


def log_export_directory(*, log: TransparencyLog, directory: Path) -> list[str]:
    """Write the checkpoint, every tile and the vkey in the served layout.

    `govsocial log verify DIRECTORY --key-file DIRECTORY/key` then checks it offline.
    """
    store = DirectoryTileStore(directory)
    written = []
    for path, data in LogTile.objects.filter(log=log).order_by("path").values_list("path", "data"):
        store.write_tile(path, bytes(data))
        written.append(path)
    if log.vkey:
        store.write_tile(VKEY_PATH, (log.vkey + "\n").encode())
        written.append(VKEY_PATH)
    return sorted(written)


__all__ = ["CHECKPOINT_PATH"]


# --- What a citizen reads -----------------------------------------------------------------------

#: Leaf actions whose content is already public on the network: only their content is shown.
#: A scheduled or approved post may be under embargo until it is published, and moderated
#: content is a citizen's message: for those the page shows the commitment only; the content
#: is kept beside the log and can be disclosed on request.
CONTENT_SHOWN_FOR = frozenset({"publish", "edit", "delete"})


@dataclass(frozen=True)
class PublicEntry:
    """One log entry as the public pages show it. Never the content of an erased entry."""

    index: int
    time: str
    label: str
    action: str
    account: str
    network: str
    remote_id: str | None
    remote_url: str
    reason_code: str | None
    reason: str
    actor_role: str
    leaf_json: str
    content: dict[str, object] | None
    content_json: str
    salt_hex: str
    erased_at: str
    erased_reason: str
    erased_index: int | None
    content_withheld: bool  # there is content, but it is not published (embargo, moderation)

    @property
    def is_tombstone(self) -> bool:
        return self.action == "tombstone"


def public_label(leaf: LogLeaf) -> str:
    """The words the public log shows for an entry: its audit action's, or its leaf action's."""
    action = audit_action_named(leaf.audit_action)
    if action is not None and event_spec(action).public_label:
        return event_spec(action).public_label
    return leaf.action.replace("_", " ").capitalize()


def _public_entry(
    leaf: LogLeaf, *, content: LeafContent | None, tombstone: LogLeaf | None
) -> PublicEntry:
    import json

    from govsocial.records.erasure import ERASURE_REASONS
    from govsocial.transparency import canonical_json

    raw = bytes(leaf.data)
    fields = json.loads(raw)
    reason_code = fields.get("reason_code")
    erased = tombstone is not None
    shown = (
        content.content
        if content is not None and not erased and leaf.action in CONTENT_SHOWN_FOR
        else None
    )
    erased_fields = json.loads(bytes(tombstone.data)) if tombstone is not None else {}
    return PublicEntry(
        index=leaf.index,
        time=fields.get("time", ""),
        label=public_label(leaf),
        action=leaf.action,
        account=fields.get("account", ""),
        network=fields.get("network", ""),
        remote_id=fields.get("remote_id"),
        remote_url=leaf.remote_url,
        reason_code=reason_code,
        reason=ERASURE_REASONS.get(reason_code or "", reason_code or ""),
        actor_role=fields.get("actor_role", "").replace("_", " "),
        leaf_json=raw.decode(),
        content=shown,
        content_json=canonical_json(shown).decode() if shown is not None else "",
        salt_hex=bytes(content.salt).hex() if shown is not None and content is not None else "",
        erased_at=erased_fields.get("time", ""),
        erased_reason=ERASURE_REASONS.get(
            erased_fields.get("reason_code", ""), erased_fields.get("reason_code", "")
        ),
        erased_index=fields.get("erased_index"),
        content_withheld=content is not None and not erased and shown is None,
    )


def public_entries(*, log: TransparencyLog, leaves: list[LogLeaf]) -> list[PublicEntry]:
    """Public views of `leaves`, with their content and erasures read in two queries."""
    indices = [leaf.index for leaf in leaves]
    contents = {c.leaf_id: c for c in LeafContent.objects.filter(leaf__in=leaves)}
    tombstones = {
        t.erased_index: t for t in LogLeaf.objects.filter(log=log, erased_index__in=indices)
    }
    return [
        _public_entry(leaf, content=contents.get(leaf.pk), tombstone=tombstones.get(leaf.index))
        for leaf in leaves
    ]
