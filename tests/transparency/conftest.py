"""Shared fixtures: a reference tree whose every proof the tests check."""

from __future__ import annotations

import pytest

from govsocial.transparency import MemoryTree

MAX_SIZE = 256


def entry(index: int) -> bytes:
    return f"entry-{index}".encode()


@pytest.fixture(scope="session")
def tree_256() -> MemoryTree:
    tree = MemoryTree()
    for index in range(MAX_SIZE):
        tree.append(entry(index))
    return tree
