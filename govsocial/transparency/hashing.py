"""RFC 9162 §2.1.1 Merkle tree hashing with SHA-256."""

from __future__ import annotations

from hashlib import sha256

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"

#: The root hash of the empty tree: SHA-256 of the empty string.
EMPTY_ROOT = sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    """MTH({d(0)}) = SHA-256(0x00 || d(0))."""
    return sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || MTH(left) || MTH(right))."""
    return sha256(NODE_PREFIX + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """The split point k of RFC 9162: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_subtree_hash(hashes: list[bytes]) -> bytes:
    """The root of a perfect subtree over `hashes`, whose length is a power of two."""
    level = hashes
    while len(level) > 1:
        level = [
            sha256(NODE_PREFIX + level[i] + level[i + 1]).digest() for i in range(0, len(level), 2)
        ]
    return level[0]


def root_from_leaf_hashes(hashes: list[bytes]) -> bytes:
    """MTH over a full list of leaf hashes, computed bottom-up in O(n)."""
    if not hashes:
        return EMPTY_ROOT
    level = hashes
    while len(level) > 1:
        paired = [
            sha256(NODE_PREFIX + level[i] + level[i + 1]).digest()
            for i in range(0, len(level) - 1, 2)
        ]
        # An odd node at the right edge is promoted unchanged: RFC 9162 splits at the
        # largest power of two, which leaves the right-most subtree unpaired at this level.
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]
