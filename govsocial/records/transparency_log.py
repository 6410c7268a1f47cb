"""The Django side of the public transparency log: sequencer, tiles and signing (erasure.py erases).

Each public audit record (an action records/events/ marks public) becomes one
leaf in the same transaction as the change it records (`leaf_from_audit_record`,
called by `audit_record`). A periodic job (`logs_integrate_and_sign`) hashes new leaves into C2SP
tiles and signs a checkpoint through the engine's `CheckpointSigner`, which
refuses a smaller or forked tree; a refusal becomes a `LogAlert` and an error
line in the log. The pure engine is `govsocial.transparency`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from govsocial.core.errors import ApplicationError
from govsocial.records.events import AuditAction, event_spec
from govsocial.records.log_keys import (
    MissingSigningKey,
    checkpoint_signer,
    load_or_create_signer,
    origin_host,
)
from govsocial.records.models import (
    AuditRecord,
    LeafContent,
    LogAlert,
    LogCheckpoint,
    LogLeaf,
    LogTile,
    TransparencyLog,
)
from govsocial.transparency import (
    CHECKPOINT_PATH,
    Checkpoint,
    CheckpointForkError,
    CheckpointRegressionError,
    ContentCommitment,
    LogEntry,
    SigningRefusedError,
    TiledLog,
    TileHashReader,
    Tombstone,
    TransparencyError,
    consistency_proof,
    format_time,
    integrate,
)

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation

logger = logging.getLogger("govsocial.records.transparency")

# --- The sequencer: one leaf per public audit record, in the same transaction -----------------


def _locked_log(organisation: Organisation) -> TransparencyLog:
    """The organisation's log row, locked until the transaction ends (the sequencer's lock).

    On PostgreSQL the row lock queues concurrent writers, so indices are given in
    order without gaps; on SQLite the IMMEDIATE transaction already serialises them.
    """
    log = TransparencyLog.objects.select_for_update().filter(organisation=organisation).first()
    if log is not None:
        return log
    import secrets

    try:
        with transaction.atomic():
            TransparencyLog.objects.create(
                organisation=organisation,
                log_id=secrets.token_hex(16),
                origin=f"{origin_host()}/govsocial/{organisation.slug}",
            )
    except IntegrityError:
        pass  # another writer created it first
    return TransparencyLog.objects.select_for_update().get(organisation=organisation)


def _account_handle(*, organisation: Organisation, account_id: object) -> tuple[str, str]:
    """The official account's public handle and network, looked up within the organisation."""
    text = "" if account_id is None else str(account_id)
    if not text.isdigit():
        return text, ""
    model = apps.get_model("channels", "OfficialAccount")
    account = model.objects.filter(organisation=organisation, pk=int(text)).first()
    if account is None:
        return text, ""
    return account.handle, account.network


def _text_or_none(value: object) -> str | None:
    return None if value in (None, "") else str(value)


@dataclass(frozen=True)
class LeafFields:
    """What one leaf says, before it has an index: the parts every leaf kind shares."""

    time: str
    organisation: str
    account: str
    network: str
    actor_role: str


def leaf_from_audit_record(record: AuditRecord) -> LogLeaf | None:
    """Writes the leaf of a public audit record (records/events/); ignores the rest."""
    action = AuditAction(record.action)
    leaf_action = event_spec(action).leaf_action
    if leaf_action is None or record.organisation is None:
        return None
    organisation = record.organisation
    data = record.data or {}
    handle, account_network = _account_handle(
        organisation=organisation, account_id=data.get("account_id")
    )
    fields = LeafFields(
        time=format_time(record.created_at.replace(microsecond=0)),
        organisation=organisation.slug,
        account=handle,
        network=str(data.get("network") or account_network),
        # audit_record names the role on every record of an organisation.
        actor_role=record.actor_role,
    )
    content = data.get("content")
    log = _locked_log(organisation)
    index = log.size
    try:
        commitment = (
            ContentCommitment.create(content=content)
            if leaf_action != "tombstone" and isinstance(content, dict) and content
            else None
        )
        leaf_bytes = _leaf_bytes(index, action, leaf_action, fields, data, commitment)
    except TransparencyError as error:
        raise ApplicationError(
            f"The public record of {record.action} could not be written: {error}"
        ) from None
    leaf = LogLeaf.objects.create(
        log=log,
        index=index,
        data=leaf_bytes,
        action=leaf_action,
        audit_action=record.action,
        audit_record=record,
        account=handle,
        remote_url=str(data.get("remote_url") or "")[:500],
        erased_index=data.get("erased_index") if leaf_action == "tombstone" else None,
        created_at=record.created_at,
    )
    if commitment is not None:
        LeafContent.objects.create(leaf=leaf, content=content, salt=commitment.salt)
    log.size = index + 1
    log.save(update_fields=["size"])
    return leaf


def _leaf_bytes(
    index: int,
    action: AuditAction,
    leaf_action: str,
    fields: LeafFields,
    data: dict[str, object],
    commitment: ContentCommitment | None,
) -> bytes:
    """The canonical bytes of the leaf: a tombstone for an erasure, an entry for the rest."""
    if leaf_action == "tombstone":
        erased_index = data.get("erased_index")
        if not isinstance(erased_index, int):
            raise ApplicationError("record.erase needs the erased leaf's index as erased_index")
        return Tombstone(
            index=index,
            time=fields.time,
            organisation=fields.organisation,
            erased_index=erased_index,
            actor_role=fields.actor_role,
            reason_code=str(data.get("reason_code") or ""),
        ).to_bytes()
    return LogEntry(
        index=index,
        time=fields.time,
        organisation=fields.organisation,
        account=fields.account,
        network=fields.network,
        remote_id=_text_or_none(data.get("remote_id")),
        action=leaf_action,
        actor_role=fields.actor_role,
        reason_code=_text_or_none(data.get("reason_code"))
        or ("break_glass" if action == AuditAction.POST_BREAK_GLASS else None),
        content_commitment=commitment.commitment if commitment else None,
    ).to_bytes()


