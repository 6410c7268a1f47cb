"""C2SP signed notes and checkpoints, byte for byte as Go's sumdb/note writes them."""

from __future__ import annotations

import base64

import pytest

from govsocial.transparency import (
    Checkpoint,
    NoteError,
    NoteSigner,
    NoteVerifier,
    SignatureError,
    open_checkpoint,
    open_note,
    parse_checkpoint_text,
    sign_note,
)
from govsocial.transparency.note import key_id

# From golang.org/x/mod/sumdb/note example_test.go (x/mod 0.7.0, Debian package).
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_SIGNED = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvq"
    "fqdngotpRZb6KE6RyyBwJnAM=\n"
).encode()


def test_signing_reproduces_gos_example_byte_for_byte() -> None:
    signer = NoteSigner.from_skey(GO_SKEY)
    assert signer.skey == GO_SKEY
    assert signer.verifier.vkey == GO_VKEY
    assert sign_note(GO_TEXT, signers=[signer]) == GO_SIGNED


def test_gos_signed_example_opens_with_its_vkey() -> None:
    note = open_note(GO_SIGNED, verifier=NoteVerifier.from_vkey(GO_VKEY))
    assert note.text == GO_TEXT
    assert note.signatures[0].key_id.hex() == "c74f20a3"


def test_the_key_id_is_the_first_four_bytes_of_sha256_of_name_newline_type_key() -> None:
    verifier = NoteVerifier.from_vkey(GO_VKEY)
    assert key_id(name="PeterNeumann", algorithm=1, public_key=verifier.public_key).hex() == (
        "c74f20a3"
    )


def test_generated_keys_round_trip_through_their_text_forms() -> None:
    signer = NoteSigner.generate(name="gov.example/log")
    again = NoteSigner.from_skey(signer.skey)
    assert again.verifier == NoteVerifier.from_vkey(signer.verifier.vkey)
    assert signer.skey.startswith("PRIVATE+KEY+gov.example/log+")


@pytest.mark.parametrize(
    ("vkey", "message"),
    [
        ("PeterNeumann+c74f20a3", "must look like"),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "spaces"),
        ("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "8 hexadecimal"),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "base64"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match"),
        ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "not an Ed25519"),
    ],
)
def test_malformed_verifier_keys_are_refused_with_a_reason(vkey: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        NoteVerifier.from_vkey(vkey)


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (GO_TEXT.encode(), "no blank line"),
        (GO_SIGNED.replace(b"\n", b"\r\n"), "control character"),
        (GO_SIGNED.replace("—".encode(), b"--"), "EM DASH"),
        (GO_SIGNED[:-1], "does not end with a newline"),
        (GO_SIGNED.replace(b"x08go", b"x08g!"), "not valid standard base64"),
        (b"\xff" + GO_SIGNED, "not valid UTF-8"),
    ],
)
def test_malformed_notes_are_refused_with_a_reason(message: bytes, reason: str) -> None:
    with pytest.raises(NoteError, match=reason):
        open_note(message, verifier=NoteVerifier.from_vkey(GO_VKEY))


def test_a_changed_text_fails_the_signature() -> None:
    tampered = GO_SIGNED.replace(b"answer", b"Answer")
    with pytest.raises(SignatureError, match="does not verify"):
        open_note(tampered, verifier=NoteVerifier.from_vkey(GO_VKEY))


def test_a_note_signed_by_another_key_is_refused() -> None:
    other = NoteSigner.generate(name="PeterNeumann")
    with pytest.raises(SignatureError, match="not signed by PeterNeumann"):
        open_note(GO_SIGNED, verifier=other.verifier)


def test_a_checkpoint_is_origin_size_and_base64_root_each_on_a_line() -> None:
    root = bytes(range(32))
    checkpoint = Checkpoint(origin="gov.example/log", size=20852163, root_hash=root)
    assert checkpoint.to_text() == (
        "gov.example/log\n20852163\n" + base64.b64encode(root).decode() + "\n"
    )
    with_extension = Checkpoint(
        origin="gov.example/log", size=1, root_hash=root, extensions=("ext line",)
    )
    assert parse_checkpoint_text(with_extension.to_text()) == with_extension


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("gov.example/log\n12\n", "origin, a tree size and a root hash"),
        ("gov.example/log\n012\n" + "A" * 43 + "=\n", "plain decimal"),
        ("gov.example/log\n-1\n" + "A" * 43 + "=\n", "plain decimal"),
        ("gov.example/log\n12\nnot-base64\n", "not valid base64"),
        ("gov.example/log\n12\nAAAA\n", "3 bytes, not 32"),
        ("gov.example/log\n12\n" + "A" * 43 + "=", "must end with a newline"),
    ],
)
def test_malformed_checkpoints_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(NoteError, match=reason):
        parse_checkpoint_text(text)


def test_open_checkpoint_checks_signature_and_origin() -> None:
    signer = NoteSigner.generate(name="gov.example/log")
    checkpoint = Checkpoint(origin="gov.example/log", size=3, root_hash=bytes(32))
    signed = open_checkpoint(checkpoint.sign(signers=[signer]), verifier=signer.verifier)
    assert signed.checkpoint == checkpoint
    impostor = Checkpoint(origin="other.example/log", size=3, root_hash=bytes(32))
    with pytest.raises(SignatureError, match="origin"):
        open_checkpoint(impostor.sign(signers=[signer]), verifier=signer.verifier)
