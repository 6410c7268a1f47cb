"""Go's golang.org/x/mod/sumdb/note and sumdb/tlog accept our checkpoints and tiles.

Needs the Debian packages golang-go and golang-golang-x-mod-dev (offline GOPATH
at /usr/share/gocode); skipped with the reason when they are absent.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from govsocial.transparency import TileHashReader, consistency_proof, inclusion_proof
from govsocial.transparency.tiles import DirectoryTileStore
from tests.transparency.logsite import make_site

GOPATH = Path("/usr/share/gocode")
GO_SOURCE = Path(__file__).parent / "go" / "crosscheck.go"

pytestmark = [
    pytest.mark.skipif(
        shutil.which("go") is None, reason="Go is not installed (apt-get install golang-go)"
    ),
    pytest.mark.skipif(
        not (GOPATH / "src/golang.org/x/mod/sumdb/note").is_dir(),
        reason="golang.org/x/mod is not installed (apt-get install golang-golang-x-mod-dev)",
    ),
]


@pytest.fixture(scope="module")
def crosscheck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = tmp_path_factory.mktemp("go")
    binary = build / "crosscheck"
    environment = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOFLAGS": "",
        "GOCACHE": str(build / "cache"),
    }
    subprocess.run(
        ["go", "build", "-o", str(binary), str(GO_SOURCE)],
        env=environment,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return binary


@pytest.mark.parametrize("size", [1, 255, 256, 257, 1000, 65536 + 300])
def test_go_accepts_our_checkpoint_tiles_and_proofs(
    crosscheck: Path, tmp_path: Path, size: int
) -> None:
    site = make_site(tmp_path / "site", size=size)
    indexes = sorted({0, size // 3, size - 1})
    olds = sorted({1, size // 2 or 1, size})
    completed = subprocess.run(
        [
            str(crosscheck),
            "-dir",
            str(site.directory),
            "-vkey",
            site.vkey,
            "-index",
            ",".join(map(str, indexes)),
            "-old",
            ",".join(map(str, olds)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    go = json.loads(completed.stdout)
    reader = TileHashReader(DirectoryTileStore(site.directory), size=size)
    assert go["size"] == size
    for index in indexes:
        ours = inclusion_proof(reader, index=index, size=size)
        assert go["inclusion"][str(index)] == [base64.b64encode(h).decode() for h in ours]
    for old in olds:
        ours = consistency_proof(reader, old_size=old, new_size=size)
        assert go["consistency"][str(old)] == [base64.b64encode(h).decode() for h in ours]


def test_go_rejects_a_tampered_tile(crosscheck: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", size=600)
    tile = site.directory / "tile/0/001"
    data = bytearray(tile.read_bytes())
    data[0] ^= 1
    tile.write_bytes(bytes(data))
    completed = subprocess.run(
        [str(crosscheck), "-dir", str(site.directory), "-vkey", site.vkey],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert "tile/0/001 differs from the tile Go builds" in completed.stderr
