"""Appending to a tiled log: the writer side of C2SP tlog-tiles.

`TiledLog` keeps only the right edge of the tree (the partial tile at each
level and the partial entry bundle), so loading a log of any size reads at most
one tile per level, and each append costs about two SHA-256 calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govsocial.transparency.errors import MalformedInputError
from govsocial.transparency.hashing import (
    EMPTY_ROOT,
    leaf_hash,
    node_hash,
    perfect_subtree_hash,
)
from govsocial.transparency.tiles import (
    MAX_ENTRY_SIZE,
    TILE_HEIGHT,
    TILE_WIDTH,
    TileReader,
    TileStore,
    decode_entry_bundle,
    encode_entry_bundle,
    entries_path,
    read_required,
    split_tile,
    tile_path,
)


class TiledLog:
    """The right edge of a tiled Merkle log, ready to take new entries.

    Use `TiledLog.load(store, size=...)`, `append(entry)` as often as needed,
    then `flush(store)` to write every new or grown tile and entry bundle.
    """

    def __init__(self, *, size: int, edge: list[list[bytes]], entries: list[bytes]) -> None:
        self._size = size
        self._edge = edge  # edge[L]: hashes of the partial tile at tile level L
        self._entries = entries  # entries of the partial entry bundle
        self._pending: dict[str, bytes] = {}
        self._dirty_levels: set[int] = set()

    @classmethod
    def empty(cls) -> TiledLog:
        return cls(size=0, edge=[], entries=[])

    @classmethod
    def load(cls, reader: TileReader, *, size: int) -> TiledLog:
        """Read the right edge of a tree of `size` leaves from its tiles."""
        if size < 0:
            raise MalformedInputError(f"tree size {size} is negative")
        edge: list[list[bytes]] = []
        level = 0
        while size >> (TILE_HEIGHT * level):
            count = size >> (TILE_HEIGHT * level)
            width = count % TILE_WIDTH
            hashes: list[bytes] = []
            if width:
                path = tile_path(level=level, index=count // TILE_WIDTH, width=width)
                hashes = split_tile(read_required(reader, path), width=width, path=path)
            edge.append(hashes)
            level += 1
        entries: list[bytes] = []
        if size % TILE_WIDTH:
            width = size % TILE_WIDTH
            path = entries_path(index=size // TILE_WIDTH, width=width)
            entries = decode_entry_bundle(read_required(reader, path), width=width, path=path)
        return cls(size=size, edge=edge, entries=entries)

    @property
    def size(self) -> int:
        return self._size

    def append(self, entry: bytes) -> int:
        """Add `entry` as the next leaf; returns its index."""
        if len(entry) > MAX_ENTRY_SIZE:
            raise MalformedInputError(
                f"an entry of {len(entry)} bytes is too long (max {MAX_ENTRY_SIZE})"
            )
        index = self._size
        self._size = index + 1
        self._entries.append(entry)
        if len(self._entries) == TILE_WIDTH:
            path = entries_path(index=index // TILE_WIDTH)
            self._pending[path] = encode_entry_bundle(self._entries)
            self._entries = []
        self._push(0, leaf_hash(entry))
        return index

    def extend(self, entries: Iterable[bytes]) -> range:
        """Append every entry; returns the range of indices they were given."""
        first = self._size
        for entry in entries:
            self.append(entry)
        return range(first, self._size)

    def _push(self, level: int, value: bytes) -> None:
        edge = self._edge
        if level == len(edge):
            edge.append([])
        edge[level].append(value)
        self._dirty_levels.add(level)
        if len(edge[level]) == TILE_WIDTH:
            count = self._size >> (TILE_HEIGHT * level)
            path = tile_path(level=level, index=(count - 1) // TILE_WIDTH)
            full = edge[level]
            self._pending[path] = b"".join(full)
            edge[level] = []
            # Only full tiles feed the level above; partial tiles never do.
            self._push(level + 1, perfect_subtree_hash(full))

    def root(self) -> bytes:
        """The root hash of the tree as it is now."""
        subtrees: list[bytes] = []
        for hashes in reversed(self._edge):
            offset = 0
            for height in reversed(range(TILE_HEIGHT)):
                span = 1 << height
                if len(hashes) & span:
                    subtrees.append(perfect_subtree_hash(hashes[offset : offset + span]))
                    offset += span
        if not subtrees:
            return EMPTY_ROOT
        root = subtrees[-1]
        for left in reversed(subtrees[:-1]):
            root = node_hash(left, root)
        return root

    def pending_tiles(self) -> dict[str, bytes]:
        """Every tile and entry bundle that `flush` would write, by path."""
        files = dict(self._pending)
        for level in self._dirty_levels:
            hashes = self._edge[level]
            if hashes:
                count = self._size >> (TILE_HEIGHT * level)
                path = tile_path(level=level, index=count // TILE_WIDTH, width=len(hashes))
                files[path] = b"".join(hashes)
        if self._entries and (self._pending or self._dirty_levels):
            path = entries_path(index=self._size // TILE_WIDTH, width=len(self._entries))
            files[path] = encode_entry_bundle(self._entries)
        return files

    def flush(self, store: TileStore) -> list[str]:
        """Write new full tiles and the grown partial tiles; returns the paths written."""
        files = self.pending_tiles()
        # Lower levels first, so a reader following the tree never finds a parent
        # tile whose children are not there yet.
        for path in sorted(files, key=_write_order):
            store.write_tile(path, files[path])
        self._pending.clear()
        self._dirty_levels.clear()
        return sorted(files)


def _write_order(path: str) -> tuple[int, str]:
    level = path.split("/")[1]
    return (-1 if level == "entries" else int(level), path)


@dataclass(frozen=True, slots=True)
class IntegrationResult:
    """What `integrate` did: the new tree and the files it wrote."""

    old_size: int
    new_size: int
    root: bytes
    written: list[str]


def integrate(*, store: TileStore, old_size: int, entries: Iterable[bytes]) -> IntegrationResult:
    """Append `entries` to the tiled log of `old_size` leaves in `store` and write the tiles."""
    log = TiledLog.load(store, size=old_size)
    log.extend(entries)
    written = log.flush(store)
    return IntegrationResult(old_size=old_size, new_size=log.size, root=log.root(), written=written)
