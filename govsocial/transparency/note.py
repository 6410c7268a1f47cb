"""C2SP signed-note: Ed25519 note signatures, verifier keys and signer keys.

Byte-compatible with Go's golang.org/x/mod/sumdb/note:
- key ID = SHA-256(name || 0x0A || algorithm byte || public key)[:4];
- verifier key (vkey) = `name+hex(keyID)+base64(0x01 || public key)`;
- signer key = `PRIVATE+KEY+name+hex(keyID)+base64(0x01 || Ed25519 seed)`;
- signature line = `— name base64(keyID || signature)` (U+2014, a space), after a
  blank line; the signature covers the note text including its final newline.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from govsocial.transparency.errors import NoteError, SignatureError

ALGORITHM_ED25519 = 0x01
ALGORITHM_COSIGNATURE_V1 = 0x04
SIGNATURE_PREFIX = "— "  # U+2014 EM DASH, then a space
MAX_SIGNATURES = 100


def key_id(*, name: str, algorithm: int, public_key: bytes) -> bytes:
    """The 4-byte key ID: SHA-256(name || "\\n" || algorithm || public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([algorithm]) + public_key).digest()[:4]


def is_valid_key_name(name: str) -> bool:
    """Non-empty, valid text, no whitespace and no '+' (as Go's note package requires)."""
    return (
        bool(name)
        and "+" not in name
        and not any(c.isspace() or unicodedata.category(c) in ("Zs", "Cs") for c in name)
    )


