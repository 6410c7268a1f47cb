"""`govsocial log`: verify a published log, witness it, make keys.

Imports no Django, so it runs on a machine that has only the package.
Exit codes: 0 every check passed; 1 a check failed (the message names it);
2 bad input (unreadable key, malformed checkpoint, missing or truncated tile,
unreachable URL).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsocial.transparency.audit import AuditReport, VerifierState, audit_log, open_source
from govsocial.transparency.checkpoint import parse_checkpoint_text
from govsocial.transparency.errors import MalformedInputError, TransparencyError
from govsocial.transparency.note import NoteSigner, NoteVerifier, parse_note
from govsocial.transparency.tiles import CHECKPOINT_PATH, TileHashReader, read_required
from govsocial.transparency.tree import consistency_proof
from govsocial.transparency.witness import (
    AddCheckpointRequest,
    CosignatureSigner,
    Witness,
    WitnessRefusal,
    parse_add_checkpoint_request,
)

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def _bad_input(message: str) -> click.exceptions.Exit:
    click.echo(f"error: {message}", err=True)
    return click.exceptions.Exit(EXIT_BAD_INPUT)


def _read_text_file(path: str, *, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise _bad_input(f"cannot read {what} {path}: {reason}") from None


def _load_verifier(key: str | None, key_file: str | None, *, what: str) -> NoteVerifier:
    if (key is None) == (key_file is None):
        raise _bad_input(f"give the {what} either as --key VKEY or as --key-file FILE")
    text = key if key is not None else _read_text_file(str(key_file), what=what)
    try:
        return NoteVerifier.from_vkey(text.strip())
    except MalformedInputError as error:
        raise _bad_input(f"{what}: {error}") from None


@click.group("log")
def log_group() -> None:
    """Check the public transparency log yourself, witness it, or make log keys."""


@log_group.command("verify")
@click.argument("source")
@click.option("--key", "key", help="The log's public key (vkey: name+keyid+base64).")
@click.option("--key-file", type=click.Path(dir_okay=False), help="A file holding the vkey.")
@click.option("--origin", help="Expected origin line (default: the key name).")
@click.option(
    "--state",
    type=click.Path(dir_okay=False),
    help="File remembering the last checkpoint seen, for the consistency check.",
)
@click.option("--entry", "entries", type=int, multiple=True, help="Check inclusion of this entry.")
@click.option("--no-entries", is_flag=True, help="Do not check the entry bundles.")
def verify_command(
    source: str,
    key: str | None,
    key_file: str | None,
    origin: str | None,
    state: str | None,
    entries: tuple[int, ...],
    no_entries: bool,
) -> None:
    """Verify the log at SOURCE (an http(s) URL or a directory of tiles).

    Checks the checkpoint signature, hashes every tile, recomputes the root,
    checks the log still extends the checkpoint seen last time (--state), and
    checks inclusion of each --entry.
    """
    verifier = _load_verifier(key, key_file, what="log key")
    verifier_state = VerifierState(Path(state)) if state else None
    try:
        reader = open_source(source)
        last_seen = verifier_state.last_seen(origin or verifier.name) if verifier_state else None
        report = audit_log(
            source=reader,
            verifier=verifier,
            origin=origin,
            last_seen=last_seen,
            entries=entries,
            check_entries=not no_entries,
        )
    except MalformedInputError as error:
        raise _bad_input(str(error)) from None
    _print_report(report, has_state=verifier_state is not None)
    if not report.passed:
        failed = ", ".join(check.name for check in report.checks if not check.passed)
        click.echo(f"verification FAILED: {failed}", err=True)
        raise click.exceptions.Exit(EXIT_FAILED)
    if verifier_state is not None and report.checkpoint is not None:
        verifier_state.remember(report.checkpoint)
    click.echo("verification passed")


def _print_report(report: AuditReport, *, has_state: bool) -> None:
    for check in report.checks:
        click.echo(f"{'PASS' if check.passed else 'FAIL'} {check.name}: {check.detail}")
    if not has_state and report.checkpoint is not None:
        click.echo("SKIP consistency: no --state file, so no earlier checkpoint to compare with")


@log_group.command("witness")
@click.option(
    "--state-dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory where the witness keeps the latest checkpoint of each log.",
)
@click.option("--log-key", help="The log's public key (vkey).")
@click.option(
    "--log-key-file", type=click.Path(dir_okay=False), help="A file holding the log vkey."
)
@click.option(
    "--key-file",
    required=True,
    type=click.Path(dir_okay=False),
    help="The witness's private key (from `govsocial log keygen --witness`).",
)
@click.option("--source", help="Fetch the checkpoint and tiles from this URL or directory.")
@click.option(
    "--request",
    "request_file",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="A tlog-witness add-checkpoint request body ('-' for stdin).",
)
def witness_command(
    state_dir: str,
    log_key: str | None,
    log_key_file: str | None,
    key_file: str,
    source: str | None,
    request_file: str | None,
) -> None:
    """Cosign a log's newer checkpoint after checking it extends the last one seen.

    Prints the cosignature line. Exit 1 when the witness refuses (the old size
    does not match, the proof fails, or the signature is not the log's).
    """
    log_verifier = _load_verifier(log_key, log_key_file, what="log key")
    try:
        cosigner = CosignatureSigner.from_skey(_read_text_file(key_file, what="witness key"))
    except MalformedInputError as error:
        raise _bad_input(f"witness key: {error}") from None
    if (source is None) == (request_file is None):
        raise _bad_input("give either --source URL_OR_DIR or --request FILE")
    witness = Witness(state_dir=Path(state_dir), cosigner=cosigner, logs=[log_verifier])
    try:
        if request_file is not None:
            body = (
                sys.stdin.buffer.read()
                if request_file == "-"
                else _read_bytes(request_file, what="request")
            )
            request = parse_add_checkpoint_request(body)
        else:
            request = _request_from_source(witness, str(source))
        line = witness.add_checkpoint(request)
    except WitnessRefusal as refusal:
        click.echo(f"refused ({refusal.status}): {refusal}", err=True)
        code = EXIT_BAD_INPUT if refusal.status == 400 else EXIT_FAILED
        raise click.exceptions.Exit(code) from None
    except MalformedInputError as error:
        raise _bad_input(str(error)) from None
    except TransparencyError as error:
        click.echo(f"refused: {error}", err=True)
        raise click.exceptions.Exit(EXIT_FAILED) from None
    click.echo(line)


def _read_bytes(path: str, *, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise _bad_input(f"cannot read {what} {path}: {error.strerror}") from None


def _request_from_source(witness: Witness, source: str) -> AddCheckpointRequest:
    """Build the add-checkpoint request the log would send, from its published tiles."""
    reader = open_source(source)
    note = read_required(reader, CHECKPOINT_PATH)
    checkpoint = parse_checkpoint_text(parse_note(note).text)
    latest = witness.latest(checkpoint.origin)
    old_size = 0 if latest is None else latest.size
    proof: list[bytes] = []
    if 0 < old_size < checkpoint.size:
        hash_reader = TileHashReader(reader, size=checkpoint.size)
        proof = consistency_proof(hash_reader, old_size=old_size, new_size=checkpoint.size)
    return AddCheckpointRequest(old_size=old_size, proof=tuple(proof), checkpoint=note)


@log_group.command("keygen")
@click.option("--name", required=True, help="Key name: the log origin, or the witness name.")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False),
    help="File to write the private key to (created with mode 600, never overwritten).",
)
@click.option("--witness", is_flag=True, help="Make a cosignature/v1 witness key instead.")
def keygen_command(name: str, out: str, witness: bool) -> None:
    """Make a signer key (written to --out) and print its public vkey."""
    try:
        signer: NoteSigner = (
            CosignatureSigner.generate(name=name) if witness else NoteSigner.generate(name=name)
        )
    except MalformedInputError as error:
        raise _bad_input(str(error)) from None
    path = Path(out)
    try:
        with path.open("x", encoding="utf-8") as stream:
            path.chmod(0o600)
            stream.write(signer.skey + "\n")
    except FileExistsError:
        raise _bad_input(f"{out} already exists; refusing to overwrite a key") from None
    except OSError as error:
        raise _bad_input(f"cannot write {out}: {error.strerror}") from None
    click.echo(signer.verifier.vkey)
