"""Auditing a served log: fetch it, hash every tile, check what a citizen would check.

This is the engine of `govsocial log verify`; it has no command-line code so
that monitors and tests can call it directly.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govsocial.transparency.checkpoint import Checkpoint, SignedCheckpoint, open_checkpoint
from govsocial.transparency.errors import MalformedInputError, NoteError, ProofError
from govsocial.transparency.hashing import leaf_hash, perfect_subtree_hash, root_from_leaf_hashes
from govsocial.transparency.note import NoteVerifier
from govsocial.transparency.tiles import (
    CHECKPOINT_PATH,
    TILE_HEIGHT,
    TILE_WIDTH,
    DirectoryTileStore,
    TileHashReader,
    TileReader,
    decode_entry_bundle,
    entries_path,
    read_required,
    split_tile,
    tile_path,
)
from govsocial.transparency.tree import consistency_proof, inclusion_proof
from govsocial.transparency.verify import verify_consistency, verify_inclusion

HTTP_TIMEOUT_SECONDS = 30


class HttpTileReader:
    """Reads tiles from a log's base URL over HTTP(S); a 404 means the file does not exist."""

    def __init__(self, base_url: str, *, timeout: float = HTTP_TIMEOUT_SECONDS) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            raise MalformedInputError(f"{base_url!r} is not an http(s) URL")
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout

    def read_tile(self, path: str) -> bytes | None:
        url = urllib.parse.urljoin(self.base_url, path)
        try:
            # The scheme is checked in __init__, so this only ever opens http(s).
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310  # nosec B310 - scheme checked in __init__
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise MalformedInputError(f"{url} answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise MalformedInputError(f"cannot reach {url}: {reason}") from None


def open_source(location: str) -> TileReader:
    """A tile reader for an http(s) URL or a local directory."""
    if location.startswith(("http://", "https://")):
        return HttpTileReader(location)
    directory = Path(location)
    if not directory.is_dir():
        raise MalformedInputError(f"{location} is neither an http(s) URL nor a directory")
    return DirectoryTileStore(directory)


class CachingTileReader:
    """Remembers every file read, so each tile is fetched once per audit."""

    def __init__(self, reader: TileReader) -> None:
        self._reader = reader
        self._cache: dict[str, bytes | None] = {}

    def read_tile(self, path: str) -> bytes | None:
        if path not in self._cache:
            self._cache[path] = self._reader.read_tile(path)
        return self._cache[path]


@dataclass(frozen=True, slots=True)
class Check:
    """One named check and its outcome, as printed by `govsocial log verify`."""

    name: str
    passed: bool
    detail: str


@dataclass(slots=True)
class AuditReport:
    checkpoint: Checkpoint | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    def record(self, name: str, passed: bool, detail: str) -> None:
        self.checks.append(Check(name=name, passed=passed, detail=detail))


def read_level_hashes(reader: TileReader, *, size: int) -> list[list[bytes]]:
    """Every stored hash of every tile level, read from every tile (missing → TileError)."""
    levels = []
    level = 0
    while size >> (TILE_HEIGHT * level):
        count = size >> (TILE_HEIGHT * level)
        hashes: list[bytes] = []
        for index in range((count + TILE_WIDTH - 1) // TILE_WIDTH):
            width = min(TILE_WIDTH, count - index * TILE_WIDTH)
            path = tile_path(level=level, index=index, width=width)
            hashes.extend(split_tile(read_required(reader, path), width=width, path=path))
        levels.append(hashes)
        level += 1
    return levels


def find_tile_mismatches(levels: list[list[bytes]]) -> list[str]:
    """Each upper-level hash must be the root of the full tile below it."""
    problems = []
    for level in range(len(levels) - 1):
        below, above = levels[level], levels[level + 1]
        for index in range(len(above)):
            full_tile = below[index * TILE_WIDTH : (index + 1) * TILE_WIDTH]
            if perfect_subtree_hash(full_tile) != above[index]:
                parent_index = index // TILE_WIDTH
                width = min(TILE_WIDTH, len(above) - parent_index * TILE_WIDTH)
                parent = tile_path(level=level + 1, index=parent_index, width=width)
                problems.append(
                    f"{tile_path(level=level, index=index)} does not hash to "
                    f"hash {index % TILE_WIDTH} of {parent}"
                )
    return problems


def read_entry(reader: TileReader, *, index: int, size: int) -> bytes:
    bundle = index // TILE_WIDTH
    width = min(TILE_WIDTH, size - bundle * TILE_WIDTH)
    path = entries_path(index=bundle, width=width)
    entries = decode_entry_bundle(read_required(reader, path), width=width, path=path)
    return entries[index % TILE_WIDTH]


def find_entry_mismatches(reader: TileReader, *, leaf_hashes: list[bytes]) -> list[str]:
    """Every entry in every bundle must hash to its leaf hash in the level-0 tiles."""
    problems = []
    size = len(leaf_hashes)
    for bundle in range((size + TILE_WIDTH - 1) // TILE_WIDTH):
        width = min(TILE_WIDTH, size - bundle * TILE_WIDTH)
        path = entries_path(index=bundle, width=width)
        entries = decode_entry_bundle(read_required(reader, path), width=width, path=path)
        for offset, entry in enumerate(entries):
            index = bundle * TILE_WIDTH + offset
            if leaf_hash(entry) != leaf_hashes[index]:
                tile = tile_path(level=0, index=bundle, width=width)
                problems.append(f"entry {index} in {path} does not hash to hash {offset} of {tile}")
    return problems


def audit_log(
    *,
    source: TileReader,
    verifier: NoteVerifier,
    origin: str | None = None,
    last_seen: Checkpoint | None = None,
    entries: Sequence[int] = (),
    check_entries: bool = True,
) -> AuditReport:
    """Run every check on the log at `source`.

    Malformed input (a missing or truncated tile, a malformed checkpoint, an
    unreachable source) raises `MalformedInputError`; failed checks are
    recorded in the report.
    """
    reader = CachingTileReader(source)
    report = AuditReport()
    signed: SignedCheckpoint
    try:
        signed = open_checkpoint(
            read_required(reader, CHECKPOINT_PATH), verifier=verifier, origin=origin
        )
    except ProofError as error:
        report.record("signature", False, str(error))
        return report
    except NoteError as error:
        raise MalformedInputError(f"malformed checkpoint: {error}") from None
    checkpoint = report.checkpoint = signed.checkpoint
    size = checkpoint.size
    report.record(
        "signature",
        True,
        f"checkpoint for {checkpoint.origin} at size {size} signed by {verifier.name}",
    )

    levels = read_level_hashes(reader, size=size)
    leaf_hashes = levels[0] if levels else []
    tile_count = sum((len(level) + TILE_WIDTH - 1) // TILE_WIDTH for level in levels)
    problems = find_tile_mismatches(levels)
    report.record(
        "tiles",
        not problems,
        "; ".join(problems[:5]) if problems else f"all {tile_count} tiles hash consistently",
    )
    if check_entries:
        problems = find_entry_mismatches(reader, leaf_hashes=leaf_hashes)
        report.record(
            "entries",
            not problems,
            "; ".join(problems[:5]) if problems else f"all {size} entries match their leaf hashes",
        )
    root = root_from_leaf_hashes(leaf_hashes)
    report.record(
        "root",
        root == checkpoint.root_hash,
        "root recomputed from every leaf hash matches the checkpoint"
        if root == checkpoint.root_hash
        else "root recomputed from the tiles does not match the checkpoint root",
    )
    hash_reader = TileHashReader(reader, size=size)
    if last_seen is not None:
        report.checks.append(_check_consistency(hash_reader, last_seen=last_seen, now=checkpoint))
    for index in entries:
        report.checks.append(_check_inclusion(reader, hash_reader, index=index, now=checkpoint))
    return report


def _check_consistency(
    hash_reader: TileHashReader, *, last_seen: Checkpoint, now: Checkpoint
) -> Check:
    if last_seen.size > now.size:
        return Check(
            "consistency",
            False,
            f"the log shrank: size {now.size} after size {last_seen.size} was seen",
        )
    try:
        proof = (
            consistency_proof(hash_reader, old_size=last_seen.size, new_size=now.size)
            if last_seen.size
            else []
        )
        if last_seen.size:
            verify_consistency(
                old_size=last_seen.size,
                new_size=now.size,
                old_root=last_seen.root_hash,
                new_root=now.root_hash,
                proof=proof,
            )
    except ProofError as error:
        detail = f"size {now.size} does not extend size {last_seen.size}: {error}"
        return Check("consistency", False, detail)
    return Check("consistency", True, f"size {now.size} extends last seen size {last_seen.size}")


def _check_inclusion(
    reader: TileReader, hash_reader: TileHashReader, *, index: int, now: Checkpoint
) -> Check:
    name = f"inclusion of entry {index}"
    if not 0 <= index < now.size:
        return Check(name, False, f"entry {index} is not in a tree of size {now.size}")
    entry = read_entry(reader, index=index, size=now.size)
    proof = inclusion_proof(hash_reader, index=index, size=now.size)
    try:
        verify_inclusion(
            leaf_hash=leaf_hash(entry), index=index, size=now.size, proof=proof, root=now.root_hash
        )
    except ProofError as error:
        return Check(name, False, str(error))
    return Check(name, True, entry.decode("utf-8", errors="replace"))


class VerifierState:
    """The last checkpoint `govsocial log verify` accepted, per origin, in a JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _read(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            raise MalformedInputError(f"state file {self.path} is not readable JSON") from None
        if not isinstance(data, dict):
            raise MalformedInputError(f"state file {self.path} is not a JSON object")
        return data

    def last_seen(self, origin: str) -> Checkpoint | None:
        record = self._read().get(origin)
        if record is None:
            return None
        try:
            return Checkpoint(
                origin=origin,
                size=int(str(record["size"])),
                root_hash=base64.b64decode(str(record["root"])),
            )
        except (KeyError, ValueError):
            raise MalformedInputError(f"state file {self.path} has a malformed entry") from None

    def remember(self, checkpoint: Checkpoint) -> None:
        data = self._read()
        data[checkpoint.origin] = {
            "size": checkpoint.size,
            "root": base64.b64encode(checkpoint.root_hash).decode(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
        temporary.replace(self.path)
