"""The checks run over every text a network will show, not just the post: the title, each
image's alt text, each video's captions and each poll option. Findings name the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govsocial.checks import Draft, Media, Severity, check, make_context
from tests.cli.fresh_shell import FreshShell

from .conftest import run, text

CLEAN_POST = "Our new test centre in Leeds is open."


def findings_in(report, field: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.rule: f.message for f in report.findings if f.field == field}


def test_personal_data_only_in_the_alt_text_is_blocked_and_named() -> None:
    report = run(
        text(
            CLEAN_POST,
            media=[
                {"kind": "image", "alt": "The front of the building"},
                {"kind": "image", "alt": "A letter to Jane Smith, NHS number 943 476 5870"},
            ],
        )
    )
    assert report.verdict is Severity.BLOCK
    found = findings_in(report, "media[1].alt")
    assert "personal-data.nhs-number" in found
    assert found["personal-data.nhs-number"].startswith("In the alt text of image 2: ")
    finding = next(f for f in report.findings if f.rule == "personal-data.nhs-number")
    alt = "A letter to Jane Smith, NHS number 943 476 5870"
    assert alt[finding.start : finding.end] == "943 476 5870"
    assert not findings_in(report, "text")


def test_a_party_mention_only_in_the_alt_text_is_blocked_and_named() -> None:
    report = run(
        text(
            CLEAN_POST, media=[{"kind": "image", "alt": "A poster saying Vote Labour on Thursday"}]
        )
    )
    found = findings_in(report, "media[0].alt")
    assert "propriety.party-political" in found
    assert found["propriety.party-political"].startswith("In the alt text of image 1: ")
    assert "Labour Party" in found["propriety.party-political"]
    assert report.verdict is Severity.BLOCK


@pytest.mark.parametrize(
    ("extra", "field", "label"),
    [
        ({"title": "Vote Conservative on Thursday"}, "title", "the title"),
        (
            {
                "media": [
                    {
                        "kind": "video",
                        "captions": True,
                        "transcript": True,
                        "caption_text": "Ring me on 07700 900123 tonight.",
                    }
                ]
            },
            "media[0].caption_text",
            "the captions of video 1",
        ),
        ({"poll_options": ["Yes", "Only if the Tories pay"]}, "poll_options[1]", "poll option 2"),
    ],
)
def test_the_title_captions_and_poll_options_are_checked(
    extra: dict, field: str, label: str
) -> None:
    report = run(text(CLEAN_POST, **extra))
    found = findings_in(report, field)
    assert found, f"nothing found in {field}: {report.findings}"
    assert all(message.startswith(f"In {label}: ") for message in found.values())
    assert report.verdict is Severity.BLOCK


def test_invisible_fancy_letters_in_alt_text_are_blocked() -> None:
    report = run(text(CLEAN_POST, media=[{"kind": "image", "alt": "A sign saying 𝐎𝐏𝐄𝐍"}]))
    assert "accessibility.fancy-font" in findings_in(report, "media[0].alt")


def test_post_only_rules_leave_the_other_texts_alone() -> None:
    """Hashtag, emoji, link, style and statistic rules are about the post; an alt text that
    would trip them on its own raises nothing."""
    alt = "Chart: #roadsafety deaths fell by 20% 🚗🚗🚗🚗 - click here, eg the DVSA stats"
    report = run(text(CLEAN_POST, media=[{"kind": "image", "alt": alt}]))
    assert findings_in(report, "media[0].alt") == {}


def test_a_video_title_and_alt_text_with_nothing_wrong_pass() -> None:
    report = run(
        text(
            CLEAN_POST,
            platform="youtube",
            title="How to book your driving test",
            media=[{"kind": "image", "alt": "An examiner beside a car"}],
            poll_options=["Morning", "Afternoon"],
        )
    )
    assert [f for f in report.findings if f.field != "text"] == []


def test_spans_in_other_fields_convert_to_utf16_against_their_own_text() -> None:
    alt = "😀 Vote Labour"
    draft = Draft(text=CLEAN_POST, media=(Media(kind="image", alt=alt),), campaign_code="C-1")
    report = check(draft, make_context())
    finding = next(f for f in report.to_dict(utf16_draft=draft)["findings"] if f["field"] != "text")
    assert finding["field"] == "media[0].alt"
    assert (finding["start"], finding["end"]) == (8, 14)  # "Labour"; the emoji is two units


def test_the_command_checks_alt_text_captions_and_poll_options(tmp_path: Path) -> None:
    draft = {
        "text": CLEAN_POST,
        "campaign_code": "C-1",
        "media": [{"kind": "image", "alt": "Email jane.smith@gmail.com for a place"}],
        "poll_options": ["Yes", "No"],
    }
    shell = FreshShell.in_folder(tmp_path)
    result = shell.run("check", "-", stdin=json.dumps(draft).encode())
    assert result.status == 1, result
    assert "BLOCK    personal-data.email" in result.stdout.splitlines()
    assert "    In the alt text of image 1: " in result.stdout
    assert "    Email jane.smith@gmail.com for a place" in result.stdout.splitlines()
    as_json = shell.run("check", "-", "--json", stdin=json.dumps(draft).encode())
    fields = {f["field"] for f in json.loads(as_json.stdout)["findings"]}
    assert fields == {"media[0].alt"}


def test_a_poll_option_that_is_not_a_string_is_a_clear_error(tmp_path: Path) -> None:
    shell = FreshShell.in_folder(tmp_path)
    result = shell.run("check", "-", stdin=json.dumps({"text": "Hi", "poll_options": [3]}).encode())
    assert result.status == 2, result
    assert (
        result.stderr.strip() == "govsocial check: error: poll_options[0] must be a string, not 3"
    )
