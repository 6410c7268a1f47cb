"""Length is counted the way each platform counts it (rule 23)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text import extract_urls_with_indices, parse_tweet

from govsocial.checks import Draft, check
from govsocial.checks.length import (
    grapheme_count,
    mastodon_length,
    x_url_spans,
    x_weighted_length,
)

from .conftest import context_from

# Weighted lengths from twitter-text's conformance suite (conformance/validate.yml, v3 config).
TWITTER_TEXT_CASES = {
    "english text 日本語 😷 https://example.com": 46,
    "😷" * 140: 280,
    "👨‍👩‍👧‍👦": 2,  # a ZWJ family sequence counts once, as 2
    "🙋🏽": 2,  # emoji with a skin-tone modifier
    "🇯🇵": 2,  # a flag (two regional indicators)
    "#️⃣": 2,  # a keycap sequence
    "🏴󠁧󠁢󠁷󠁬󠁳󠁿": 2,  # the Wales flag tag sequence
    "日本語": 6,  # CJK weighs 2
    "café": 4,
    "cafe\u0301": 4,  # NFC: e + combining acute is one character
    "https://www.gov.uk/book-driving-test": 23,
    "gov.uk": 23,  # a bare domain is a URL to twitter-text
    "a" * 280: 280,
}


def test_x_weighted_length_matches_twitter_text_conformance_cases() -> None:
    for text, expected in TWITTER_TEXT_CASES.items():
        assert x_weighted_length(text) == expected, text


ALPHABET = st.sampled_from(
    list("ab .:/#1\n-")
    + [
        "日",
        "😷",
        "\u200d",
        "🏽",
        "\u0301",
        "é",
        "🇬",
        "🇧",
        "\ufe0f",
        "\u20e3",
        "ｱ",
        "—",
        "‘",
        "https://x.com ",
        "gov.uk/a ",
        "t.co/abc ",
        "\r\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_x_weighted_length_agrees_with_twitter_text_parser(text: str) -> None:
    assert x_weighted_length(text) == parse_tweet(text).weightedLength


URL_ALPHABET = st.sampled_from(
    list("ab .:/#1\n-@_$()?=&,;!'\"\t\x1c\u00a0\u3000\u202e＠")
    + ["日", "😷", "é", "ｱ", "—", "https://x.com ", "gov.uk/a ", "t.co/abc ", "www.", "http://"]
    + ["example.com", ".uk", ".co.uk", "://"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(URL_ALPHABET, max_size=30).map("".join))
def test_urls_found_stretch_by_stretch_are_those_twitter_text_finds_in_the_whole(text: str) -> None:
    whole = [tuple(url["indices"]) for url in extract_urls_with_indices(text)]
    assert x_url_spans(text) == whole


def test_bluesky_counts_grapheme_clusters() -> None:
    assert grapheme_count("👨‍👩‍👧‍👦") == 1
    assert grapheme_count("🇬🇧🇯🇵") == 2
    assert grapheme_count("cafe\u0301") == 4
    assert grapheme_count("line\r\nnext") == 9


def test_mastodon_counts_urls_as_23_and_remote_mentions_by_their_local_part() -> None:
    url = "https://www.gov.uk/" + "a" * 60
    assert mastodon_length(f"Read {url}") == len("Read ") + 23
    assert mastodon_length("Thanks @dvsa@social.example.gov.uk") == len("Thanks @dvsa")


def test_the_report_gives_the_length_in_the_platforms_unit() -> None:
    report = check(Draft(text="日本語", platform="x"), context_from())
    assert report.to_dict()["length"] == {"count": 6, "limit": 280, "unit": "weighted characters"}
    report = check(Draft(text="👨‍👩‍👧‍👦", platform="bluesky"), context_from())
    assert report.to_dict()["length"] == {"count": 1, "limit": 300, "unit": "graphemes"}


def test_mastodon_uses_the_instance_limit_when_known() -> None:
    context = context_from()
    context = type(context)(now=context.now, data=context.data, instance_limit=1000)
    report = check(Draft(text="a" * 600, platform="mastodon", campaign_code="C"), context)
    assert report.length is not None and report.length.limit == 1000
    assert "limits.post-length" not in {f.rule for f in report.findings}
    report = check(Draft(text="a" * 600, platform="mastodon", campaign_code="C"), context_from())
    assert "limits.post-length" in {f.rule for f in report.findings}


def test_x_post_over_280_weighted_is_blocked_though_under_280_characters() -> None:
    report = check(Draft(text="日" * 150, platform="x", campaign_code="C"), context_from())
    finding = next(f for f in report.findings if f.rule == "limits.post-length")
    assert finding.severity.label == "block"
    assert "300 weighted characters" in finding.message and "280" in finding.message
