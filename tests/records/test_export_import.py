"""A full organisation export, and an import into an empty instance that reproduces it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from django.core.files.base import ContentFile
from django.core.management import call_command

from govsocial.accounts.models import Organisation, User
from govsocial.cli import main
from govsocial.publishing.models import MediaAsset, PostVersion
from govsocial.records.erasure import record_erase
from govsocial.records.models import AuditRecord, LogLeaf, LogTile
from govsocial.records.retention import legal_hold_place
from govsocial.records.transparency_log import logs_integrate_and_sign


def records(*args: str) -> Result:
    return CliRunner().invoke(main, ["records", *args])


@pytest.fixture
def media_root(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def busy_organisation(
    organisation, post, author, public_action, records_manager, media_root
) -> Organisation:
    asset = MediaAsset(
        organisation=organisation,
        uploaded_by=author,
        kind="image",
        mime_type="image/png",
        sha256="ab" * 32,
        size_bytes=4,
        alt_text="A closed road",
    )
    asset.file.save("road.png", ContentFile(b"\x89PNG"), save=True)
    version = PostVersion.objects.create(post=post, number=2, text="Roads open", created_by=author)
    version.media.set([asset])
    public_action("delivery.published", remote_id="1", remote_url="https://social.example/1")
    public_action("delivery.edited", text="Roads open", remote_id="1")
    erased = public_action("moderation.hide", text="Abuse from @troll", reason_code="abuse")
    record_erase(leaf=erased, reason_code="personal_data", actor=records_manager)
    legal_hold_place(
        organisation=organisation, record_class="", reason="Inquiry", actor=records_manager
    )
    logs_integrate_and_sign()
    return organisation


def counts() -> dict[str, int]:
    return {
        "posts versions": PostVersion.objects.count(),
        "media": MediaAsset.objects.count(),
        "audit": AuditRecord.objects.count(),
        "leaves": LogLeaf.objects.count(),
        "tiles": LogTile.objects.count(),
        "users": User.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_empty_instance_reproduces_it_and_the_log_verifies(
    busy_organisation, tmp_path: Path, media_root: Path
) -> None:
    first = tmp_path / "first"
    exported = records("export", "--organisation", busy_organisation.slug, "--out", str(first))
    assert exported.exit_code == 0, exported.output
    manifest = json.loads((first / "manifest.json").read_text())
    assert manifest["counts"]["publishing.postversion"] == 2
    assert manifest["counts"]["records.logleaf"] == 4
    assert "log/checkpoint" in manifest["files"]
    assert any(name.startswith("media/") for name in manifest["files"])
    assert '"password": "!"' in (first / "data" / "accounts.user.json").read_text()
    before = counts()

    call_command("flush", interactive=False, verbosity=0)  # an empty instance
    for file in media_root.rglob("*"):
        if file.is_file():
            file.unlink()
    imported = records("import", str(first))
    assert imported.exit_code == 0, imported.output
    # Everything came back, and the import itself is on the record.
    assert counts() == {**before, "audit": before["audit"] + 1}
    assert AuditRecord.objects.filter(
        action="organisation.import", organisation__slug=busy_organisation.slug
    ).exists()

    second = tmp_path / "second"
    assert (
        records("export", "--organisation", busy_organisation.slug, "--out", str(second)).exit_code
        == 0
    )
    again = json.loads((second / "manifest.json").read_text())
    audit_file = "data/records.auditrecord.json"
    assert {k: v for k, v in again["files"].items() if k != audit_file} == {
        k: v for k, v in manifest["files"].items() if k != audit_file
    }
    assert again["counts"] == {
        **manifest["counts"],
        "records.auditrecord": manifest["counts"]["records.auditrecord"] + 1,
    }
    verified = CliRunner().invoke(
        main,
        [
            "log",
            "verify",
            str(second / "log"),
            "--key-file",
            str(second / "log" / "key"),
            "--entry",
            "0",
        ],
    )
    assert verified.exit_code == 0, verified.output


def test_an_import_refuses_a_changed_file_and_a_non_empty_instance(
    busy_organisation, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    assert (
        records("export", "--organisation", busy_organisation.slug, "--out", str(out)).exit_code
        == 0
    )
    refused = records("import", str(out))
    assert refused.exit_code == 2
    assert "import into an empty instance" in refused.output

    data = out / "data" / "records.auditrecord.json"
    data.write_text(data.read_text().replace("delivery.published", "delivery.deleted"))
    changed = records("import", str(out))
    assert changed.exit_code == 2
    assert "data/records.auditrecord.json does not match its SHA-256" in changed.output


def test_bad_export_input_gives_one_clear_line(busy_organisation, tmp_path: Path) -> None:
    unknown = records("export", "--organisation", "nope", "--out", str(tmp_path / "x"))
    assert unknown.exit_code == 2 and "no organisation has the slug 'nope'" in unknown.output
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file").write_text("x")
    full = records(
        "export", "--organisation", busy_organisation.slug, "--out", str(tmp_path / "full")
    )
    assert full.exit_code == 2 and "is not empty" in full.output
    missing = records("import", str(tmp_path))
    assert missing.exit_code == 2 and "has no manifest.json" in missing.output
    assert "Traceback" not in missing.output


def test_a_subject_access_export_finds_a_person_by_handle_in_json_and_readable_html(
    busy_organisation, public_action, tmp_path: Path
) -> None:
    public_action(
        "moderation.block", text="Reply from @citizen.jones: <b>bins</b>", reason_code="spam"
    )
    out = tmp_path / "sar"
    result = records(
        "sar",
        "--organisation",
        busy_organisation.slug,
        "--person",
        "@Citizen.Jones",
        "--out",
        str(out),
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "subject-access.json").read_text())
    sources = {item["source"] for item in report["found"]}
    assert {"records.AuditRecord", "records.LeafContent"} <= sources
    html = (out / "subject-access.html").read_text()
    assert "citizen.jones" in html and "&lt;b&gt;bins&lt;/b&gt;" in html and "<b>bins" not in html
    assert "salt" not in json.dumps(report)
    assert AuditRecord.objects.filter(action="records.subject_access_export").exists()


def test_a_subject_access_export_of_a_member_of_staff_includes_what_they_did(
    busy_organisation, author, public_action, tmp_path: Path
) -> None:
    did = public_action("post.cancel", actor=author, text=None).audit_record
    result = records(
        "sar",
        "--organisation",
        busy_organisation.slug,
        "--person",
        "author",
        "--out",
        str(tmp_path / "sar"),
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "sar" / "subject-access.json").read_text())
    user_rows = [item for item in report["found"] if item["source"] == "accounts.User"]
    assert user_rows and "password" not in user_rows[0]["fields"]
    actions = [item for item in report["found"] if item["source"] == "records.AuditRecord"]
    assert [item["fields"]["action"] for item in actions if item["id"] == did.pk] == ["post.cancel"]
