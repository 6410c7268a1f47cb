"""`govsocial records backup` and `restore`, run as an operator does: new processes from fresh
shells. An instance with a post, its media, an audit trail and a signed log checkpoint is backed
up, restored into a new database and data folder, and shows the same things afterwards."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.cli.fresh_shell import FreshShell, Outcome

pytestmark = pytest.mark.slow

DEMO = "department-for-example"
AS_VIEWER = ("--as", "viewer", "--org", DEMO)
USER_ERROR = 2
MEDIA_BYTES = b"\x89PNG\r\n\x1a\n-a-closed-road"

# Run inside the first instance through `govsocial manage shell`: a draft with an image, and a
# public record (a delivery) that the log signs.
SEED = f"""
from django.core.files.base import ContentFile
from django.db import transaction
from govsocial.accounts.models import Organisation, User
from govsocial.channels.models import OfficialAccount
from govsocial.publishing.models import MediaAsset, Post, PostVersion
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

org = Organisation.objects.get(slug="{DEMO}")
author = User.objects.get(username="author")
account = OfficialAccount.objects.filter(organisation=org).first()
post = Post.objects.create(organisation=org, author=author, title="Flood warning")
post.accounts.set([account])
asset = MediaAsset(organisation=org, uploaded_by=author, kind="image", mime_type="image/png",
                   sha256="ab" * 32, size_bytes={len(MEDIA_BYTES)}, alt_text="A closed road")
asset.file.save("road.png", ContentFile({MEDIA_BYTES!r}), save=True)
version = PostVersion.objects.create(post=post, number=1, text="Roads closed", created_by=author)
version.media.set([asset])
with transaction.atomic():
    audit_record(organisation=org, actor=User.objects.get(username="publisher"),
                 action=AuditAction.DELIVERY_PUBLISHED, target=post,
                 data={{"account_id": account.pk, "network": account.network,
                       "content": {{"text": "Roads closed"}}, "remote_id": "1",
                       "remote_url": "https://social.example/1"}})
print(post.pk, asset.file.name)
"""


def ok(outcome: Outcome) -> Outcome:
    assert outcome.status == 0, outcome
    assert "Traceback" not in outcome.output
    return outcome


def assert_one_line(outcome: Outcome, *saying: str) -> None:
    assert outcome.status == USER_ERROR, outcome
    assert "Traceback" not in outcome.output
    (line,) = outcome.stderr.splitlines()
    for words in saying:
        assert words in line, line


def what_a_user_sees(shell: FreshShell, post_id: str, export_to: Path) -> dict[str, object]:
    """The posts list, one post, and everything the organisation's export holds."""
    ok(shell.run("records", "export", "--organisation", DEMO, "--out", str(export_to)))
    manifest = json.loads((export_to / "manifest.json").read_text())
    return {
        "posts": json.loads(ok(shell.run("post", "list", *AS_VIEWER, "--json")).stdout),
        "post": ok(shell.run("post", "show", post_id, *AS_VIEWER)).stdout,
        "export": {k: v for k, v in manifest.items() if k != "exported_at"},
    }


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    first = FreshShell.in_folder(tmp_path_factory.mktemp("first-instance"))
    ok(first.run("demo"))
    post_id, media_name = ok(
        first.run("manage", "shell", "--no-imports", "-c", SEED)
    ).stdout.split()
    assert "signed at size 1" in ok(first.run("records", "sign")).stdout
    before = what_a_user_sees(first, post_id, first.folder / "export")
    backups = first.folder / "backups"
    backups.mkdir()
    made = ok(first.run("records", "backup", str(backups), "--json"))
    return {
        "file": Path(json.loads(made.stdout)["file"]),
        "made": json.loads(made.stdout),
        "post_id": post_id,
        "media_name": media_name,
        "before": before,
    }


def test_the_backup_is_one_file_with_a_manifest_of_every_part(backed_up) -> None:
    file = backed_up["file"]
    assert file.name.startswith("govsocial-backup-") and file.name.endswith(".tar.gz")
    assert file.stat().st_mode & 0o077 == 0  # it holds the signing keys: owner only
    with tarfile.open(file) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "govsocial-backup/1"
    assert {"govsocial_version", "created_at", "database", "migrations", "counts"} <= set(manifest)
    assert manifest["counts"]["publishing.post"] >= 1
    assert manifest["counts"]["records.logleaf"] == 1
    assert names == {"manifest.json", *manifest["parts"]}
    assert f"media/{backed_up['media_name']}" in names
    assert any(n.startswith("keys/") and n.endswith("/signing.key") for n in names)
    assert all(len(digest) == 64 for digest in manifest["parts"].values())


def test_a_restore_into_a_fresh_instance_shows_the_same(backed_up, tmp_path: Path) -> None:
    second = FreshShell.in_folder(tmp_path)
    restored = ok(second.run("records", "restore", str(backed_up["file"])))
    assert restored.stdout.startswith("Restored ")
    # The signing key and the signer's memory came back with the rows: nothing new to sign, and
    # no refusal (a missing key or a rolled-back log would be refused).
    assert "unchanged at size 1" in ok(second.run("records", "sign")).stdout
    after = what_a_user_sees(second, backed_up["post_id"], tmp_path / "export")
    assert after == backed_up["before"]
    media = second.folder / "var" / "media" / backed_up["media_name"]
    assert media.read_bytes() == MEDIA_BYTES
    verified = second.run(
        "log",
        "verify",
        str(tmp_path / "export" / "log"),
        "--key-file",
        str(tmp_path / "export" / "log" / "key"),
        "--entry",
        "0",
    )
    assert verified.status == 0, verified

    # A second restore refuses the instance now in use, unless told to replace it.
    assert_one_line(
        second.run("records", "restore", str(backed_up["file"])),
        "already holds data",
        "--force",
    )
    ok(second.run("records", "restore", str(backed_up["file"]), "--force"))
    again = what_a_user_sees(second, backed_up["post_id"], tmp_path / "export-again")
    assert again == backed_up["before"]


def test_a_damaged_or_foreign_file_is_refused_and_changes_nothing(
    backed_up, tmp_path: Path
) -> None:
    shell = FreshShell.in_folder(tmp_path)
    good = backed_up["file"].read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(good[: len(good) // 2])
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("hello")
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(backed_up["file"]) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "database.json":
                data = data.replace(b"Flood warning", b"Flood warming")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    for file, saying in (
        (truncated, "cannot be read"),
        (not_a_backup, "cannot be read"),
        (tampered, "database.json does not match its SHA-256"),
        (tmp_path / "missing.tar.gz", "does not exist"),
    ):
        assert_one_line(shell.run("records", "restore", str(file)), saying)
    assert not (shell.folder / "var" / "media").exists() or not any(
        (shell.folder / "var" / "media").rglob("*.png")
    )
