"""C2SP tlog-cosignature (cosignature/v1) and a tlog-witness that uses it.

A cosignature line is `— name base64(keyID || uint64 timestamp || Ed25519 sig)`,
the key ID uses algorithm byte 0x04, and the signed message is
`cosignature/v1\\ntime <timestamp>\\n` followed by the whole checkpoint text.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from govsocial.transparency.checkpoint import Checkpoint, SignedCheckpoint, open_checkpoint
from govsocial.transparency.errors import (
    MalformedInputError,
    NoteError,
    ProofError,
    SignatureError,
    TransparencyError,
)
from govsocial.transparency.hashing import HASH_SIZE
from govsocial.transparency.note import (
    ALGORITHM_COSIGNATURE_V1,
    Note,
    NoteSigner,
    NoteVerifier,
    parse_note,
)
from govsocial.transparency.verify import verify_consistency

MAX_PROOF_LINES = 63


def cosigned_message(*, checkpoint_text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{checkpoint_text}".encode()


class CosignatureSigner(NoteSigner):
    """A witness key: Ed25519 with key-ID algorithm 0x04 and timestamped signatures."""

    algorithm = ALGORITHM_COSIGNATURE_V1

    def cosignature_line(self, *, checkpoint_text: str, timestamp: int) -> str:
        if not 0 <= timestamp < 2**63:
            raise MalformedInputError("a cosignature timestamp must be between 0 and 2^63 - 1")
        signature = self.signature_bytes(
            cosigned_message(checkpoint_text=checkpoint_text, timestamp=timestamp)
        )
        raw = self.key_id + timestamp.to_bytes(8, "big") + signature
        return f"— {self.name} {base64.b64encode(raw).decode()}"


def verify_cosignature(note: Note, *, verifier: NoteVerifier) -> int:
    """Check the cosignature by `verifier` on `note`; returns its timestamp."""
    if verifier.algorithm != ALGORITHM_COSIGNATURE_V1:
        raise NoteError(f"{verifier.name} is not a cosignature/v1 (0x04) key")
    for signature in note.signatures:
        if signature.name != verifier.name or signature.key_id != verifier.key_id:
            continue
        if len(signature.signature) != 8 + 64:
            raise SignatureError(f"cosignature by {verifier.name} has the wrong length")
        timestamp = int.from_bytes(signature.signature[:8], "big")
        message = cosigned_message(checkpoint_text=note.text, timestamp=timestamp)
        if not verifier.verify(message=message, signature=signature.signature[8:]):
            raise SignatureError(f"cosignature by {verifier.name} does not verify")
        return timestamp
    raise SignatureError(f"no cosignature by {verifier.name}+{verifier.key_id.hex()}")


@dataclass(frozen=True, slots=True)
class AddCheckpointRequest:
    """The body of a tlog-witness add-checkpoint request."""

    old_size: int
    proof: tuple[bytes, ...]
    checkpoint: bytes

    def to_bytes(self) -> bytes:
        lines = [f"old {self.old_size}"] + [base64.b64encode(h).decode() for h in self.proof]
        return ("\n".join(lines) + "\n\n").encode() + self.checkpoint


def parse_add_checkpoint_request(body: bytes) -> AddCheckpointRequest:
    head, separator, checkpoint = body.partition(b"\n\n")
    if not separator:
        raise MalformedInputError("add-checkpoint request has no blank line before the checkpoint")
    try:
        lines = head.decode("ascii").split("\n")
    except UnicodeDecodeError:
        raise MalformedInputError("add-checkpoint request header is not ASCII") from None
    old_line, *proof_lines = lines
    number = old_line.removeprefix("old ")
    if number == old_line or not number.isdigit() or (len(number) > 1 and number[0] == "0"):
        raise MalformedInputError("add-checkpoint request must start with 'old <size>'")
    if len(proof_lines) > MAX_PROOF_LINES:
        raise MalformedInputError(f"add-checkpoint request has over {MAX_PROOF_LINES} proof lines")
    proof = []
    for line in proof_lines:
        try:
            value = base64.b64decode(line.encode(), validate=True)
        except (binascii.Error, ValueError):
            raise MalformedInputError("a consistency proof line is not base64") from None
        if len(value) != HASH_SIZE:
            raise MalformedInputError("a consistency proof line is not a 32-byte hash")
        proof.append(value)
    return AddCheckpointRequest(old_size=int(number), proof=tuple(proof), checkpoint=checkpoint)


class WitnessRefusal(TransparencyError):
    """The witness will not cosign; `status` is the tlog-witness HTTP status code."""

    def __init__(self, message: str, *, status: int, latest_size: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.latest_size = latest_size


class Witness:
    """Keeps the latest checkpoint per log in a directory and cosigns consistent ones."""

    def __init__(
        self,
        *,
        state_dir: Path,
        cosigner: CosignatureSigner,
        logs: Sequence[NoteVerifier],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._state_dir = Path(state_dir)
        self._cosigner = cosigner
        self._logs = {verifier.name: verifier for verifier in logs}
        self._now = clock

    def _state_file(self, origin: str) -> Path:
        return self._state_dir / (sha256(origin.encode()).hexdigest() + ".json")

    def latest(self, origin: str) -> Checkpoint | None:
        try:
            saved = json.loads(self._state_file(origin).read_text())
        except FileNotFoundError:
            return None
        return Checkpoint(
            origin=saved["origin"], size=saved["size"], root_hash=base64.b64decode(saved["root"])
        )

    def _save(self, checkpoint: Checkpoint, note: bytes) -> None:
        self._state_dir.mkdir(parents=True, exist_ok=True)
        record = {
            "origin": checkpoint.origin,
            "size": checkpoint.size,
            "root": base64.b64encode(checkpoint.root_hash).decode(),
            "note": note.decode(),
        }
        target = self._state_file(checkpoint.origin)
        handle, temporary = tempfile.mkstemp(dir=self._state_dir, prefix=".tmp-")
        with os.fdopen(handle, "w") as stream:
            json.dump(record, stream)
        os.replace(temporary, target)

    def add_checkpoint(self, request: AddCheckpointRequest) -> str:
        """tlog-witness add-checkpoint: the cosignature line, or `WitnessRefusal`.

        Checking the old size and saving the new checkpoint happen under one
        file lock, so concurrent requests cannot roll the witness back.
        """
        self._state_dir.mkdir(parents=True, exist_ok=True)
        with open(self._state_dir / ".lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                return self._add_checkpoint(request)
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _add_checkpoint(self, request: AddCheckpointRequest) -> str:
        signed = self._open(request.checkpoint)
        checkpoint = signed.checkpoint
        if request.old_size > checkpoint.size:
            raise WitnessRefusal(
                f"old size {request.old_size} is larger than the checkpoint size {checkpoint.size}",
                status=400,
            )
        latest = self.latest(checkpoint.origin)
        latest_size = 0 if latest is None else latest.size
        if request.old_size != latest_size:
            raise WitnessRefusal(
                f"old size {request.old_size} does not match the latest size this witness "
                f"cosigned ({latest_size})",
                status=409,
                latest_size=latest_size,
            )
        if latest is not None and latest.size > 0:
            if latest.size == checkpoint.size and latest.root_hash != checkpoint.root_hash:
                raise WitnessRefusal(
                    f"a different root for size {checkpoint.size} was already cosigned", status=409
                )
            try:
                verify_consistency(
                    old_size=latest.size,
                    new_size=checkpoint.size,
                    old_root=latest.root_hash,
                    new_root=checkpoint.root_hash,
                    proof=request.proof,
                )
            except ProofError as error:
                message = f"consistency proof does not verify: {error}"
                raise WitnessRefusal(message, status=422) from None
        elif request.proof:
            raise WitnessRefusal("the consistency proof from size 0 must be empty", status=422)
        self._save(checkpoint, request.checkpoint)
        return self._cosigner.cosignature_line(
            checkpoint_text=signed.note.text, timestamp=int(self._now())
        )

    def _open(self, message: bytes) -> SignedCheckpoint:
        try:
            origin = parse_note(message).text.split("\n", 1)[0]
        except NoteError as error:
            raise WitnessRefusal(f"malformed checkpoint: {error}", status=400) from None
        verifier = self._logs.get(origin)
        if verifier is None:
            raise WitnessRefusal(f"unknown log {origin!r}", status=404)
        try:
            return open_checkpoint(message, verifier=verifier, origin=origin)
        except SignatureError as error:
            raise WitnessRefusal(str(error), status=403) from None
        except NoteError as error:
            raise WitnessRefusal(f"malformed checkpoint: {error}", status=400) from None
