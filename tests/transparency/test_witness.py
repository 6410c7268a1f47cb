"""tlog-witness: cosign only checkpoints consistent with the last one cosigned."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsocial.transparency import (
    AddCheckpointRequest,
    CosignatureSigner,
    MalformedInputError,
    MemoryTree,
    NoteSigner,
    NoteVerifier,
    Witness,
    WitnessRefusal,
    parse_add_checkpoint_request,
    verify_cosignature,
)
from govsocial.transparency.checkpoint import Checkpoint
from govsocial.transparency.note import parse_note

ORIGIN = "gov.example/log"


class Log:
    def __init__(self) -> None:
        self.signer = NoteSigner.generate(name=ORIGIN)
        self.tree = MemoryTree()

    def grow(self, count: int) -> bytes:
        for _ in range(count):
            self.tree.append(f"event {self.tree.size}".encode())
        checkpoint = Checkpoint(origin=ORIGIN, size=self.tree.size, root_hash=self.tree.root())
        return checkpoint.sign(signers=[self.signer])

    def request(self, *, old_size: int, note: bytes) -> AddCheckpointRequest:
        proof = self.tree.consistency_proof(old_size=old_size) if 0 < old_size else []
        return AddCheckpointRequest(old_size=old_size, proof=tuple(proof), checkpoint=note)


@pytest.fixture
def log() -> Log:
    return Log()


@pytest.fixture
def cosigner() -> CosignatureSigner:
    return CosignatureSigner.generate(name="witness.example/w1")


@pytest.fixture
def witness(tmp_path: Path, log: Log, cosigner: CosignatureSigner) -> Witness:
    return Witness(
        state_dir=tmp_path, cosigner=cosigner, logs=[log.signer.verifier], clock=lambda: 1679315147
    )


def test_the_first_checkpoint_is_cosigned_with_a_timestamped_v1_cosignature(
    log: Log, witness: Witness, cosigner: CosignatureSigner
) -> None:
    note = log.grow(5)
    line = witness.add_checkpoint(log.request(old_size=0, note=note))
    assert line.startswith("— witness.example/w1 ")
    cosigned = parse_note(note + line.encode() + b"\n")
    assert verify_cosignature(cosigned, verifier=cosigner.verifier) == 1679315147
    assert cosigner.verifier.vkey.split("+")[2].startswith("B")  # base64 of 0x04 || key


def test_a_cosignature_verifier_key_round_trips(cosigner: CosignatureSigner) -> None:
    assert NoteVerifier.from_vkey(cosigner.verifier.vkey).algorithm == 0x04
    assert CosignatureSigner.from_skey(cosigner.skey).key_id == cosigner.key_id


def test_a_newer_checkpoint_is_cosigned_after_a_valid_consistency_proof(
    log: Log, witness: Witness
) -> None:
    witness.add_checkpoint(log.request(old_size=0, note=log.grow(5)))
    witness.add_checkpoint(log.request(old_size=5, note=log.grow(300)))
    latest = witness.latest(ORIGIN)
    assert latest is not None
    assert latest.size == 305


def test_an_old_size_that_does_not_match_is_a_409_conflict(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(old_size=0, note=log.grow(5)))
    note = log.grow(5)
    with pytest.raises(WitnessRefusal, match=r"latest size this witness cosigned \(5\)") as caught:
        witness.add_checkpoint(log.request(old_size=3, note=note))
    assert caught.value.status == 409
    assert caught.value.latest_size == 5


def test_a_forked_log_gets_a_422(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(old_size=0, note=log.grow(5)))
    fork = Log()
    fork.signer = log.signer
    for _ in range(5):
        fork.tree.append(b"rewritten history")
    note = fork.grow(5)
    with pytest.raises(WitnessRefusal, match="consistency proof does not verify") as caught:
        witness.add_checkpoint(fork.request(old_size=5, note=note))
    assert caught.value.status == 422
    latest = witness.latest(ORIGIN)
    assert latest is not None
    assert latest.size == 5


def test_the_same_size_with_another_root_is_a_409(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(old_size=0, note=log.grow(5)))
    other = Checkpoint(origin=ORIGIN, size=5, root_hash=bytes(32)).sign(signers=[log.signer])
    with pytest.raises(WitnessRefusal) as caught:
        witness.add_checkpoint(AddCheckpointRequest(old_size=5, proof=(), checkpoint=other))
    assert caught.value.status == 409


def test_unknown_logs_and_foreign_signatures_are_refused(log: Log, witness: Witness) -> None:
    stranger = Checkpoint(origin="other/log", size=1, root_hash=bytes(32))
    with pytest.raises(WitnessRefusal) as unknown:
        witness.add_checkpoint(
            AddCheckpointRequest(
                old_size=0,
                proof=(),
                checkpoint=stranger.sign(signers=[NoteSigner.generate(name="other/log")]),
            )
        )
    assert unknown.value.status == 404
    impostor = Checkpoint(origin=ORIGIN, size=1, root_hash=bytes(32))
    with pytest.raises(WitnessRefusal) as forbidden:
        witness.add_checkpoint(
            AddCheckpointRequest(
                old_size=0,
                proof=(),
                checkpoint=impostor.sign(signers=[NoteSigner.generate(name=ORIGIN)]),
            )
        )
    assert forbidden.value.status == 403


def test_add_checkpoint_requests_round_trip_in_the_tlog_witness_format(log: Log) -> None:
    log.grow(5)
    request = log.request(old_size=2, note=log.grow(3))
    body = request.to_bytes()
    assert body.startswith(b"old 2\n")
    assert parse_add_checkpoint_request(body) == request


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"old 2\nAAAA\n", "no blank line"),
        (b"new 2\n\nx", "must start with 'old <size>'"),
        (b"old 02\n\nx", "must start with 'old <size>'"),
        (b"old 2\nAAAA\n\nx", "not a 32-byte hash"),
        (b"old 2\n" + (b"A" * 43 + b"=\n") * 64 + b"\nx", "over 63 proof lines"),
    ],
)
def test_malformed_requests_are_refused(body: bytes, reason: str) -> None:
    with pytest.raises(MalformedInputError, match=reason):
        parse_add_checkpoint_request(body)
