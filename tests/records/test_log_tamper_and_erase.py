"""Tampering is caught by the offline verifier; lawful erasure keeps every earlier proof valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govsocial.cli import main
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.records.erasure import record_erase
from govsocial.records.log_selectors import (
    leaf_inclusion_proof,
    leaf_tombstone,
    log_export_directory,
)
from govsocial.records.models import AuditRecord, LeafContent, LogLeaf, LogTile, TransparencyLog
from govsocial.records.transparency_log import logs_integrate_and_sign
from govsocial.transparency import leaf_hash, parse_leaf, verify_inclusion


def verify(directory: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["log", "verify", str(directory), "--key-file", str(directory / "key"), *args]
    )


@pytest.fixture
def signed_site(public_action, tmp_path: Path) -> Path:
    for number in range(5):
        public_action(text=f"Post {number}")
    logs_integrate_and_sign()
    return tmp_path / "site"


def tamper(path: str, position: int) -> None:
    tile = LogTile.objects.get(path=path)
    data = bytearray(bytes(tile.data))
    data[position] ^= 0x01
    tile.data = bytes(data)
    tile.save()


def test_a_tampered_stored_leaf_fails_the_entries_check(signed_site: Path) -> None:
    tamper("tile/entries/000.p/5", 10)
    log_export_directory(log=TransparencyLog.objects.get(), directory=signed_site)
    result = verify(signed_site)
    assert result.exit_code == 1
    assert "FAIL entries" in result.output
    assert "verification FAILED: entries" in result.output


def test_a_tampered_hash_tile_fails_the_tiles_and_root_checks(signed_site: Path) -> None:
    tamper("tile/0/000.p/5", 3)
    log_export_directory(log=TransparencyLog.objects.get(), directory=signed_site)
    result = verify(signed_site)
    assert result.exit_code == 1
    assert "FAIL" in result.output and "root" in result.output.split("verification FAILED:")[1]


def test_a_tampered_leaf_row_no_longer_matches_its_proof(public_action) -> None:
    leaf = public_action()
    logs_integrate_and_sign()
    LogLeaf.objects.filter(pk=leaf.pk).update(data=bytes(leaf.data).replace(b"publish", b"edit"))
    leaf.refresh_from_db()
    proof = leaf_inclusion_proof(leaf=leaf)
    assert proof is not None and not proof.verified


def test_erasure_deletes_content_and_salt_and_appends_a_tombstone_saying_when_and_why(
    public_action, records_manager
) -> None:
    leaf = public_action(text="A citizen's phone number 07700 900123")
    before = bytes(leaf.data)
    tombstone = record_erase(leaf=leaf, reason_code="personal_data", actor=records_manager)

    assert not LeafContent.objects.filter(leaf=leaf).exists()
    leaf.refresh_from_db()
    assert bytes(leaf.data) == before  # the erased leaf never changes
    entry = parse_leaf(bytes(tombstone.data))
    assert entry.action == "tombstone"
    assert json.loads(bytes(tombstone.data))["erased_index"] == leaf.index
    assert json.loads(bytes(tombstone.data))["reason_code"] == "personal_data"
    assert json.loads(bytes(tombstone.data))["actor_role"] == "records_manager"
    assert leaf_tombstone(leaf=leaf) == tombstone
    source = AuditRecord.objects.get(pk=leaf.audit_record_id)
    assert "07700" not in json.dumps(source.data)
    assert source.data["content_erased"] is True


def test_every_proof_issued_before_an_erasure_still_verifies_after_it(
    public_action, records_manager, tmp_path: Path
) -> None:
    leaves = [public_action(text=f"Post {n}") for n in range(4)]
    logs_integrate_and_sign()
    earlier = {leaf.index: leaf_inclusion_proof(leaf=leaf) for leaf in leaves}

    record_erase(leaf=leaves[1], reason_code="court_order", actor=records_manager)
    logs_integrate_and_sign()

    log = TransparencyLog.objects.get()
    from govsocial.transparency import parse_checkpoint_text
    from govsocial.transparency.note import parse_note

    for leaf in leaves:
        proof = earlier[leaf.index]
        assert proof is not None
        old_root = parse_checkpoint_text(parse_note(proof.checkpoint).text).root_hash
        verify_inclusion(
            leaf_hash=leaf_hash(bytes(leaf.data)),
            index=leaf.index,
            size=proof.size,
            proof=proof.hashes,
            root=old_root,
        )
        assert leaf_inclusion_proof(leaf=leaf).verified  # type: ignore[union-attr]
    log_export_directory(log=log, directory=tmp_path / "site")
    result = verify(tmp_path / "site", "--entry", "1", "--entry", "4")
    assert result.exit_code == 0, result.output


def test_only_records_managers_and_data_protection_officers_may_erase(
    public_action, publisher
) -> None:
    leaf = public_action()
    with pytest.raises(PermissionDenied):
        record_erase(leaf=leaf, reason_code="personal_data", actor=publisher)
    assert LeafContent.objects.filter(leaf=leaf).exists()


def test_erasure_needs_a_known_reason_and_happens_once(public_action, records_manager) -> None:
    leaf = public_action()
    with pytest.raises(ApplicationError, match="not an erasure reason"):
        record_erase(leaf=leaf, reason_code="embarrassing", actor=records_manager)
    tombstone = record_erase(leaf=leaf, reason_code="personal_data", actor=records_manager)
    with pytest.raises(ApplicationError, match="already been erased"):
        record_erase(leaf=leaf, reason_code="personal_data", actor=records_manager)
    with pytest.raises(ApplicationError, match="cannot itself be erased"):
        record_erase(leaf=tombstone, reason_code="personal_data", actor=records_manager)


def test_the_erase_command_erases_and_explains_refusals_in_one_line(
    public_action, records_manager, publisher, organisation
) -> None:
    leaf = public_action()

    def erase(*args: str) -> Result:
        return CliRunner().invoke(
            main, ["records", "erase", "--organisation", organisation.slug, *args]
        )

    refused = erase("--entry", "0", "--reason", "personal_data", "--as", publisher.username)
    assert refused.exit_code == 2
    assert "Only a records manager or a data protection officer" in refused.output
    assert erase("--entry", "9", "--reason", "personal_data", "--as", "records").exit_code == 2
    done = erase("--entry", "0", "--reason", "personal_data", "--as", records_manager.username)
    assert done.exit_code == 0, done.output
    assert "entry 1 records when and why" in done.output
    assert not LeafContent.objects.filter(leaf=leaf).exists()
