"""`govsocial log verify | witness | keygen`, as a citizen or a witness would run them."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govsocial.cli import main
from govsocial.transparency import NoteSigner
from tests.transparency.logsite import ORIGIN, LogSite, make_site


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["log", *args], input=input)


@pytest.fixture
def site(tmp_path: Path) -> LogSite:
    return make_site(tmp_path / "site", size=600)


def verify(site: LogSite, *extra: str) -> Result:
    return run("verify", str(site.directory), "--key", site.vkey, *extra)


def test_a_good_log_passes_every_check(site: LogSite, tmp_path: Path) -> None:
    result = verify(site, "--state", str(tmp_path / "state.json"), "--entry", "0", "--entry", "599")
    assert result.exit_code == 0, result.output
    assert "PASS signature" in result.output
    assert "PASS tiles: all 4 tiles hash consistently" in result.output
    assert "PASS entries: all 600 entries" in result.output
    assert "PASS root" in result.output
    assert 'PASS inclusion of entry 599: {"index":599}' in result.output
    assert "verification passed" in result.output


def test_a_flipped_byte_in_a_full_tile_fails_the_tile_check_naming_the_tile(
    site: LogSite,
) -> None:
    tile = site.directory / "tile/0/001"
    data = bytearray(tile.read_bytes())
    data[100] ^= 0x01
    tile.write_bytes(bytes(data))
    result = verify(site)
    assert result.exit_code == 1
    assert "FAIL tiles: tile/0/001 does not hash to hash 1 of tile/1/000.p/2" in result.output
    assert "FAIL entries: entry 259 in tile/entries/001" in result.output
    assert "verification FAILED: tiles, entries" in result.output
    assert "Traceback" not in result.output


def test_a_changed_entry_fails_the_entries_check(site: LogSite) -> None:
    bundle = site.directory / "tile/entries/002.p/88"
    bundle.write_bytes(bundle.read_bytes().replace(b'"index":520', b'"index":521'))
    result = verify(site)
    assert result.exit_code == 1
    assert "FAIL entries: entry 520 in tile/entries/002.p/88" in result.output


def test_a_rewritten_partial_tile_fails_the_root_check(site: LogSite) -> None:
    tile = site.directory / "tile/0/002.p/88"
    data = bytearray(tile.read_bytes())
    data[0] ^= 0x80
    tile.write_bytes(bytes(data))
    result = verify(site, "--no-entries")
    assert result.exit_code == 1
    assert "FAIL root: root recomputed from the tiles does not match" in result.output


def test_the_wrong_key_fails_the_signature_check(site: LogSite) -> None:
    other = NoteSigner.generate(name=ORIGIN)
    result = run("verify", str(site.directory), "--key", other.verifier.vkey)
    assert result.exit_code == 1
    assert "FAIL signature: the note is not signed by" in result.output


def _truncate_tile(directory: Path) -> None:
    tile = directory / "tile/0/000"
    tile.write_bytes(tile.read_bytes()[:-5])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_truncate_tile, "tile/0/000 has 8187 bytes; a tile of 256 hashes has 8192"),
        (lambda d: (d / "tile/1/000.p/2").unlink(), "tile/1/000.p/2 is missing"),
        (
            lambda d: (d / "checkpoint").write_bytes(b"not a checkpoint\n"),
            "malformed checkpoint: note has no blank line before its signatures",
        ),
        (lambda d: (d / "checkpoint").unlink(), "checkpoint is missing"),
    ],
    ids=["truncated tile", "missing tile", "malformed checkpoint", "missing checkpoint"],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(
    site: LogSite, damage: Callable[[Path], None], message: str
) -> None:
    damage(site.directory)
    result = verify(site)
    assert result.exit_code == 2, result.output
    assert result.output == f"error: {message}\n"


def test_an_edited_checkpoint_fails_the_signature_check(site: LogSite) -> None:
    checkpoint = site.directory / "checkpoint"
    checkpoint.write_bytes(checkpoint.read_bytes().replace(b"\n600\n", b"\n601\n"))
    result = verify(site)
    assert result.exit_code == 1
    assert "FAIL signature: the signature by gov.example/transparency-log does not verify" in (
        result.output
    )


@pytest.mark.parametrize(
    "key",
    ["nonsense", "name+zzzzzzzz+AAAA", ORIGIN + "+00000000+" + "A" * 44],
)
def test_a_malformed_key_exits_2(site: LogSite, key: str) -> None:
    result = run("verify", str(site.directory), "--key", key)
    assert result.exit_code == 2
    assert result.output.startswith("error: log key:")


def test_a_missing_source_or_key_exits_2(tmp_path: Path, site: LogSite) -> None:
    assert run("verify", str(tmp_path / "nowhere"), "--key", site.vkey).exit_code == 2
    assert run("verify", str(site.directory)).exit_code == 2
    missing_file = run("verify", str(site.directory), "--key-file", str(tmp_path / "no.vkey"))
    assert missing_file.exit_code == 2
    assert "cannot read log key" in missing_file.output


def test_an_unreachable_url_exits_2() -> None:
    # Port 9 on loopback: nothing listens, so the connection is refused at once.
    result = run(
        "verify", "http://127.0.0.1:9/log", "--key", NoteSigner.generate(name="a").verifier.vkey
    )
    assert result.exit_code == 2
    assert "cannot reach http://127.0.0.1:9/log/checkpoint" in result.output


@pytest.fixture
def served(site: LogSite) -> Iterator[str]:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site.directory))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_log_served_over_http_verifies(site: LogSite, served: str) -> None:
    result = run("verify", served, "--key", site.vkey, "--entry", "42")
    assert result.exit_code == 0, result.output
    assert 'PASS inclusion of entry 42: {"index":42}' in result.output


def test_the_state_file_catches_a_log_that_rewrote_its_history(
    site: LogSite, tmp_path: Path
) -> None:
    state = str(tmp_path / "state.json")
    assert verify(site, "--state", state).exit_code == 0
    site.add([b'{"index":600}'])
    grown = verify(site, "--state", state)
    assert grown.exit_code == 0, grown.output
    assert "PASS consistency: size 601 extends last seen size 600" in grown.output

    # The operator rebuilds the log with one old entry changed and re-signs it.
    rebuilt = make_site(tmp_path / "rebuilt", size=0, signer=site.signer)
    rebuilt.add(
        [b'{"index":0,"edited":true}'] + [f'{{"index":{i}}}'.encode() for i in range(1, 700)]
    )
    forked = run("verify", str(rebuilt.directory), "--key", site.vkey, "--state", state)
    assert forked.exit_code == 1
    assert "FAIL consistency: size 700 does not extend size 601" in forked.output


def test_the_state_file_catches_a_log_that_shrank(site: LogSite, tmp_path: Path) -> None:
    state = str(tmp_path / "state.json")
    assert verify(site, "--state", state).exit_code == 0
    smaller = make_site(tmp_path / "smaller", size=500, signer=site.signer)
    result = run("verify", str(smaller.directory), "--key", site.vkey, "--state", state)
    assert result.exit_code == 1
    assert "FAIL consistency: the log shrank: size 500 after size 600 was seen" in result.output


def test_keygen_writes_a_private_key_and_prints_the_vkey(tmp_path: Path) -> None:
    key_file = tmp_path / "log.key"
    result = run("keygen", "--name", ORIGIN, "--out", str(key_file))
    assert result.exit_code == 0
    signer = NoteSigner.from_skey(key_file.read_text())
    assert result.output.strip() == signer.verifier.vkey
    assert key_file.stat().st_mode & 0o077 == 0
    again = run("keygen", "--name", ORIGIN, "--out", str(key_file))
    assert again.exit_code == 2
    assert "already exists" in again.output


def test_witness_cosigns_a_newer_checkpoint_and_refuses_a_fork(
    site: LogSite, tmp_path: Path
) -> None:
    key_file = tmp_path / "witness.key"
    assert (
        run("keygen", "--witness", "--name", "witness.example/w1", "--out", str(key_file)).exit_code
        == 0
    )
    common = [
        "witness",
        "--state-dir",
        str(tmp_path / "w"),
        "--log-key",
        site.vkey,
        "--key-file",
        str(key_file),
    ]

    first = run(*common, "--source", str(site.directory))
    assert first.exit_code == 0, first.output
    assert first.output.startswith("— witness.example/w1 ")

    site.add([b'{"index":600}', b'{"index":601}'])
    second = run(*common, "--source", str(site.directory))
    assert second.exit_code == 0, second.output

    rebuilt = make_site(tmp_path / "rebuilt", size=0, signer=site.signer)
    rebuilt.add([b"rewritten"] * 700)
    forked = run(*common, "--source", str(rebuilt.directory))
    assert forked.exit_code == 1
    assert "refused (422): consistency proof does not verify" in forked.output

    stale_request = b"old 5\n\n" + (site.directory / "checkpoint").read_bytes()
    conflict = run(*common, "--request", "-", input=stale_request)
    assert conflict.exit_code == 1
    assert "refused (409)" in conflict.output
    assert "(602)" in conflict.output


def test_the_log_verbs_import_no_django() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from govsocial.cli import main; "
        "r = CliRunner().invoke(main, ['log', '--help']); assert r.exit_code == 0, r.output; "
        "import govsocial.transparency.cli, govsocial.transparency; "
        "print('django' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False"


def test_an_empty_log_verifies(tmp_path: Path) -> None:
    site = make_site(tmp_path / "empty", size=0)
    result = verify(site)
    assert result.exit_code == 0, result.output
    assert "PASS root" in result.output


def test_a_checkpoint_for_another_origin_fails_the_signature_check(site: LogSite) -> None:
    result = verify(site, "--origin", "someone-else.example/log")
    assert result.exit_code == 1
    assert (
        "FAIL signature: checkpoint origin 'gov.example/transparency-log' is not the expected"
        in (result.output)
    )


def test_witness_with_an_unreadable_key_exits_2(site: LogSite, tmp_path: Path) -> None:
    bad_key = tmp_path / "witness.key"
    bad_key.write_text("PRIVATE+KEY+nonsense\n")
    result = run(
        "witness",
        "--state-dir",
        str(tmp_path / "w"),
        "--log-key",
        site.vkey,
        "--key-file",
        str(bad_key),
        "--source",
        str(site.directory),
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: witness key: a signer key must look like")
