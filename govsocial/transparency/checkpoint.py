"""C2SP tlog-checkpoint: the signed statement of a log's size and root hash.

The note text is the origin line, the tree size in decimal, the base64 root
hash, then optional extension lines, each ending in a newline.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from govsocial.transparency.errors import NoteError, SignatureError
from govsocial.transparency.hashing import HASH_SIZE
from govsocial.transparency.note import (
    Note,
    NoteSigner,
    NoteVerifier,
    open_note,
    sign_note,
    validate_note_text,
)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A log's origin, tree size and root hash (and any extension lines)."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or any(c.isspace() and c != " " for c in self.origin):
            raise NoteError("checkpoint origin must be a non-empty single line")
        if self.size < 0:
            raise NoteError("checkpoint tree size must not be negative")
        if len(self.root_hash) != HASH_SIZE:
            raise NoteError(f"checkpoint root hash must be {HASH_SIZE} bytes")
        for line in self.extensions:
            if not line or "\n" in line:
                raise NoteError("checkpoint extension lines must be non-empty single lines")

    def to_text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "".join(line + "\n" for line in [*lines, *self.extensions])

    def sign(self, *, signers: list[NoteSigner]) -> bytes:
        return sign_note(self.to_text(), signers=signers)


def parse_checkpoint_text(text: str) -> Checkpoint:
    """Parse the note text of a checkpoint; raises `NoteError` saying what is wrong."""
    validate_note_text(text)
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise NoteError("checkpoint must have an origin, a tree size and a root hash line")
    origin, size_text, root_text, *extensions = lines
    if (
        not size_text.isascii()
        or not size_text.isdigit()
        or (len(size_text) > 1 and size_text[0] == "0")
    ):
        raise NoteError(f"checkpoint tree size {size_text!r} is not a plain decimal number")
    try:
        root_hash = base64.b64decode(root_text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise NoteError("checkpoint root hash line is not valid base64") from None
    if len(root_hash) != HASH_SIZE:
        raise NoteError(f"checkpoint root hash is {len(root_hash)} bytes, not {HASH_SIZE}")
    return Checkpoint(
        origin=origin, size=int(size_text), root_hash=root_hash, extensions=tuple(extensions)
    )


@dataclass(frozen=True, slots=True)
class SignedCheckpoint:
    """A checkpoint together with the signed note it was read from."""

    checkpoint: Checkpoint
    note: Note
    raw: bytes


def open_checkpoint(
    message: bytes, *, verifier: NoteVerifier, origin: str | None = None
) -> SignedCheckpoint:
    """Verify a signed checkpoint note against `verifier` and parse it.

    The origin must equal `origin` when given, else the key name (the C2SP
    convention is that a log's key is named after its origin).
    """
    note = open_note(message, verifier=verifier)
    checkpoint = parse_checkpoint_text(note.text)
    expected_origin = verifier.name if origin is None else origin
    if checkpoint.origin != expected_origin:
        raise SignatureError(
            f"checkpoint origin {checkpoint.origin!r} is not the expected {expected_origin!r}"
        )
    return SignedCheckpoint(checkpoint=checkpoint, note=note, raw=message)
