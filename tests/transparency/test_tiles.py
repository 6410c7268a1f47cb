"""C2SP tlog-tiles: paths, bundles, and a tiled log that matches the in-memory tree."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.transparency import (
    DirectoryTileStore,
    MalformedInputError,
    MemoryTileStore,
    MemoryTree,
    TiledLog,
    TileError,
    TileHashReader,
    consistency_proof,
    entries_path,
    inclusion_proof,
    integrate,
    tile_path,
    tree_root,
)
from govsocial.transparency.hashing import perfect_subtree_hash
from govsocial.transparency.tiles import (
    decode_entry_bundle,
    encode_entry_bundle,
    parse_tile_path,
    tiles_for_size,
)


@pytest.mark.parametrize(
    ("level", "index", "width", "path"),
    [
        (0, 0, 256, "tile/0/000"),
        (0, 5, 256, "tile/0/005"),
        (0, 1000, 256, "tile/0/x001/000"),
        (1, 1234067, 256, "tile/1/x001/x234/067"),
        (2, 3, 17, "tile/2/003.p/17"),
        (0, 999, 255, "tile/0/999.p/255"),
    ],
)
def test_tile_paths_follow_the_c2sp_layout(level: int, index: int, width: int, path: str) -> None:
    assert tile_path(level=level, index=index, width=width) == path
    assert parse_tile_path(path) == (level, index, width)


def test_entry_bundle_paths_live_under_tile_entries() -> None:
    assert entries_path(index=1000) == "tile/entries/x001/000"
    assert entries_path(index=2, width=7) == "tile/entries/002.p/7"
    assert parse_tile_path("tile/entries/002.p/7") == ("entries", 2, 7)


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/5",
        "tile/0/0005",
        "tile/8/0/000",
        "tile/0/000.p/256",
        "tile/0/000.p/0",
        "tile/0/x000",
    ],
)
def test_non_canonical_tile_paths_are_refused(path: str) -> None:
    with pytest.raises(MalformedInputError):
        parse_tile_path(path)


def test_a_size_that_is_a_multiple_of_256_has_no_partial_level_0_tile() -> None:
    paths = [ref.path for ref in tiles_for_size(512)]
    assert paths == ["tile/0/000", "tile/0/001", "tile/1/000.p/2"]
    assert [ref.path for ref in tiles_for_size(256 * 256 + 3)][-3:] == [
        "tile/0/256.p/3",
        "tile/1/000",
        "tile/2/000.p/1",
    ]


def test_entry_bundles_prefix_each_entry_with_a_big_endian_uint16_length() -> None:
    bundle = encode_entry_bundle([b"", b"ab", b"x" * 300])
    assert bundle[:4] == b"\x00\x00\x00\x02"
    assert bundle[6:8] == b"\x01\x2c"
    assert decode_entry_bundle(bundle, width=3) == [b"", b"ab", b"x" * 300]


def test_a_truncated_entry_bundle_is_a_tile_error() -> None:
    bundle = encode_entry_bundle([b"abc", b"def"])
    with pytest.raises(TileError, match="truncated"):
        decode_entry_bundle(bundle[:-1], width=2)
    with pytest.raises(TileError, match="unexpected bytes"):
        decode_entry_bundle(bundle + b"\x00", width=2)


def test_entries_longer_than_a_uint16_are_refused() -> None:
    with pytest.raises(MalformedInputError, match="too long"):
        TiledLog.empty().append(b"x" * 65536)


def test_partial_tiles_are_never_hashed_into_the_level_above() -> None:
    store = MemoryTileStore()
    integrate(store=store, old_size=0, entries=[b"%d" % i for i in range(256 + 255)])
    level_one = store.files["tile/1/000.p/1"]
    assert level_one == perfect_subtree_hash(
        [store.files["tile/0/000"][i : i + 32] for i in range(0, 8192, 32)]
    )
    assert "tile/0/001.p/255" in store.files


@settings(max_examples=40, deadline=None)
@given(batches=st.lists(st.integers(1, 700), min_size=1, max_size=8), seed=st.integers(0, 1000))
def test_a_tiled_log_built_in_batches_matches_the_in_memory_tree(
    batches: list[int], seed: int
) -> None:
    store = MemoryTileStore()
    tree = MemoryTree()
    rng = random.Random(seed)
    size = 0
    for batch in batches:
        entries = [rng.randbytes(rng.randrange(0, 40)) for _ in range(batch)]
        for item in entries:
            tree.append(item)
        result = integrate(store=store, old_size=size, entries=entries)
        old_size, size = size, result.new_size
        assert result.root == tree.root()
        reader = TileHashReader(store, size=size)
        assert tree_root(reader, size=size) == tree.root()
        index = rng.randrange(size)
        assert inclusion_proof(reader, index=index, size=size) == tree.inclusion_proof(index=index)
        if old_size:
            assert consistency_proof(
                reader, old_size=old_size, new_size=size
            ) == tree.consistency_proof(old_size=old_size)
    for ref in tiles_for_size(size):
        assert ref.path in store.files, ref.path


def test_a_log_reloaded_from_its_tiles_continues_where_it_stopped(tmp_path: Path) -> None:
    store = DirectoryTileStore(tmp_path)
    first = integrate(store=store, old_size=0, entries=[b"a", b"b", b"c"])
    log = TiledLog.load(store, size=first.new_size)
    assert log.root() == first.root
    assert log.append(b"d") == 3
    log.flush(store)
    tree = MemoryTree()
    for item in [b"a", b"b", b"c", b"d"]:
        tree.append(item)
    assert log.root() == tree.root()
    assert (tmp_path / "tile/0/000.p/4").read_bytes() == b"".join(
        tree.read_hash(0, i) for i in range(4)
    )
    assert decode_entry_bundle((tmp_path / "tile/entries/000.p/4").read_bytes(), width=4) == [
        b"a",
        b"b",
        b"c",
        b"d",
    ]


def test_loading_a_log_whose_partial_tile_is_missing_says_which_tile() -> None:
    store = MemoryTileStore()
    integrate(store=store, old_size=0, entries=[b"a", b"b", b"c"])
    del store.files["tile/0/000.p/3"]
    with pytest.raises(TileError, match=r"tile/0/000\.p/3 is missing"):
        TiledLog.load(store, size=3)


def test_a_tile_of_the_wrong_length_is_a_tile_error() -> None:
    store = MemoryTileStore()
    integrate(store=store, old_size=0, entries=[b"a", b"b", b"c"])
    store.files["tile/0/000.p/3"] = store.files["tile/0/000.p/3"][:-1]
    with pytest.raises(TileError, match="95 bytes"):
        tree_root(TileHashReader(store, size=3), size=3)


def test_directory_store_refuses_paths_outside_its_root(tmp_path: Path) -> None:
    with pytest.raises(MalformedInputError):
        DirectoryTileStore(tmp_path).write_tile("../escape", b"x")
