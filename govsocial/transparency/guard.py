"""The log's promise never to sign two inconsistent checkpoints.

`CheckpointSigner` remembers the last checkpoint it signed (in a
`SignedCheckpointState` kept *outside* the database, so that restoring an older
database copy does not also roll back this memory) and refuses to sign a
checkpoint that is smaller than it, or that does not extend it.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from govsocial.transparency.checkpoint import Checkpoint, parse_checkpoint_text
from govsocial.transparency.errors import (
    CheckpointForkError,
    CheckpointRegressionError,
    ProofError,
)
from govsocial.transparency.note import NoteSigner, parse_note
from govsocial.transparency.verify import verify_consistency


class SignedCheckpointState(Protocol):
    """Where the signer keeps the last checkpoint note it signed.

    `locked()` is held from `load` to `save`, so two signers can never both
    check against the same old checkpoint (a file lock, or a row lock taken
    with select_for_update in a database implementation).
    """

    def locked(self) -> AbstractContextManager[object]: ...

    def load(self) -> bytes | None: ...

    def save(self, note: bytes) -> None: ...


class MemoryCheckpointState:
    def __init__(self, note: bytes | None = None) -> None:
        self.note = note
        self._lock = threading.Lock()

    def locked(self) -> AbstractContextManager[object]:
        return self._lock

    def load(self) -> bytes | None:
        return self.note

    def save(self, note: bytes) -> None:
        self.note = note


class FileCheckpointState:
    """The last signed checkpoint in a file, replaced atomically on each signature."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def load(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def save(self, note: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(note)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class CheckpointSigner:
    """Signs checkpoints, but only ones consistent with the last one it signed."""

    def __init__(self, *, signer: NoteSigner, state: SignedCheckpointState) -> None:
        self._signer = signer
        self._state = state

    @property
    def origin(self) -> str:
        return self._signer.name

    def last_signed(self) -> Checkpoint | None:
        note = self._state.load()
        return None if note is None else parse_checkpoint_text(parse_note(note).text)

    def sign(self, checkpoint: Checkpoint, *, consistency_proof: Sequence[bytes]) -> bytes:
        """Sign `checkpoint` after checking it extends the last signed checkpoint.

        `consistency_proof` goes from the last signed size to `checkpoint.size`
        (ignored for the very first checkpoint, and empty when the size is
        unchanged). Raises `CheckpointRegressionError` for a smaller tree and
        `CheckpointForkError` for a tree that does not contain the last one.
        """
        if checkpoint.origin != self.origin:
            raise CheckpointForkError(
                f"checkpoint origin {checkpoint.origin!r} is not this log ({self.origin!r})"
            )
        with self._state.locked():
            last = self.last_signed()
            if last is not None:
                self._check_extends(last, checkpoint, consistency_proof)
            note = checkpoint.sign(signers=[self._signer])
            self._state.save(note)
        return note

    @staticmethod
    def _check_extends(last: Checkpoint, new: Checkpoint, proof: Sequence[bytes]) -> None:
        if new.size < last.size:
            raise CheckpointRegressionError(
                f"refusing to sign size {new.size}: size {last.size} was already signed "
                "(was an older copy of the database restored?)"
            )
        if last.size == 0:
            return  # everything extends the empty tree
        try:
            verify_consistency(
                old_size=last.size,
                new_size=new.size,
                old_root=last.root_hash,
                new_root=new.root_hash,
                proof=proof,
            )
        except ProofError as error:
            raise CheckpointForkError(
                f"refusing to sign size {new.size}: it does not extend the signed size "
                f"{last.size} ({error})"
            ) from None
