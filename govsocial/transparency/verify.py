"""RFC 9162 proof verification, written from §2.1.3.2 and §2.1.4.2.

Both verifiers raise `ProofError` with a message saying why the proof failed,
and `MalformedInputError` when the arguments themselves are impossible.

Edge cases (the ones implementations get wrong, see reliability.md §1):
- inclusion: index must satisfy 0 <= index < size;
- consistency: old_size = 0 is rejected (a proof from the empty tree says nothing,
  callers that want trust-on-first-use must handle it themselves); old_size > new_size
  is rejected; old_size = new_size needs an empty proof and equal roots, as in
  RFC 9162 §2.1.4.1 (SUBPROOF(m, D[m], true) = {}) and transparency-dev/merkle.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import sha256

from govsocial.transparency.errors import MalformedInputError, ProofError
from govsocial.transparency.hashing import HASH_SIZE, NODE_PREFIX


def _check_hashes(*, proof: Sequence[bytes], what: str) -> None:
    for position, value in enumerate(proof):
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            raise MalformedInputError(
                f"{what} hash {position} is not a {HASH_SIZE}-byte SHA-256 value"
            )


def root_from_inclusion_proof(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """The root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1-4)."""
    if size < 1 or not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not inside a tree of size {size}")
    _check_hashes(proof=[leaf_hash], what="leaf")
    _check_hashes(proof=proof, what="inclusion proof")
    fn = index
    sn = size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof has more hashes than the tree has levels")
        if fn & 1 or fn == sn:
            r = sha256(NODE_PREFIX + p + r).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = sha256(NODE_PREFIX + r + p).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof has too few hashes for the tree size")
    return r


def verify_inclusion(
    *, leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that the leaf with `leaf_hash` is at `index` in the tree `(size, root)`."""
    _check_hashes(proof=[root], what="root")
    computed = root_from_inclusion_proof(leaf_hash=leaf_hash, index=index, size=size, proof=proof)
    if computed != root:
        raise ProofError(f"inclusion proof for leaf {index} does not lead to the root ({size})")


def verify_consistency(
    *,
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> None:
    """Check that the tree `(old_size, old_root)` is a prefix of `(new_size, new_root)`."""
    _check_hashes(proof=[old_root, new_root], what="root")
    _check_hashes(proof=proof, what="consistency proof")
    if old_size < 1:
        raise ProofError("consistency from an empty tree proves nothing (old size is 0)")
    if old_size > new_size:
        raise ProofError(f"old size {old_size} is larger than new size {new_size}")
    if old_size == new_size:
        if proof:
            raise ProofError("consistency proof between equal sizes must be empty")
        if old_root != new_root:
            raise ProofError(f"two different roots for the same tree size {old_size}")
        return
    # RFC 9162 §2.1.4.2, step by step.
    if not proof:
        raise ProofError("consistency proof is empty")
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn = old_size - 1
    sn = new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof has more hashes than the tree has levels")
        if fn & 1 or fn == sn:
            fr = sha256(NODE_PREFIX + c + fr).digest()
            sr = sha256(NODE_PREFIX + c + sr).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = sha256(NODE_PREFIX + sr + c).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof has too few hashes for the tree sizes")
    if fr != old_root:
        raise ProofError(f"consistency proof does not lead to the old root of size {old_size}")
    if sr != new_root:
        raise ProofError(f"consistency proof does not lead to the new root of size {new_size}")
