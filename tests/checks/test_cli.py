"""`govsocial check`: output, exit codes 0/1/2, and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import govsocial.cli
from govsocial.checks import RULES


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(govsocial.cli.main, ["check", *args], input=stdin)


def test_a_clean_json_draft_exits_0() -> None:
    draft = {"text": "Book your theory test online.", "campaign_code": "C-1"}
    result = invoke("-", stdin=json.dumps(draft))
    assert result.exit_code == 0
    assert "Verdict: PASS" in result.output


def test_warnings_alone_exit_0_and_blocks_exit_1() -> None:
    assert invoke(stdin="Book your theory test online.").exit_code == 0
    assert invoke(stdin="Vote Labour on Thursday!").exit_code == 1


def test_human_output_underlines_the_offending_text() -> None:
    result = invoke(stdin="Vote Labour on Thursday!")
    lines = result.output.splitlines()
    index = lines.index("    Vote Labour on Thursday!")
    assert lines[index + 1] == "         ^^^^^^"
    assert "BLOCK    propriety.party-political" in result.output


def test_underline_accounts_for_wide_characters() -> None:
    result = invoke(stdin="日本 Vote Labour")
    lines = result.output.splitlines()
    index = lines.index("    日本 Vote Labour")
    assert lines[index + 1] == "    " + " " * 10 + "^" * 6


def test_json_output_has_the_documented_shape(tmp_path: Path) -> None:
    path = tmp_path / "draft.json"
    path.write_text(json.dumps({"text": "Vote Labour", "platform": "bluesky"}), encoding="utf-8")
    result = invoke(str(path), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert set(report) == {"verdict", "length", "findings"}
    assert report["verdict"] == "block"
    assert report["length"] == {"count": 11, "limit": 300, "unit": "graphemes"}
    assert set(report["findings"][0]) == {
        "rule",
        "severity",
        "message",
        "start",
        "end",
        "source",
        "field",
    }


def test_platform_option_overrides_the_draft() -> None:
    result = invoke("--json", "--platform", "mastodon", stdin='{"text": "hi", "platform": "x"}')
    assert json.loads(result.output)["length"]["limit"] == 500


def test_at_puts_the_check_inside_an_election_period(tmp_path: Path) -> None:
    (tmp_path / "election_periods.yaml").write_text(
        "version: test\nperiods:\n  - {name: General election, kind: general, "
        "start: 2026-06-01, end: 2026-07-02}\n",
        encoding="utf-8",
    )
    draft = '{"text": "New cycling campaign", "campaign_code": "C-1"}'
    inside = invoke("--json", "--config", str(tmp_path), "--at", "2026-06-10T09:00", stdin=draft)
    outside = invoke("--json", "--config", str(tmp_path), "--at", "2026-08-01T09:00Z", stdin=draft)
    assert inside.exit_code == 1
    assert "election.restricted-period" in {
        f["rule"] for f in json.loads(inside.output)["findings"]
    }
    assert outside.exit_code == 0


def test_the_account_register_comes_from_the_config_directory(tmp_path: Path) -> None:
    (tmp_path / "accounts.yaml").write_text(
        "accounts:\n  - {handle: '@Known', owning_unit: Comms, owner: Sam, staffed_hours: 9 to 5,"
        " house_rules_url: 'https://www.gov.uk/x', two_factor: true}\n",
        encoding="utf-8",
    )
    known = '{"text": "Hello", "account": "@Known", "campaign_code": "C"}'
    unknown = '{"text": "Hello", "account": "@Stranger", "campaign_code": "C"}'
    assert invoke("--config", str(tmp_path), stdin=known).exit_code == 0
    result = invoke("--config", str(tmp_path), stdin=unknown)
    assert result.exit_code == 1 and "account.not-registered" in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["/no/such/file.json"], None, "cannot read /no/such/file.json: no such file"),
        (["-"], '{"text": "hi",', "the draft is not valid JSON"),
        (["--platform", "myspace"], "hi", "unknown platform 'myspace'"),
        (["-"], '{"text": "hi", "colour": "red"}', "unknown field 'colour' in the draft"),
        (["-"], '{"text": "hi", "media": [{"kind": "image", "size": 3}]}', "unknown field 'size'"),
        (["-"], '{"text": 5}', "text must be a string"),
        (["-"], '{"tags": []}', 'has no "text" field'),
        (["-"], '["not", "an", "object"]', "the draft must be a JSON object"),
        (["-"], '{"text": "hi", "media": {"kind": "image"}}', "media must be a list"),
        (["-"], '{"text": "hi", "scheduled_at": "soon"}', "scheduled_at 'soon' is not a date"),
        (["-"], "", "the draft is empty"),
        (["--at", "next tuesday"], "hi", "--at 'next tuesday' is not a date-time"),
        (["--config", "/no/such/dir"], "hi", "config directory /no/such/dir does not exist"),
    ],
)
def test_bad_input_exits_2_with_one_line_error(
    args: list[str], stdin: str | None, message: str
) -> None:
    result = invoke(*args, stdin=stdin)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_yaml_in_the_config_directory_exits_2(tmp_path: Path) -> None:
    (tmp_path / "limits.yaml").write_text("platforms: [unclosed", encoding="utf-8")
    result = invoke("--config", str(tmp_path), stdin="hi")
    assert result.exit_code == 2 and "is not valid YAML" in result.output


def test_a_directory_as_file_exits_2(tmp_path: Path) -> None:
    result = invoke(str(tmp_path))
    assert result.exit_code == 2 and "it is a directory" in result.output


def test_list_rules_prints_every_rule_with_severity_and_source() -> None:
    result = invoke("--list-rules")
    assert result.exit_code == 0
    for rule in RULES.values():
        line = next(line for line in result.output.splitlines() if line.startswith(rule.id + " "))
        assert rule.severity.label in line and rule.source in line
