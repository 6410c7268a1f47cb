"""Invisible and direction-changing characters block, named, with their position, in every
text the network shows; emoji sequences, flags and joining scripts pass."""

from __future__ import annotations

import pytest

from govsocial.checks import Severity

from .conftest import rules_fired, run, text

RULE = "text.invisible-character"


def invisible_findings(example: dict) -> list:
    return [f for f in run(example).findings if f.rule == RULE]


def test_a_right_to_left_override_blocks_naming_the_character_and_its_position() -> None:
    draft = text("Pay your fine at gov.uk/\u202eknil-yap")
    [finding] = invisible_findings(draft)
    assert finding.severity is Severity.BLOCK
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at character 25" in finding.message
    assert (finding.start, finding.end) == (24, 25)


@pytest.mark.parametrize(
    "char, name",
    [
        ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u2069", "POP DIRECTIONAL ISOLATE"),
        ("\u200e", "LEFT-TO-RIGHT MARK"),
        ("\u200f", "RIGHT-TO-LEFT MARK"),
        ("\u061c", "ARABIC LETTER MARK"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200c", "ZERO WIDTH NON-JOINER"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u2060", "WORD JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
        ("\u00ad", "SOFT HYPHEN"),
        ("\U000e0041", "TAG LATIN CAPITAL LETTER A"),
        ("\u3164", "HANGUL FILLER"),
        ("\x07", "CONTROL CHARACTER"),
    ],
)
def test_each_invisible_character_is_named(char: str, name: str) -> None:
    [finding] = invisible_findings(text(f"Bins go out on Tuesday{char} this week."))
    assert f"U+{ord(char):04X} {name} at character 23" in finding.message


def test_a_run_of_invisible_characters_is_one_finding_with_its_range() -> None:
    [finding] = invisible_findings(text("Apply\u200b\u200b\u200b now"))
    assert "U+200B ZERO WIDTH SPACE ×3 at characters 6 to 8" in finding.message
    assert (finding.start, finding.end) == (5, 8)


def test_titles_alt_texts_and_poll_options_are_checked_too() -> None:
    draft = text(
        "New video",
        platform="youtube",
        title="Road safety\u202e",
        media=[{"kind": "image", "alt": "A zebra\u200b crossing"}],
        poll_options=["Yes", "No\u2060"],
    )
    found = {(f.field, f.start): f.message for f in invisible_findings(draft)}
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at character 12" in found[("title", 11)]
    assert "U+200B ZERO WIDTH SPACE at character 8" in found[("media[0].alt", 7)]
    assert "U+2060 WORD JOINER at character 3" in found[("poll_options[1]", 2)]


def test_a_public_reply_is_checked() -> None:
    assert RULE in rules_fired(text("Thanks\u2066 for asking", in_reply_to="@citizen"))


@pytest.mark.parametrize(
    "value",
    [
        "Our coders 👩\u200d💻👨\u200d💻 at the hackathon",  # ZWJ emoji sequences
        "We ❤\ufe0f our libraries",  # VS16 after an emoji
        "Family day 👨\u200d👩\u200d👧 with 👍🏽",
        "Dydd Gŵyl Dewi hapus 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
        "Scotland 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "می\u200cخواهم کمک",  # ZWNJ in Persian/Urdu words
        "क्\u200dष",  # ZWJ in Devanagari
        "Tabs\tand\nline breaks\r\nare layout",
        "Plain ASCII text with no surprises",
    ],
)
def test_emoji_sequences_flags_joining_scripts_and_layout_pass(value: str) -> None:
    assert RULE not in rules_fired(text(value))


def test_a_joiner_between_latin_letters_or_after_a_lone_emoji_still_blocks() -> None:
    assert RULE in rules_fired(text("pass\u200dword"))
    assert RULE in rules_fired(text("👍\u200d then words"))
