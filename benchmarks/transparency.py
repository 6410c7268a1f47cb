"""Transparency-log speed: appends per second and inclusion-proof time at 10^6 leaves.

Runs our engine and pymerkle 7 on the same entries in the same process and
prints the ratio. Targets (issue 6): >= 20,000 appends/s, proof < 1 ms at
10^6 leaves, >= 5x pymerkle.

    .venv/bin/python benchmarks/transparency.py [--leaves 1000000] [--proofs 2000]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from govsocial.transparency import (
    LogEntry,
    MemoryTileStore,
    MemoryTree,
    TiledLog,
    TileHashReader,
    inclusion_proof,
    leaf_hash,
    verify_inclusion,
)

TARGET_APPENDS_PER_SECOND = 20_000
TARGET_PROOF_MS = 1.0
TARGET_RATIO = 5.0


def make_entries(count: int) -> list[bytes]:
    template = LogEntry(
        index=0,
        time="2026-11-25T10:00:00Z",
        organisation="dept-for-testing",
        account="@roads@social.example",
        network="mastodon",
        remote_id="109876543210",
        action="publish",
        actor_role="publisher",
        reason_code=None,
        content_commitment="ab" * 32,
    ).to_bytes()
    # Vary the index field so every leaf differs, without paying for JSON here.
    return [template.replace(b'"index":0', b'"index":%d' % i) for i in range(count)]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def mean_proof_ms(prove: Callable[[int], object], indexes: list[int]) -> float:
    start = time.perf_counter()
    for index in indexes:
        prove(index)
    return (time.perf_counter() - start) * 1000 / len(indexes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=2_000)
    parser.add_argument("--skip-pymerkle", action="store_true")
    options = parser.parse_args()
    n = options.leaves
    entries = make_entries(n)
    rng = random.Random(6)
    indexes = [rng.randrange(n) for _ in range(options.proofs)]

    tree = MemoryTree()
    append = tree.append
    seconds = timed(lambda: [append(e) for e in entries])
    ours_rate = n / seconds
    ours_proof = mean_proof_ms(lambda i: tree.inclusion_proof(index=i), indexes)
    root = tree.root()
    for index in indexes[:50]:
        verify_inclusion(
            leaf_hash=leaf_hash(entries[index]),
            index=index,
            size=n,
            proof=tree.inclusion_proof(index=index),
            root=root,
        )

    store = MemoryTileStore()
    log = TiledLog.empty()
    tiled_seconds = timed(lambda: (log.extend(entries), log.flush(store)))
    assert log.root() == root
    # A fresh reader per run: each tile is read and expanded the first time a proof needs it.
    reader = TileHashReader(store, size=n)
    tile_proof = mean_proof_ms(lambda i: inclusion_proof(reader, index=i, size=n), indexes)

    print(f"leaves: {n:,}")
    print(f"ours, MemoryTree append:        {ours_rate:>12,.0f} appends/s")
    print(f"ours, TiledLog append + flush:  {n / tiled_seconds:>12,.0f} appends/s")
    print(f"ours, inclusion proof (memory): {ours_proof:>12.4f} ms")
    print(f"ours, inclusion proof (tiles):  {tile_proof:>12.4f} ms (tile cache starts empty)")

    verdicts = [
        ("appends/s", ours_rate >= TARGET_APPENDS_PER_SECOND),
        ("proof time", ours_proof < TARGET_PROOF_MS),
    ]
    if not options.skip_pymerkle:
        from pymerkle import InmemoryTree

        theirs = InmemoryTree()
        their_append = theirs.append_entry
        their_seconds = timed(lambda: [their_append(e) for e in entries])
        theirs_rate = n / their_seconds
        # pymerkle numbers leaves from 1.
        theirs_proof = mean_proof_ms(lambda i: theirs.prove_inclusion(i + 1), indexes)
        assert theirs.get_root() == root
        append_ratio = ours_rate / theirs_rate
        proof_ratio = theirs_proof / ours_proof
        print(f"pymerkle 7, append:             {theirs_rate:>12,.0f} appends/s")
        print(f"pymerkle 7, inclusion proof:    {theirs_proof:>12.4f} ms")
        print(f"ratio (ours / pymerkle): appends {append_ratio:.2f}x, proofs {proof_ratio:.2f}x")
        verdicts.append(("5x pymerkle (appends)", append_ratio >= TARGET_RATIO))
        verdicts.append(("5x pymerkle (proofs)", proof_ratio >= TARGET_RATIO))
    for name, ok in verdicts:
        print(f"target {name}: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
