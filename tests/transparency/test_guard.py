"""The log never signs two inconsistent checkpoints, even after a database restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsocial.transparency import (
    Checkpoint,
    CheckpointForkError,
    CheckpointRegressionError,
    CheckpointSigner,
    FileCheckpointState,
    MemoryCheckpointState,
    MemoryTileStore,
    NoteSigner,
    TileHashReader,
    consistency_proof,
    integrate,
    open_checkpoint,
)

ORIGIN = "gov.example/log"


def entries(start: int, stop: int, *, prefix: str = "event") -> list[bytes]:
    return [f"{prefix} {i}".encode() for i in range(start, stop)]


def publish(
    store: MemoryTileStore, guard: CheckpointSigner, *, old_size: int, new: list[bytes]
) -> bytes:
    """What the Django side does: integrate, then sign with a proof from the last signed size."""
    result = integrate(store=store, old_size=old_size, entries=new)
    last = guard.last_signed()
    proof: list[bytes] = []
    if last is not None and 0 < last.size < result.new_size:
        proof = consistency_proof(
            TileHashReader(store, size=result.new_size),
            old_size=last.size,
            new_size=result.new_size,
        )
    checkpoint = Checkpoint(origin=ORIGIN, size=result.new_size, root_hash=result.root)
    return guard.sign(checkpoint, consistency_proof=proof)


@pytest.fixture
def signer() -> NoteSigner:
    return NoteSigner.generate(name=ORIGIN)


def test_a_growing_log_is_signed_each_time(signer: NoteSigner, tmp_path: Path) -> None:
    guard = CheckpointSigner(signer=signer, state=FileCheckpointState(tmp_path / "last"))
    store = MemoryTileStore()
    publish(store, guard, old_size=0, new=entries(0, 10))
    note = publish(store, guard, old_size=10, new=entries(10, 300))
    assert open_checkpoint(note, verifier=signer.verifier).checkpoint.size == 300
    assert (tmp_path / "last").read_bytes() == note


def test_a_restored_older_database_cannot_sign_a_smaller_tree(
    signer: NoteSigner, tmp_path: Path
) -> None:
    state = FileCheckpointState(tmp_path / "last")
    store = MemoryTileStore()
    publish(store, CheckpointSigner(signer=signer, state=state), old_size=0, new=entries(0, 50))
    publish(store, CheckpointSigner(signer=signer, state=state), old_size=50, new=entries(50, 80))

    # The database is restored from a backup taken at size 50; the state file is not.
    restored = integrate(store=MemoryTileStore(), old_size=0, entries=entries(0, 50))
    guard = CheckpointSigner(signer=signer, state=state)
    stale = Checkpoint(origin=ORIGIN, size=50, root_hash=restored.root)
    with pytest.raises(CheckpointRegressionError, match="size 80 was already signed"):
        guard.sign(stale, consistency_proof=[])


def test_a_restored_database_that_grew_differently_cannot_sign_a_fork(
    signer: NoteSigner, tmp_path: Path
) -> None:
    state = FileCheckpointState(tmp_path / "last")
    store = MemoryTileStore()
    publish(store, CheckpointSigner(signer=signer, state=state), old_size=0, new=entries(0, 50))
    publish(store, CheckpointSigner(signer=signer, state=state), old_size=50, new=entries(50, 80))

    # Restored at size 50, then different events were logged up to size 120.
    forked = MemoryTileStore()
    integrate(store=forked, old_size=0, entries=entries(0, 50))
    with pytest.raises(CheckpointForkError, match="does not extend the signed size 80"):
        publish(
            forked,
            CheckpointSigner(signer=signer, state=state),
            old_size=50,
            new=entries(50, 120, prefix="other"),
        )


def test_the_same_size_with_a_different_root_is_a_fork(signer: NoteSigner) -> None:
    last = Checkpoint(origin=ORIGIN, size=5, root_hash=bytes(32))
    guard = CheckpointSigner(
        signer=signer, state=MemoryCheckpointState(last.sign(signers=[signer]))
    )
    with pytest.raises(CheckpointForkError, match="two different roots"):
        guard.sign(Checkpoint(origin=ORIGIN, size=5, root_hash=b"\x01" * 32), consistency_proof=[])


def test_a_checkpoint_for_another_origin_is_refused(signer: NoteSigner) -> None:
    guard = CheckpointSigner(signer=signer, state=MemoryCheckpointState())
    with pytest.raises(CheckpointForkError, match="not this log"):
        guard.sign(
            Checkpoint(origin="other/log", size=1, root_hash=bytes(32)), consistency_proof=[]
        )
