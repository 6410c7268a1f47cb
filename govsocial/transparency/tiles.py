"""C2SP tlog-tiles: tile paths, tile and entry-bundle encoding, tile storage.

A level-L tile holds up to 256 consecutive stored hashes of tree level 8*L.
Full tiles live at `tile/<L>/<N>`, partial ones at `tile/<L>/<N>.p/<W>` where W
counts hashes (1-255). Entry bundles live at `tile/entries/<N>[.p/<W>]`, each
entry prefixed with its length as a big-endian uint16. N is written in groups of
three digits, every group but the last prefixed with `x` (1234067 -> x001/x234/067).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from govsocial.transparency.errors import MalformedInputError, TileError
from govsocial.transparency.hashing import HASH_SIZE, node_hash

TILE_WIDTH = 256
TILE_HEIGHT = 8
MAX_ENTRY_SIZE = 0xFFFF
CHECKPOINT_PATH = "checkpoint"


def encode_tile_index(index: int) -> str:
    """N as zero-padded groups of three digits, all but the last prefixed with x."""
    if index < 0:
        raise MalformedInputError(f"tile index {index} is negative")
    digits = str(index)
    digits = "0" * (-len(digits) % 3) + digits
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    return "/".join([f"x{group}" for group in groups[:-1]] + [groups[-1]])


@dataclass(frozen=True, slots=True)
class TileRef:
    """One tile: its level, index and width in hashes (256 for a full tile)."""

    level: int
    index: int
    width: int = TILE_WIDTH

    @property
    def is_full(self) -> bool:
        return self.width == TILE_WIDTH

    @property
    def path(self) -> str:
        return tile_path(level=self.level, index=self.index, width=self.width)


def tile_path(*, level: int, index: int, width: int = TILE_WIDTH) -> str:
    """`tile/<L>/<N>` for a full tile, `tile/<L>/<N>.p/<W>` for a partial one."""
    _check_width(width)
    suffix = "" if width == TILE_WIDTH else f".p/{width}"
    return f"tile/{level}/{encode_tile_index(index)}{suffix}"


def entries_path(*, index: int, width: int = TILE_WIDTH) -> str:
    """`tile/entries/<N>[.p/<W>]` for the bundle of entries 256*N ... 256*N+W-1."""
    _check_width(width)
    suffix = "" if width == TILE_WIDTH else f".p/{width}"
    return f"tile/entries/{encode_tile_index(index)}{suffix}"


def _check_width(width: int) -> None:
    if not 1 <= width <= TILE_WIDTH:
        raise MalformedInputError(f"tile width {width} is not between 1 and {TILE_WIDTH}")


_INDEX = r"((?:x\d{3}/)*\d{3})"
_TILE_RE = re.compile(rf"^tile/(entries|\d+)/{_INDEX}(?:\.p/(\d+))?$")


def parse_tile_path(path: str) -> tuple[str | int, int, int]:
    """(level or "entries", index, width) for a tile path; raises on anything else."""
    match = _TILE_RE.match(path)
    if not match:
        raise MalformedInputError(f"{path!r} is not a C2SP tile path")
    level_text, index_text, width_text = match.groups()
    level: str | int = level_text if level_text == "entries" else int(level_text)
    index = int(index_text.replace("x", "").replace("/", ""))
    width = TILE_WIDTH if width_text is None else int(width_text)
    if width_text is not None and not 1 <= width < TILE_WIDTH:
        raise MalformedInputError(f"{path!r} has a partial width outside 1-255")
    if path != (
        entries_path(index=index, width=width)
        if level == "entries"
        else tile_path(level=int(level), index=index, width=width)
    ):
        raise MalformedInputError(f"{path!r} is not in canonical form")
    return level, index, width


def tiles_for_size(size: int) -> Iterator[TileRef]:
    """Every hash tile of a tree of `size` leaves: full tiles, then a partial one per level."""
    level = 0
    while True:
        count = size >> (TILE_HEIGHT * level)
        if count == 0:
            return
        for index in range(count // TILE_WIDTH):
            yield TileRef(level, index)
        if count % TILE_WIDTH:
            yield TileRef(level, count // TILE_WIDTH, count % TILE_WIDTH)
        level += 1


def entry_bundles_for_size(size: int) -> Iterator[TileRef]:
    """Every entry bundle of a tree of `size` leaves (level is ignored, always 0)."""
    for index in range(size // TILE_WIDTH):
        yield TileRef(0, index)
    if size % TILE_WIDTH:
        yield TileRef(0, size // TILE_WIDTH, size % TILE_WIDTH)


def encode_entry_bundle(entries: list[bytes]) -> bytes:
    """Each entry prefixed with its length as a big-endian uint16."""
    parts = []
    for entry in entries:
        if len(entry) > MAX_ENTRY_SIZE:
            raise MalformedInputError(
                f"an entry of {len(entry)} bytes is too long for a bundle (max {MAX_ENTRY_SIZE})"
            )
        parts.append(len(entry).to_bytes(2, "big") + entry)
    return b"".join(parts)


def decode_entry_bundle(data: bytes, *, width: int, path: str = "entry bundle") -> list[bytes]:
    """The `width` entries of a bundle; raises `TileError` on truncation or extra bytes."""
    entries = []
    offset = 0
    for position in range(width):
        if offset + 2 > len(data):
            raise TileError(f"{path} is truncated: entry {position} of {width} is missing")
        length = int.from_bytes(data[offset : offset + 2], "big")
        offset += 2
        if offset + length > len(data):
            raise TileError(f"{path} is truncated inside entry {position}")
        entries.append(data[offset : offset + length])
        offset += length
    if offset != len(data):
        raise TileError(f"{path} has {len(data) - offset} unexpected bytes after {width} entries")
    return entries


def split_tile(data: bytes, *, width: int, path: str = "tile") -> list[bytes]:
    """The `width` hashes of a tile; raises `TileError` when the length is wrong."""
    if len(data) != width * HASH_SIZE:
        raise TileError(
            f"{path} has {len(data)} bytes; a tile of {width} hashes has {width * HASH_SIZE}"
        )
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


class TileReader(Protocol):
    """Reads a tile, entry bundle or checkpoint by its path; None when it does not exist."""

    def read_tile(self, path: str) -> bytes | None: ...


class TileStore(TileReader, Protocol):
    """A `TileReader` that can also write (the log side)."""

    def write_tile(self, path: str, data: bytes) -> None: ...


class MemoryTileStore:
    """Tiles in a dict, for tests and for building a log in memory."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def read_tile(self, path: str) -> bytes | None:
        return self.files.get(path)

    def write_tile(self, path: str, data: bytes) -> None:
        self.files[path] = data


