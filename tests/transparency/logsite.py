"""Builds a signed tiled log in a directory, the way the Django side will publish it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govsocial.transparency import (
    CHECKPOINT_PATH,
    Checkpoint,
    DirectoryTileStore,
    NoteSigner,
    integrate,
)

ORIGIN = "gov.example/transparency-log"


@dataclass
class LogSite:
    directory: Path
    signer: NoteSigner
    size: int = 0

    @property
    def vkey(self) -> str:
        return self.signer.verifier.vkey

    def add(self, entries: list[bytes]) -> None:
        store = DirectoryTileStore(self.directory)
        result = integrate(store=store, old_size=self.size, entries=entries)
        self.size = result.new_size
        checkpoint = Checkpoint(origin=ORIGIN, size=result.new_size, root_hash=result.root)
        store.write_tile(CHECKPOINT_PATH, checkpoint.sign(signers=[self.signer]))


def make_site(directory: Path, *, size: int, signer: NoteSigner | None = None) -> LogSite:
    site = LogSite(directory=directory, signer=signer or NoteSigner.generate(name=ORIGIN))
    site.add([f'{{"index":{i}}}'.encode() for i in range(size)])
    return site
