"""`govsocial inbox ...` in-process: the same permissions as the pages, and --json.
The one-line errors of every verb are in test_every_verb.py."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from govsocial.cli import main
from govsocial.inbox.models import InboundItem
from govsocial.records.models import AuditRecord

pytestmark = pytest.mark.django_db(transaction=False)

VALID_NHS = "943 476 5919"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["inbox", *args], input=stdin)


@pytest.fixture
def items(synced):
    return synced("When does the library reopen?", f"My NHS number is {VALID_NHS}")


def test_list_as_json_is_redacted(desk, items) -> None:
    result = run("list", "--as", "viewer", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert len(listed) == 2 and VALID_NHS not in result.output


def test_show_original_needs_the_role_and_is_recorded(desk, items) -> None:
    pk = str(items[1].pk)
    refused = run("show", pk, "--as", "viewer", "--original")
    assert refused.exit_code == 2
    assert "Only the data protection officer" in refused.output
    shown = run("show", pk, "--as", "dpo", "--original", "--json")
    assert shown.exit_code == 0 and VALID_NHS in json.loads(shown.output)["original_text"]
    assert AuditRecord.objects.filter(action="inbound_item.view_original").count() == 1


def test_assign_and_reply(desk, items) -> None:
    pk = str(items[0].pk)
    assigned = run("assign", pk, "--as", "author", "--to", "author2")
    assert assigned.exit_code == 0 and "assigned to" in assigned.output
    assert InboundItem.objects.get(pk=items[0].pk).assignee == desk.users["author2"]
    blocked = run("reply", pk, "--as", "author", "--text", f"NHS {VALID_NHS}", "--json")
    assert blocked.exit_code == 1
    assert [f["severity"] for f in json.loads(blocked.output)["findings"]] == ["block"]
    said = run("reply", pk, "--as", "author", "--text", f"NHS {VALID_NHS}")
    assert f'  BLOCK: "{VALID_NHS}" looks like an NHS number.' in said.output
    assert said.output.endswith("(personal-data.nhs-number)\n")
    sent = run("reply", pk, "--as", "author", stdin="It reopens on Monday.")
    assert sent.exit_code == 0
    assert sent.output.endswith(": Sent for approval and delivery.\n")


def test_sync_reports_each_account(desk) -> None:
    result = run("sync", "--json")
    assert result.exit_code == 0
    (report,) = json.loads(result.output)
    assert report["account_id"] == desk.account.pk and report["status"] == "not_configured"