class DirectoryTileStore:
    """Tiles as files under a directory, laid out exactly as they are served over HTTP."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _file(self, path: str) -> Path:
        if path.startswith("/") or ".." in path.split("/"):
            raise MalformedInputError(f"{path!r} is not a relative tile path")
        return self.root / path

    def read_tile(self, path: str) -> bytes | None:
        file = self._file(path)
        try:
            return file.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            return None

    def write_tile(self, path: str, data: bytes) -> None:
        file = self._file(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a tile.
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def read_required(reader: TileReader, path: str) -> bytes:
    data = reader.read_tile(path)
    if data is None:
        raise TileError(f"{path} is missing")
    return data


class TileHashReader:
    """A `HashReader` over the tiles of a tree of `size` leaves.

    Each tile read is expanded once into its eight internal levels and cached,
    so a proof touches each tile at most once.
    """

    def __init__(self, reader: TileReader, *, size: int) -> None:
        self._reader = reader
        self.size = size
        self._expanded: dict[tuple[int, int], list[list[bytes]]] = {}

    def tile_hashes(self, *, level: int, index: int) -> list[bytes]:
        """The hashes stored in tile (level, index) for this tree size."""
        return self._expand(level, index)[0]

    def _expand(self, level: int, index: int) -> list[list[bytes]]:
        key = (level, index)
        cached = self._expanded.get(key)
        if cached is not None:
            return cached
        count = self.size >> (TILE_HEIGHT * level)
        width = min(TILE_WIDTH, count - index * TILE_WIDTH)
        if width <= 0:
            raise TileError(f"tile {level}/{index} is beyond a tree of size {self.size}")
        path = tile_path(level=level, index=index, width=width)
        layers = [split_tile(read_required(self._reader, path), width=width, path=path)]
        while len(layers[-1]) > 1:
            below = layers[-1]
            layers.append([node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
        self._expanded[key] = layers
        return layers

    def read_hash(self, level: int, index: int) -> bytes:
        if (index + 1) << level > self.size:
            raise TileError(
                f"no complete subtree at level {level}, index {index} in a tree of size {self.size}"
            )
        tile_level, height = divmod(level, TILE_HEIGHT)
        first = index << height  # first hash of tile level covered by this node
        layers = self._expand(tile_level, first // TILE_WIDTH)
        return layers[height][(first % TILE_WIDTH) >> height]
