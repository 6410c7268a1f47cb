"""What goes into the log: canonical JSON leaves, content commitments, tombstones.

Canonical JSON here is the subset of RFC 8785 (JCS) that our leaves need: object
keys sorted, no whitespace, UTF-8 without escaping non-ASCII, and only strings,
integers (|n| < 2^53), booleans and null as values, so that JCS and this encoder
produce the same bytes. Floats are refused, because their text form is where JCS
implementations disagree.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from govsocial.transparency.errors import MalformedInputError

SALT_SIZE = 32
_MAX_SAFE_INTEGER = 2**53 - 1
_RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")

#: Leaf actions the public may see (issue 6 §2); "tombstone" is the erasure record.
ACTIONS = frozenset(
    {
        "schedule",
        "approve",
        "publish",
        "edit",
        "delete",
        "cancel",
        "failed",
        "unknown",
        "absent",
        "hide",
        "moderation_delete",
        "block",
        "restore",
        "dispose",
        "tombstone",
    }
)


def _check_value(value: object, *, where: str) -> None:
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise MalformedInputError(f"{where} is not valid Unicode text") from None
        return
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE_INTEGER:
            raise MalformedInputError(f"{where} is an integer too large for canonical JSON")
        return
    if isinstance(value, float):
        raise MalformedInputError(f"{where} is a float; canonical leaves use integers or strings")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise MalformedInputError(f"{where} has a non-string key {key!r}")
            _check_value(item, where=f"{where}.{key}")
        return
    if isinstance(value, (list, tuple)):
        for position, item in enumerate(value):
            _check_value(item, where=f"{where}[{position}]")
        return
    raise MalformedInputError(f"{where} has the unsupported type {type(value).__name__}")


def canonical_json(value: object) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the JCS-compatible encoding of `value`."""
    _check_value(value, where="value")
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, to the second (or microsecond when present)."""
    if moment.tzinfo is None:
        raise MalformedInputError("leaf times must be timezone-aware (UTC)")
    text = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return text


@dataclass(frozen=True, slots=True)
class ContentCommitment:
    """SHA-256(salt || canonical content); the salt and content live beside the log."""

    salt: bytes
    commitment: str  # lower-case hex

    @classmethod
    def create(
        cls, *, content: Mapping[str, object], salt: bytes | None = None
    ) -> ContentCommitment:
        chosen = secrets.token_bytes(SALT_SIZE) if salt is None else salt
        if len(chosen) != SALT_SIZE:
            raise MalformedInputError(f"a content salt must be {SALT_SIZE} bytes")
        digest = hashlib.sha256(chosen + canonical_json(dict(content))).hexdigest()
        return cls(salt=chosen, commitment=digest)


def content_matches(*, content: Mapping[str, object], salt: bytes, commitment: str) -> bool:
    """True when `content` with `salt` is what `commitment` committed to."""
    expected = hashlib.sha256(salt + canonical_json(dict(content))).hexdigest()
    return hmac.compare_digest(expected, commitment)


@dataclass(frozen=True, slots=True, kw_only=True)
class LogEntry:
    """One public state change (issue 6 §2), encoded as a canonical JSON leaf."""

    index: int
    time: str  # RFC 3339 UTC, e.g. 2026-11-25T10:00:00Z
    organisation: str
    account: str
    network: str
    remote_id: str | None
    action: str
    actor_role: str
    reason_code: str | None
    content_commitment: str | None

    def __post_init__(self) -> None:
        if self.index < 0:
            raise MalformedInputError("a leaf index must not be negative")
        if not _RFC3339_UTC.match(self.time):
            raise MalformedInputError(
                f"leaf time {self.time!r} is not RFC 3339 UTC (YYYY-MM-DDTHH:MM:SSZ)"
            )
        if self.action not in ACTIONS or self.action == "tombstone":
            raise MalformedInputError(
                f"unknown leaf action {self.action!r}; use one of {sorted(ACTIONS - {'tombstone'})}"
            )
        if self.content_commitment is not None and not re.fullmatch(
            r"[0-9a-f]{64}", self.content_commitment
        ):
            raise MalformedInputError("content_commitment must be 64 lower-case hex digits")

    def to_bytes(self) -> bytes:
        return canonical_json(asdict(self))


@dataclass(frozen=True, slots=True, kw_only=True)
class Tombstone:
    """Records a lawful erasure: the content and salt of `erased_index` were deleted.

    The erased leaf itself never changes, so every earlier proof still verifies;
    its commitment can no longer be opened because the salt is gone.
    """

    index: int
    time: str
    organisation: str
    erased_index: int
    actor_role: str
    reason_code: str
    action: str = "tombstone"

    def __post_init__(self) -> None:
        if not 0 <= self.erased_index < self.index:
            raise MalformedInputError("a tombstone must erase an earlier leaf")
        if not _RFC3339_UTC.match(self.time):
            raise MalformedInputError(f"tombstone time {self.time!r} is not RFC 3339 UTC")
        if self.action != "tombstone":
            raise MalformedInputError("a tombstone's action is always 'tombstone'")
        if not self.reason_code:
            raise MalformedInputError("a tombstone needs a reason code")

    def to_bytes(self) -> bytes:
        return canonical_json(asdict(self))


def parse_leaf(data: bytes) -> LogEntry | Tombstone:
    """Decode a leaf, refusing anything that is not in canonical form."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MalformedInputError("leaf is not UTF-8 JSON") from None
    if not isinstance(value, dict):
        raise MalformedInputError("leaf is not a JSON object")
    try:
        leaf: LogEntry | Tombstone = (
            Tombstone(**value) if value.get("action") == "tombstone" else LogEntry(**value)
        )
    except TypeError:
        raise MalformedInputError("leaf has missing or unexpected fields") from None
    if leaf.to_bytes() != data:
        raise MalformedInputError("leaf is not in canonical JSON form")
    return leaf
