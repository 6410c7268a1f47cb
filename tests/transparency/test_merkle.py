"""RFC 9162 hashing, proofs and verifiers: known vectors, exhaustive sweeps, mutations."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.transparency import (
    EMPTY_ROOT,
    MalformedInputError,
    MemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from govsocial.transparency.hashing import root_from_leaf_hashes
from tests.transparency import rfc_reference
from tests.transparency.conftest import MAX_SIZE

# The reference tree of the certificate-transparency test data, as published in
# transparency-dev/merkle testonly/constants.go and proof/verify_test.go.
CT_LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size, proof); transparency-dev numbers leaves from 1, we from 0.
CT_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CT_CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip

REJECTED = (ProofError, MalformedInputError)


@pytest.fixture(scope="module")
def ct_tree() -> MemoryTree:
    tree = MemoryTree()
    for leaf in CT_LEAVES:
        tree.append(leaf)
    return tree


def test_the_empty_tree_hashes_to_sha256_of_nothing() -> None:
    assert EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert MemoryTree().root() == EMPTY_ROOT


def test_roots_match_the_certificate_transparency_reference_tree(ct_tree: MemoryTree) -> None:
    for size, expected in enumerate(CT_ROOTS):
        assert ct_tree.root(size=size).hex() == expected, f"size {size}"


@pytest.mark.parametrize(("index", "size", "expected"), CT_INCLUSION)
def test_inclusion_proofs_match_the_published_vectors(
    ct_tree: MemoryTree, index: int, size: int, expected: list[str]
) -> None:
    proof = ct_tree.inclusion_proof(index=index, size=size)
    assert [h.hex() for h in proof] == expected
    verify_inclusion(
        leaf_hash=leaf_hash(CT_LEAVES[index]),
        index=index,
        size=size,
        proof=proof,
        root=bytes.fromhex(CT_ROOTS[size]),
    )


@pytest.mark.parametrize(("old_size", "new_size", "expected"), CT_CONSISTENCY)
def test_consistency_proofs_match_the_published_vectors(
    ct_tree: MemoryTree, old_size: int, new_size: int, expected: list[str]
) -> None:
    proof = ct_tree.consistency_proof(old_size=old_size, new_size=new_size)
    assert [h.hex() for h in proof] == expected
    verify_consistency(
        old_size=old_size,
        new_size=new_size,
        old_root=bytes.fromhex(CT_ROOTS[old_size]),
        new_root=bytes.fromhex(CT_ROOTS[new_size]),
        proof=proof,
    )


def test_roots_agree_with_a_literal_rfc_implementation_for_sizes_up_to_300() -> None:
    entries = [f"leaf {i}".encode() for i in range(300)]
    tree = MemoryTree()
    for item in entries:
        tree.append(item)
    for size in range(301):
        expected = rfc_reference.mth(entries[:size])
        assert tree.root(size=size) == expected, f"size {size}"
        assert root_from_leaf_hashes([leaf_hash(e) for e in entries[:size]]) == expected


def test_proofs_agree_with_a_literal_rfc_implementation_for_sizes_up_to_40() -> None:
    entries = [f"leaf {i}".encode() for i in range(40)]
    tree = MemoryTree()
    for item in entries:
        tree.append(item)
    for size in range(1, 41):
        for index in range(size):
            assert tree.inclusion_proof(index=index, size=size) == rfc_reference.path(
                index, entries[:size]
            )
        for old in range(1, size + 1):
            assert tree.consistency_proof(old_size=old, new_size=size) == rfc_reference.proof(
                old, entries[:size]
            )


def test_every_inclusion_proof_up_to_256_leaves_verifies(tree_256: MemoryTree) -> None:
    for size in range(1, MAX_SIZE + 1):
        root = tree_256.root(size=size)
        for index in range(size):
            proof = inclusion_proof(tree_256, index=index, size=size)
            verify_inclusion(
                leaf_hash=tree_256.read_hash(0, index),
                index=index,
                size=size,
                proof=proof,
                root=root,
            )


def test_every_consistency_proof_up_to_256_leaves_verifies(tree_256: MemoryTree) -> None:
    roots = [tree_256.root(size=size) for size in range(MAX_SIZE + 1)]
    for new_size in range(2, MAX_SIZE + 1):
        for old_size in range(1, new_size):
            proof = consistency_proof(tree_256, old_size=old_size, new_size=new_size)
            verify_consistency(
                old_size=old_size,
                new_size=new_size,
                old_root=roots[old_size],
                new_root=roots[new_size],
                proof=proof,
            )


def _flip_bit(value: bytes, bit: int) -> bytes:
    flipped = bytearray(value)
    flipped[bit // 8 % len(value)] ^= 1 << (bit % 8)
    return bytes(flipped)


def inclusion_mutations(
    *, index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes, bit: int
) -> dict[str, tuple[int, int, list[bytes], bytes, bytes]]:
    """Every way to corrupt an inclusion proof (as transparency-dev's verifier tests)."""
    other = hashlib.sha256(b"not in the tree").digest()
    mutations = {
        "index - 1": (index - 1, size, proof, root, leaf),
        "index + 1": (index + 1, size, proof, root, leaf),
        "index ^ 2": (index ^ 2, size, proof, root, leaf),
        "size * 2": (index, size * 2, proof, root, leaf),
        "size // 2": (index, size // 2, proof, root, leaf),
        "wrong leaf": (index, size, proof, root, other),
        "empty-tree root": (index, size, proof, EMPTY_ROOT, leaf),
        "flipped root bit": (index, size, proof, _flip_bit(root, bit), leaf),
        "flipped leaf bit": (index, size, proof, root, _flip_bit(leaf, bit)),
        "extra hash at the end": (index, size, [*proof, root], root, leaf),
        "extra hash at the front": (index, size, [root, *proof], root, leaf),
        "empty-bytes hash": (index, size, [*proof, b""], root, leaf),
    }
    if proof:
        position = bit % len(proof)
        corrupted = list(proof)
        corrupted[position] = _flip_bit(proof[position], bit)
        mutations["flipped proof bit"] = (index, size, corrupted, root, leaf)
        mutations["missing last hash"] = (index, size, proof[:-1], root, leaf)
        mutations["missing first hash"] = (index, size, proof[1:], root, leaf)
    if len(proof) > 1:
        mutations["inserted hash"] = (index, size, [proof[0], other, *proof[1:]], root, leaf)
        mutations["reversed path"] = (index, size, proof[::-1], root, leaf)
        swapped = list(proof)
        swapped[0], swapped[1] = swapped[1], swapped[0]
        mutations["first two hashes swapped"] = (index, size, swapped, root, leaf)
    return mutations


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_corrupted_inclusion_proof_is_rejected(
    tree_256: MemoryTree, data: st.DataObject
) -> None:
    size = data.draw(st.integers(1, MAX_SIZE), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    bit = data.draw(st.integers(0, 255), label="bit")
    proof = tree_256.inclusion_proof(index=index, size=size)
    root = tree_256.root(size=size)
    leaf = tree_256.read_hash(0, index)
    for name, (i, n, p, r, h) in inclusion_mutations(
        index=index, size=size, proof=proof, root=root, leaf=leaf, bit=bit
    ).items():
        if p == proof and (i, n, r, h) == (index, size, root, leaf):
            continue  # e.g. reversing a one-hash path changes nothing
        with pytest.raises(REJECTED):
            verify_inclusion(leaf_hash=h, index=i, size=n, proof=p, root=r)
            pytest.fail(f"accepted inclusion mutation: {name}")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_corrupted_consistency_proof_is_rejected(
    tree_256: MemoryTree, data: st.DataObject
) -> None:
    new_size = data.draw(st.integers(2, MAX_SIZE), label="new size")
    old_size = data.draw(st.integers(1, new_size - 1), label="old size")
    bit = data.draw(st.integers(0, 255), label="bit")
    proof = tree_256.consistency_proof(old_size=old_size, new_size=new_size)
    old_root, new_root = tree_256.root(size=old_size), tree_256.root(size=new_size)
    position = bit % len(proof)
    corrupted = list(proof)
    corrupted[position] = _flip_bit(proof[position], bit)
    mutations: dict[str, tuple[int, int, bytes, bytes, list[bytes]]] = {
        "old size - 1": (old_size - 1, new_size, old_root, new_root, proof),
        "old size + 1": (old_size + 1, new_size, old_root, new_root, proof),
        "old size ^ 2": (old_size ^ 2, new_size, old_root, new_root, proof),
        "new size * 2": (old_size, new_size * 2, old_root, new_root, proof),
        "new size // 2": (old_size, new_size // 2, old_root, new_root, proof),
        "old size 0": (0, new_size, old_root, new_root, proof),
        "old size = new size": (new_size, new_size, old_root, new_root, proof),
        "swapped roots": (old_size, new_size, new_root, old_root, proof),
        "flipped old root bit": (old_size, new_size, _flip_bit(old_root, bit), new_root, proof),
        "flipped new root bit": (old_size, new_size, old_root, _flip_bit(new_root, bit), proof),
        "flipped proof bit": (old_size, new_size, old_root, new_root, corrupted),
        "empty proof": (old_size, new_size, old_root, new_root, []),
        "missing last hash": (old_size, new_size, old_root, new_root, proof[:-1]),
        "missing first hash": (old_size, new_size, old_root, new_root, proof[1:]),
        "extra old root at the end": (old_size, new_size, old_root, new_root, [*proof, old_root]),
        "extra new root at the end": (old_size, new_size, old_root, new_root, [*proof, new_root]),
        "extra hash at the front": (old_size, new_size, old_root, new_root, [proof[0], *proof]),
        "old root at the front": (old_size, new_size, old_root, new_root, [old_root, *proof]),
    }
    if len(proof) > 1 and proof[0] != proof[1]:
        mutations["reversed path"] = (old_size, new_size, old_root, new_root, proof[::-1])
    for name, (m, n, r1, r2, p) in mutations.items():
        if (m, n, r1, r2, p) == (old_size, new_size, old_root, new_root, proof):
            continue  # old_size ^ 2 can equal old_size's twin; nothing changed
        with pytest.raises(REJECTED):
            verify_consistency(old_size=m, new_size=n, old_root=r1, new_root=r2, proof=p)
            pytest.fail(f"accepted consistency mutation: {name}")


def test_equal_sizes_need_an_empty_proof_and_equal_roots(tree_256: MemoryTree) -> None:
    root = tree_256.root(size=10)
    verify_consistency(old_size=10, new_size=10, old_root=root, new_root=root, proof=[])
    assert tree_256.consistency_proof(old_size=10, new_size=10) == []
    with pytest.raises(ProofError, match="must be empty"):
        verify_consistency(old_size=10, new_size=10, old_root=root, new_root=root, proof=[root])
    with pytest.raises(ProofError, match="two different roots"):
        verify_consistency(
            old_size=10, new_size=10, old_root=root, new_root=tree_256.root(size=11), proof=[]
        )


def test_consistency_from_an_empty_tree_is_rejected(tree_256: MemoryTree) -> None:
    with pytest.raises(ProofError, match="old size is 0"):
        verify_consistency(
            old_size=0, new_size=5, old_root=EMPTY_ROOT, new_root=tree_256.root(size=5), proof=[]
        )


def test_a_shrinking_tree_is_rejected(tree_256: MemoryTree) -> None:
    with pytest.raises(ProofError, match="larger than new size"):
        verify_consistency(
            old_size=6,
            new_size=5,
            old_root=tree_256.root(size=6),
            new_root=tree_256.root(size=5),
            proof=[],
        )


def test_inclusion_outside_the_tree_is_rejected(tree_256: MemoryTree) -> None:
    leaf = tree_256.read_hash(0, 0)
    for index, size in [(0, 0), (1, 1), (-1, 4), (4, 4)]:
        with pytest.raises(ProofError, match="not inside a tree"):
            root_from_inclusion_proof(leaf_hash=leaf, index=index, size=size, proof=[])


def test_hashes_of_the_wrong_length_are_bad_input(tree_256: MemoryTree) -> None:
    proof = tree_256.inclusion_proof(index=3, size=8)
    with pytest.raises(MalformedInputError, match="hash 1 is not a 32-byte"):
        verify_inclusion(
            leaf_hash=tree_256.read_hash(0, 3),
            index=3,
            size=8,
            proof=[proof[0], proof[1][:31], proof[2]],
            root=tree_256.root(size=8),
        )


def test_proof_generation_refuses_impossible_sizes(tree_256: MemoryTree) -> None:
    with pytest.raises(MalformedInputError):
        tree_256.consistency_proof(old_size=0, new_size=5)
    with pytest.raises(MalformedInputError):
        tree_256.consistency_proof(old_size=6, new_size=5)
    with pytest.raises(MalformedInputError):
        tree_256.inclusion_proof(index=5, size=5)
    with pytest.raises(MalformedInputError):
        tree_256.root(size=MAX_SIZE + 1)