# --- Tiles in the database ----------------------------------------------------------------------


class DbTileStore:
    """A `TileStore` over the LogTile table, keyed by the tile's path."""

    def __init__(self, log: TransparencyLog) -> None:
        self.log = log

    def read_tile(self, path: str) -> bytes | None:
        row = LogTile.objects.filter(log=self.log, path=path).values_list("data", flat=True).first()
        return None if row is None else bytes(row)

    def write_tile(self, path: str, data: bytes) -> None:
        LogTile.objects.update_or_create(log=self.log, path=path, defaults={"data": data})


# --- The periodic job: integrate new leaves and sign a checkpoint ------------------------------


@dataclass(frozen=True)
class SignOutcome:
    origin: str
    size: int
    signed: bool
    refused: str = ""


class _Refused(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _raise_alert(log: TransparencyLog, *, kind: str, message: str) -> None:
    now = timezone.now()
    alert = LogAlert.objects.filter(
        log=log, kind=kind, message=message, resolved_at__isnull=True
    ).first()
    if alert is None:
        LogAlert.objects.create(
            log=log, kind=kind, message=message, first_seen_at=now, last_seen_at=now
        )
    else:
        alert.times += 1
        alert.last_seen_at = now
        alert.save(update_fields=["times", "last_seen_at"])
    logger.error("transparency.signing_refused origin=%s kind=%s %s", log.origin, kind, message)


def log_integrate_and_sign(*, log: TransparencyLog) -> SignOutcome:
    """Hash the log's new leaves into tiles and sign a checkpoint covering every leaf.

    Never signs a tree that is smaller than, or does not extend, the last one it
    signed (that memory lives in a file beside the key, not in the database). A
    refusal rolls back the tiles it would have written and raises a LogAlert.
    """
    try:
        with transaction.atomic():
            return _integrate_and_sign(log.pk)
    except _Refused as refusal:
        _raise_alert(log, kind=refusal.kind, message=refusal.message)
        return SignOutcome(origin=log.origin, size=log.size, signed=False, refused=refusal.message)


def _integrate_and_sign(log_pk: int) -> SignOutcome:
    log = TransparencyLog.objects.select_for_update().get(pk=log_pk)
    store = DbTileStore(log)
    rows = list(
        LogLeaf.objects.filter(log=log, index__gte=log.integrated_size, index__lt=log.size)
        .order_by("index")
        .values_list("index", "data")
    )
    if [index for index, _ in rows] != list(range(log.integrated_size, log.size)):
        raise _Refused("gap", f"leaves {log.integrated_size}-{log.size - 1} are not all stored")
    try:
        if rows:
            result = integrate(
                store=store, old_size=log.integrated_size, entries=[bytes(d) for _, d in rows]
            )
            size, root = result.new_size, result.root
        else:
            size = log.integrated_size
            root = TiledLog.load(store, size=size).root()
    except TransparencyError as error:
        raise _Refused("tiles", f"the stored tiles cannot be read: {error}") from None
    if size == 0:
        return SignOutcome(origin=log.origin, size=0, signed=False)
    try:
        signer = load_or_create_signer(log_id=log.log_id, origin=log.origin, vkey=log.vkey)
    except (MissingSigningKey, TransparencyError, OSError) as error:
        raise _Refused("missing_key", str(error)) from None
    guard = checkpoint_signer(signer=signer, log_id=log.log_id)
    last = guard.last_signed()
    published = store.read_tile(CHECKPOINT_PATH)
    if last is not None and last.size == size and last.root_hash == root and published:
        _save_sizes(log, size=size, vkey=signer.verifier.vkey)
        return SignOutcome(origin=log.origin, size=size, signed=False)
    proof: list[bytes] = []
    if last is not None and 0 < last.size < size:
        proof = consistency_proof(
            TileHashReader(store, size=size), old_size=last.size, new_size=size
        )
    try:
        note = guard.sign(
            Checkpoint(origin=guard.origin, size=size, root_hash=root), consistency_proof=proof
        )
    except CheckpointRegressionError as error:
        raise _Refused("regression", str(error)) from None
    except CheckpointForkError as error:
        raise _Refused("fork", str(error)) from None
    except SigningRefusedError as error:
        raise _Refused("refused", str(error)) from None
    store.write_tile(CHECKPOINT_PATH, note)
    LogCheckpoint.objects.create(
        log=log, size=size, root_hash=root, note=note, signed_at=timezone.now()
    )
    _save_sizes(log, size=size, vkey=signer.verifier.vkey)
    LogAlert.objects.filter(log=log, resolved_at__isnull=True).update(resolved_at=timezone.now())
    logger.info("transparency.checkpoint_signed origin=%s size=%s", log.origin, size)
    return SignOutcome(origin=log.origin, size=size, signed=True)


def _save_sizes(log: TransparencyLog, *, size: int, vkey: str) -> None:
    log.integrated_size = size
    log.vkey = vkey
    log.save(update_fields=["integrated_size", "vkey"])


def logs_integrate_and_sign() -> list[SignOutcome]:
    """The periodic job: every log, each in its own transaction; one failure stops no other."""
    outcomes = []
    for log in TransparencyLog.objects.order_by("pk"):
        try:
            outcomes.append(log_integrate_and_sign(log=log))
        except Exception:
            logger.exception("transparency.integrate_failed origin=%s", log.origin)
    return outcomes
