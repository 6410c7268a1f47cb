"""Whole-instance backup and restore in-process, on whichever database the suite runs (SQLite, or
PostgreSQL through DATABASE_URL). The fresh-shell round trip is tests/cli/test_backup.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from govsocial.accounts.models import User
from govsocial.core.errors import ApplicationError
from govsocial.publishing.models import MediaAsset, PostVersion
from govsocial.records.backup import instance_backup
from govsocial.records.models import AuditRecord, LogCheckpoint, LogLeaf
from govsocial.records.restore import instance_restore
from govsocial.records.transparency_log import logs_integrate_and_sign

IMAGE = b"\x89PNG\r\n\x1a\n-a-closed-road"


@pytest.fixture
def media_root(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def busy_instance(post, author, organisation, public_action, media_root) -> MediaAsset:
    asset = MediaAsset(
        organisation=organisation,
        uploaded_by=author,
        kind="image",
        mime_type="image/png",
        sha256="ab" * 32,
        size_bytes=len(IMAGE),
        alt_text="A closed road",
    )
    asset.file.save("road.png", ContentFile(IMAGE), save=True)
    version = PostVersion.objects.create(post=post, number=2, text="Roads open", created_by=author)
    version.media.set([asset])
    public_action("delivery.published", remote_id="1", remote_url="https://social.example/1")
    outcome = logs_integrate_and_sign()
    assert [o.signed for o in outcome] == [True]
    return asset


def snapshot() -> dict[str, Any]:
    """What the rows say, to the microsecond."""
    return {
        "users": sorted(User.objects.values_list("username", "date_joined")),
        "versions": sorted(PostVersion.objects.values_list("pk", "text", "created_at")),
        "audit": sorted(
            AuditRecord.objects.exclude(action__startswith="records.").values_list(
                "pk", "action", "created_at"
            )
        ),
        "leaves": sorted(LogLeaf.objects.values_list("index", "action", "created_at")),
        "checkpoints": LogCheckpoint.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_a_restore_gives_back_exactly_what_was_backed_up(
    busy_instance: MediaAsset, tmp_path: Path, media_root: Path, log_key_dir: Path
) -> None:
    before = snapshot()
    made = instance_backup(target=tmp_path)
    assert made.path.parent == tmp_path and made.media == 1 and made.keys >= 2
    assert made.counts["publishing.postversion"] == 2

    with pytest.raises(ApplicationError, match="already holds data"):
        instance_restore(archive=made.path)

    # An empty data folder: no keys, no media; the rows are replaced with --force.
    for folder in (media_root, log_key_dir):
        for file in sorted(folder.rglob("*"), reverse=True):
            file.unlink() if file.is_file() else file.rmdir()
    PostVersion.objects.filter(number=2).update(text="Changed after the backup")
    restored = instance_restore(archive=made.path, force=True)
    assert restored.media == 1 and restored.kept_signer_state == []

    assert snapshot() == before
    assert (media_root / busy_instance.file.name).read_bytes() == IMAGE
    assert AuditRecord.objects.filter(action="records.restore").count() == 1
    # The key and the signer's memory came back with the rows: nothing to sign, no refusal.
    (outcome,) = logs_integrate_and_sign()
    assert (outcome.signed, outcome.refused) == (False, "")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    busy_instance: MediaAsset, tmp_path: Path
) -> None:
    made = instance_backup(target=tmp_path / "tonight.tar.gz")
    data = bytearray(made.path.read_bytes())
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data[: len(data) - 100]))
    before = snapshot()
    with pytest.raises(ApplicationError, match="not a usable govsocial backup"):
        instance_restore(archive=damaged, force=True)
    assert snapshot() == before
    with pytest.raises(ApplicationError, match="already exists"):
        instance_backup(target=made.path)
