"""The worker signs a checkpoint covering every leaf, and never a smaller or forked tree."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from govsocial.cli import main
from govsocial.core.worker import periodic_jobs
from govsocial.records.apps import LOG_SIGN_EVERY_SECONDS
from govsocial.records.log_keys import log_dir
from govsocial.records.log_selectors import (
    leaf_inclusion_proof,
    log_alerts_open,
    log_export_directory,
    log_status,
)
from govsocial.records.models import LogCheckpoint, LogLeaf, LogTile, TransparencyLog
from govsocial.records.transparency_log import log_integrate_and_sign, logs_integrate_and_sign
from govsocial.transparency import NoteVerifier, open_checkpoint

LOG_TABLES = (TransparencyLog, LogLeaf, LogTile, LogCheckpoint)


def verify(directory: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["log", "verify", str(directory), "--key-file", str(directory / "key"), *args]
    )


def the_log() -> TransparencyLog:
    return TransparencyLog.objects.get()


def test_the_worker_signs_every_ten_seconds_so_each_leaf_is_covered_within_a_minute() -> None:
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["records.transparency_log"].every_seconds == LOG_SIGN_EVERY_SECONDS <= 30


def test_a_signed_checkpoint_covers_every_leaf_and_the_offline_verifier_accepts_it(
    public_action, tmp_path: Path
) -> None:
    for number in range(3):
        public_action(text=f"Post {number}", remote_id=str(number))
    [outcome] = logs_integrate_and_sign()
    assert outcome.signed and outcome.size == 3
    log = the_log()
    assert log.integrated_size == 3
    note = bytes(LogTile.objects.get(log=log, path="checkpoint").data)
    signed = open_checkpoint(note, verifier=NoteVerifier.from_vkey(log.vkey))
    assert signed.checkpoint.size == 3
    assert signed.checkpoint.origin == "social.example.gov.uk/govsocial/department-for-testing"

    log_export_directory(log=log, directory=tmp_path / "site")
    result = verify(tmp_path / "site", "--entry", "2", "--state", str(tmp_path / "seen.json"))
    assert result.exit_code == 0, result.output
    assert "PASS inclusion of entry 2" in result.output

    public_action(text="Post 3")
    logs_integrate_and_sign()
    log_export_directory(log=log, directory=tmp_path / "site")
    again = verify(tmp_path / "site", "--state", str(tmp_path / "seen.json"))
    assert again.exit_code == 0, again.output
    assert "PASS consistency" in again.output


def test_nothing_new_means_nothing_is_signed_again(public_action) -> None:
    public_action()
    logs_integrate_and_sign()
    [outcome] = logs_integrate_and_sign()
    assert not outcome.signed
    assert LogCheckpoint.objects.count() == 1


def test_the_private_key_lives_in_a_private_file_and_only_the_public_key_in_the_database(
    public_action, log_key_dir: Path
) -> None:
    public_action()
    logs_integrate_and_sign()
    log = the_log()
    key_file = log_dir(log.log_id) / "signing.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text().startswith("PRIVATE+KEY+social.example.gov.uk/govsocial/")
    assert (log_dir(log.log_id) / "last-checkpoint").exists()
    assert "PRIVATE" not in log.vkey


def test_every_leaf_gets_an_inclusion_proof_that_leads_to_the_signed_root(public_action) -> None:
    leaves = [public_action(text=f"Post {n}") for n in range(5)]
    assert leaf_inclusion_proof(leaf=leaves[0]) is None  # not yet covered by a checkpoint
    logs_integrate_and_sign()
    for leaf in leaves:
        proof = leaf_inclusion_proof(leaf=leaf)
        assert proof is not None and proof.verified and proof.size == 5


def snapshot() -> dict[type, list[dict[str, Any]]]:
    return {model: list(model.objects.values()) for model in LOG_TABLES}


def restore(copy: dict[type, list[dict[str, Any]]]) -> None:
    """Put the log tables back as they were, as restoring an older database backup would."""
    for model in reversed(LOG_TABLES):
        model.objects.all().delete()
    for model in LOG_TABLES:
        model.objects.bulk_create(model(**row) for row in copy[model])


def test_after_an_older_backup_is_restored_the_log_refuses_to_sign_a_smaller_tree(
    public_action, caplog: pytest.LogCaptureFixture
) -> None:
    public_action(text="one")
    logs_integrate_and_sign()
    backup = snapshot()
    public_action(text="two")
    public_action(text="three")
    logs_integrate_and_sign()
    signed_before = bytes(LogTile.objects.get(path="checkpoint").data)

    restore(backup)
    public_action(text="rewritten history")  # the restored log is size 2, smaller than 3
    with caplog.at_level(logging.ERROR, logger="govsocial.records.transparency"):
        [outcome] = logs_integrate_and_sign()

    assert not outcome.signed
    assert "already signed" in outcome.refused
    assert "transparency.signing_refused" in caplog.text and "kind=regression" in caplog.text
    status = log_status(organisation=the_log().organisation)
    assert status is not None and not status.healthy
    assert [alert.kind for alert in log_alerts_open()] == ["regression"]
    # Nothing was signed for the rewritten tree, and its tiles were rolled back.
    assert the_log().integrated_size == 1
    assert bytes(LogTile.objects.get(path="checkpoint").data) != signed_before
    assert LogCheckpoint.objects.count() == 1


def test_after_an_older_backup_is_restored_the_log_refuses_to_sign_a_forked_tree(
    public_action,
) -> None:
    public_action(text="one")
    logs_integrate_and_sign()
    backup = snapshot()
    public_action(text="two")
    logs_integrate_and_sign()

    restore(backup)
    for text in ("different two", "different three", "different four"):
        public_action(text=text)  # size 4 > 2, but it does not extend the signed tree
    [outcome] = logs_integrate_and_sign()
    assert not outcome.signed
    assert "does not extend" in outcome.refused
    [alert] = log_alerts_open()
    assert alert.kind == "fork"
    logs_integrate_and_sign()
    alert.refresh_from_db()
    assert alert.times == 2  # one alert, seen again, not a new row every ten seconds


def test_a_log_whose_key_file_is_missing_is_not_signed_with_a_new_key(
    public_action, log_key_dir: Path
) -> None:
    public_action()
    logs_integrate_and_sign()
    log = the_log()
    published = log.vkey
    (log_dir(log.log_id) / "signing.key").unlink()
    public_action()
    outcome = log_integrate_and_sign(log=log)
    assert not outcome.signed
    assert "signing key" in outcome.refused and "missing" in outcome.refused
    assert the_log().vkey == published
    assert log_alerts_open().get().kind == "missing_key"


def test_records_sign_signs_now_and_exits_1_naming_a_refusal(public_action) -> None:
    public_action()
    signed = CliRunner().invoke(main, ["records", "sign"])
    assert signed.exit_code == 0, signed.output
    assert "department-for-testing: signed at size 1" in signed.output
    backup = snapshot()
    public_action()
    CliRunner().invoke(main, ["records", "sign"])
    restore(backup)
    refused = CliRunner().invoke(main, ["records", "sign", "--json"])
    assert refused.exit_code == 1
    assert '"refused": "refusing to sign size 1: size 2 was already signed' in refused.output
