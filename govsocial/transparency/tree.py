"""Merkle tree storage and RFC 9162 proof generation over any hash store.

A *stored hash* is the root of a complete, aligned subtree: the node at
`(level, index)` covers leaves `[index * 2**level, (index + 1) * 2**level)`.
Every proof and root can be computed from stored hashes alone, so storage is
pluggable: anything with `read_hash(level, index)` is a `HashReader`
(`MemoryTree` below, `TileHashReader` over C2SP tiles in `tiles.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from hashlib import sha256
from typing import Protocol

from govsocial.transparency.errors import MalformedInputError
from govsocial.transparency.hashing import (
    EMPTY_ROOT,
    HASH_SIZE,
    LEAF_PREFIX,
    NODE_PREFIX,
    largest_power_of_two_below,
    node_hash,
)


class HashReader(Protocol):
    """Reads the stored hash of the complete subtree at `(level, index)`."""

    def read_hash(self, level: int, index: int) -> bytes: ...


def subtree_hash(reader: HashReader, *, start: int, end: int) -> bytes:
    """MTH of the leaves `[start, end)`, read from complete subtrees where possible."""
    width = end - start
    if width <= 0:
        raise MalformedInputError(f"empty leaf range [{start}, {end})")
    if width & (width - 1) == 0 and start % width == 0:
        return reader.read_hash(width.bit_length() - 1, start // width)
    split = start + largest_power_of_two_below(width)
    return node_hash(
        subtree_hash(reader, start=start, end=split), subtree_hash(reader, start=split, end=end)
    )


def tree_root(reader: HashReader, *, size: int) -> bytes:
    """The root hash of the tree of `size` leaves."""
    if size < 0:
        raise MalformedInputError(f"tree size {size} is negative")
    return EMPTY_ROOT if size == 0 else subtree_hash(reader, start=0, end=size)


def inclusion_proof(reader: HashReader, *, index: int, size: int) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(index, D[size]), leaf-side hash first."""

    def range_hash(start: int, end: int) -> bytes:
        return subtree_hash(reader, start=start, end=end)

    return _inclusion_path(
        read_hash=reader.read_hash, range_hash=range_hash, index=index, size=size
    )


def _inclusion_path(
    *,
    read_hash: Callable[[int, int], bytes],
    range_hash: Callable[[int, int], bytes],
    index: int,
    size: int,
) -> list[bytes]:
    """PATH without recursion.

    Below the *fork* (the highest complete node on the leaf's path, found from
    the highest bit where index and size differ) every sibling is a complete
    subtree; then comes the root of the leaves right of the fork, then the
    complete subtrees left of the fork, nearest first.
    """
    if not 0 <= index < size:
        raise MalformedInputError(f"leaf index {index} is not inside a tree of size {size}")
    fork_level = (index ^ size).bit_length() - 1
    path = [read_hash(level, (index >> level) ^ 1) for level in range(fork_level)]
    fork_end = ((index >> fork_level) + 1) << fork_level
    if fork_end < size:
        path.append(range_hash(fork_end, size))
    fork_start = fork_end - (1 << fork_level)
    level = 0
    while fork_start >> level:
        if (fork_start >> level) & 1:
            path.append(read_hash(level, (fork_start >> level) - 1))
        level += 1
    return path


def consistency_proof(reader: HashReader, *, old_size: int, new_size: int) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(old_size, D[new_size]); empty when the sizes are equal."""
    if not 0 < old_size <= new_size:
        raise MalformedInputError(
            f"no consistency proof from size {old_size} to size {new_size}: "
            "need 0 < old size <= new size"
        )
    reversed_path: list[bytes] = []
    start, end, old_end = 0, new_size, old_size
    whole_old_tree_is_known = True  # the `b` flag of SUBPROOF
    while old_end != end:
        split = start + largest_power_of_two_below(end - start)
        if old_end <= split:
            reversed_path.append(subtree_hash(reader, start=split, end=end))
            end = split
        else:
            reversed_path.append(subtree_hash(reader, start=start, end=split))
            start = split
            whole_old_tree_is_known = False
    if not whole_old_tree_is_known:
        reversed_path.append(subtree_hash(reader, start=start, end=end))
    reversed_path.reverse()
    return reversed_path


class MemoryTree:
    """An append-only Merkle tree holding every stored hash in memory.

    Appends cost two SHA-256 calls amortised (the leaf, then one merge on
    average). Every stored hash is kept, about 150 bytes per leaf in CPython,
    so 10^6 leaves take about 150 MB; use `TiledLog` for logs kept in storage.
    """

    def __init__(self) -> None:
        self._levels: list[list[bytes]] = [[]]
        # Roots of the incomplete right-edge subtrees, which proofs reuse; they
        # depend on the tree size, so any append clears them.
        self._right_edge: dict[tuple[int, int], bytes] = {}

    @property
    def size(self) -> int:
        return len(self._levels[0])

    def append(self, entry: bytes) -> int:
        """Add one entry as the next leaf; returns its index."""
        return self.append_leaf_hash(sha256(LEAF_PREFIX + entry).digest())

    def append_leaf_hash(self, leaf_hash: bytes) -> int:
        """Add a precomputed leaf hash as the next leaf; returns its index."""
        if len(leaf_hash) != HASH_SIZE:
            raise MalformedInputError(f"a leaf hash must be {HASH_SIZE} bytes")
        if self._right_edge:
            self._right_edge.clear()
        levels = self._levels
        current = levels[0]
        index = position = len(current)
        current.append(leaf_hash)
        level, value = 0, leaf_hash
        while position & 1:
            value = sha256(NODE_PREFIX + current[position - 1] + value).digest()
            level += 1
            position >>= 1
            if level == len(levels):
                levels.append([])
            current = levels[level]
            current.append(value)
        return index

    def read_hash(self, level: int, index: int) -> bytes:
        if level >= len(self._levels) or not 0 <= index < len(self._levels[level]):
            raise MalformedInputError(
                f"no complete subtree at level {level}, index {index} in a tree of {self.size}"
            )
        return self._levels[level][index]

    def _edge_hash(self, start: int, end: int) -> bytes:
        key = (start, end)
        value = self._right_edge.get(key)
        if value is None:
            value = self._right_edge[key] = subtree_hash(self, start=start, end=end)
        return value

    def root(self, *, size: int | None = None) -> bytes:
        """The root of the whole tree, or of its first `size` leaves."""
        wanted = self.size if size is None else size
        if wanted > self.size:
            raise MalformedInputError(f"tree size {wanted} is larger than the tree ({self.size})")
        return EMPTY_ROOT if wanted == 0 else self._edge_hash(0, wanted)

    def inclusion_proof(self, *, index: int, size: int | None = None) -> list[bytes]:
        wanted = self.size if size is None else size
        if wanted > self.size:
            raise MalformedInputError(f"tree size {wanted} is larger than the tree ({self.size})")
        return _inclusion_path(
            read_hash=self.read_hash, range_hash=self._edge_hash, index=index, size=wanted
        )

    def consistency_proof(self, *, old_size: int, new_size: int | None = None) -> list[bytes]:
        wanted = self.size if new_size is None else new_size
        if wanted > self.size:
            raise MalformedInputError(f"tree size {wanted} is larger than the tree ({self.size})")
        return consistency_proof(self, old_size=old_size, new_size=wanted)