def _b64decode(text: str, *, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise NoteError(f"{what} is not valid standard base64") from None


def _raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True, slots=True)
class NoteVerifier:
    """A public key that can check note signatures (parsed from a vkey)."""

    name: str
    key_id: bytes
    algorithm: int
    public_key: bytes

    @classmethod
    def from_vkey(cls, vkey: str) -> NoteVerifier:
        """Parse `name+hex(keyID)+base64(algorithm || public key)`."""
        parts = vkey.strip().split("+", 2)  # base64 may contain "+"
        if len(parts) != 3:
            raise NoteError("a verifier key must look like name+keyid+base64key")
        name, key_id_hex, key_b64 = parts
        if not is_valid_key_name(name):
            raise NoteError(
                f"verifier key name {name!r} is empty, is not valid text, or contains spaces"
            )
        if len(key_id_hex) != 8 or any(c not in "0123456789abcdefABCDEF" for c in key_id_hex):
            raise NoteError("verifier key ID must be 8 hexadecimal digits")
        material = _b64decode(key_b64, what="verifier key")
        if len(material) != 33 or material[0] not in (ALGORITHM_ED25519, ALGORITHM_COSIGNATURE_V1):
            raise NoteError(
                "verifier key is not an Ed25519 key (want base64 of 0x01 or 0x04 and 32 bytes)"
            )
        algorithm, public_key = material[0], material[1:]
        expected = key_id(name=name, algorithm=algorithm, public_key=public_key)
        if bytes.fromhex(key_id_hex) != expected:
            raise NoteError("verifier key ID does not match its name and public key")
        return cls(name=name, key_id=expected, algorithm=algorithm, public_key=public_key)

    @property
    def vkey(self) -> str:
        material = bytes([self.algorithm]) + self.public_key
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(material).decode()}"

    def verify(self, *, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


class NoteSigner:
    """An Ed25519 private key with a name, producing C2SP note signatures."""

    algorithm = ALGORITHM_ED25519

    def __init__(self, *, name: str, private_key: Ed25519PrivateKey) -> None:
        if not is_valid_key_name(name):
            raise NoteError(
                f"key name {name!r} is empty, is not valid text, or contains spaces or '+'"
            )
        self.name = name
        self._private_key = private_key
        self.public_key = _raw_public_key(private_key.public_key())
        self.key_id = key_id(name=name, algorithm=self.algorithm, public_key=self.public_key)

    @classmethod
    def generate(cls, *, name: str) -> Self:
        return cls(name=name, private_key=Ed25519PrivateKey.generate())

    @classmethod
    def from_skey(cls, skey: str) -> Self:
        """Parse `PRIVATE+KEY+name+hex(keyID)+base64(algorithm || seed)`."""
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("a signer key must look like PRIVATE+KEY+name+keyid+base64seed")
        name, key_id_hex, seed_b64 = parts[2:]
        material = _b64decode(seed_b64, what="signer key")
        if len(material) != 33 or material[0] != cls.algorithm:
            raise NoteError(f"signer key is not algorithm {cls.algorithm:#04x} with a 32-byte seed")
        signer = cls(name=name, private_key=Ed25519PrivateKey.from_private_bytes(material[1:]))
        if len(key_id_hex) != 8 or key_id_hex.lower() != signer.key_id.hex():
            raise NoteError("signer key ID does not match its name and key")
        return signer

    @property
    def skey(self) -> str:
        seed = self._private_key.private_bytes_raw()
        material = base64.b64encode(bytes([self.algorithm]) + seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.key_id.hex()}+{material}"

    @property
    def verifier(self) -> NoteVerifier:
        return NoteVerifier(
            name=self.name, key_id=self.key_id, algorithm=self.algorithm, public_key=self.public_key
        )

    def signature_bytes(self, message: bytes) -> bytes:
        """The bytes after the key ID in the signature line."""
        return self._private_key.sign(message)

    def signature_line(self, text: str) -> str:
        """`— name base64(keyID || signature)` over the note text (no newline at the end)."""
        signature = self.signature_bytes(text.encode())
        return f"{SIGNATURE_PREFIX}{self.name} {base64.b64encode(self.key_id + signature).decode()}"


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line of a note."""

    name: str
    key_id: bytes
    signature: bytes  # the bytes after the key ID

    @property
    def line(self) -> str:
        encoded = base64.b64encode(self.key_id + self.signature).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {encoded}"


@dataclass(frozen=True, slots=True)
class Note:
    """A parsed note: its text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def to_bytes(self) -> bytes:
        lines = "".join(signature.line + "\n" for signature in self.signatures)
        return (self.text + "\n" + lines).encode()


def validate_note_text(text: str) -> None:
    """Note text must be non-empty, end in a newline, and hold no control characters."""
    if not text.endswith("\n"):
        raise NoteError("note text must end with a newline")
    if "\n\n" in text or text.startswith("\n"):
        raise NoteError("note text must not contain a blank line")
    for character in text:
        if character != "\n" and ord(character) < 0x20:
            raise NoteError(f"note text contains the control character {ord(character):#04x}")


def sign_note(text: str, *, signers: Sequence[NoteSigner]) -> bytes:
    """The signed note: text, a blank line, then one signature line per signer."""
    validate_note_text(text)
    if not signers:
        raise NoteError("a signed note needs at least one signer")
    lines = "".join(signer.signature_line(text) + "\n" for signer in signers)
    return (text + "\n" + lines).encode()


def parse_note(message: bytes) -> Note:
    """Split a signed note into text and signature lines, checking the format only."""
    try:
        decoded = message.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteError("note is not valid UTF-8") from None
    for character in decoded:
        if character != "\n" and ord(character) < 0x20:
            raise NoteError(
                f"note contains the control character {ord(character):#04x} (CRLF line ends?)"
            )
    split = decoded.rfind("\n\n")
    if split < 0:
        raise NoteError("note has no blank line before its signatures")
    text, block = decoded[: split + 1], decoded[split + 2 :]
    if not block or not block.endswith("\n"):
        raise NoteError("note signature block is empty or does not end with a newline")
    signatures = []
    for line in block[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError("a signature line must start with '— ' (U+2014 EM DASH and a space)")
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        if not is_valid_key_name(name) or not encoded:
            raise NoteError(f"malformed signature line {line!r}")
        raw = _b64decode(encoded, what=f"signature from {name}")
        if len(raw) < 5:
            raise NoteError(f"signature from {name} is too short")
        signatures.append(NoteSignature(name=name, key_id=raw[:4], signature=raw[4:]))
        if len(signatures) > MAX_SIGNATURES:
            raise NoteError(f"note has more than {MAX_SIGNATURES} signatures")
    return Note(text=text, signatures=tuple(signatures))


def open_note(message: bytes, *, verifier: NoteVerifier) -> Note:
    """Parse a note and check that `verifier` signed it; raises on a bad or missing signature.

    Signatures from other keys are kept but not checked (they may be witness
    cosignatures); a signature line with this key's name and ID that fails to
    verify is an error, as in Go's note.Open.
    """
    if verifier.algorithm != ALGORITHM_ED25519:
        raise NoteError(f"{verifier.name} is a cosigner key; check it with verify_cosignature")
    note = parse_note(message)
    text = note.text.encode()
    matching = [
        s for s in note.signatures if s.name == verifier.name and s.key_id == verifier.key_id
    ]
    if not matching:
        raise SignatureError(f"the note is not signed by {verifier.name}+{verifier.key_id.hex()}")
    for signature in matching:
        if not verifier.verify(message=text, signature=signature.signature):
            raise SignatureError(f"the signature by {verifier.name} does not verify")
    return note
