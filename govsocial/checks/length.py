"""Post length counted the way each platform counts it (rule 23)."""

from __future__ import annotations

import functools
import re
import unicodedata

import regex
from twitter_text import extract_urls_with_indices
from twitter_text.config import config as twitter_config
from twitter_text.regexp.emoji import emoji as twitter_emoji_re

from govsocial.checks.data import PlatformLimits
from govsocial.checks.model import Length
from govsocial.checks.text import NON_ASCII_RUN_RE

GRAPHEME_RE = regex.compile(r"\X")
# Mastodon shortens http(s) URLs to 23 characters and counts a remote mention by its local part.
MASTODON_URL_RE = re.compile(r"(?<![\w/])https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'’”]", re.IGNORECASE)
MASTODON_REMOTE_MENTION_RE = re.compile(r"(?<![\w@])(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
TWITTER_URL_LENGTH = 23


# Every URL twitter-text extracts has a dot between a word character and a letter.
DOMAIN_DOT_RE = re.compile(r"\w\.[^\W\d_]")
X_CONFIG = twitter_config["version3"]
X_LIGHT_RANGES = tuple((r["start"], r["end"]) for r in X_CONFIG["ranges"])
# Emoji sequences never contain ASCII letters or spaces, so twitter-text's (slow) emoji regex
# only needs to run over the non-ASCII stretches (NON_ASCII_RUN_RE, with a keycap base).


def _x_char_weight(char: str) -> int:
    point = ord(char)
    return 1 if any(lo <= point <= hi for lo, hi in X_LIGHT_RANGES) else 2


@functools.lru_cache(maxsize=2048)
def x_weighted_length(text: str) -> int:
    """twitter-text v3 weighted length: URLs 23, CJK and emoji 2, emoji sequences as one.

    The same algorithm as twitter-text-parser's `parse_tweet(text).weightedLength` (NFC, URLs
    from its extractor, emoji from its regex, its weight ranges), but it runs the URL extractor
    only over the stretches with a dot and the emoji regex only over non-ASCII stretches;
    tests/checks/test_length.py holds it to parse_tweet.
    """
    normalised = re.sub(r"\r\n|\r", "\n", unicodedata.normalize("NFC", text))
    maybe_url = "." in normalised and DOMAIN_DOT_RE.search(normalised)
    covered = x_url_spans(normalised) if maybe_url else []
    total = TWITTER_URL_LENGTH * len(covered)
    if normalised.isascii():
        return total + len(normalised) - sum(end - start for start, end in covered)
    emoji_at: dict[int, int] = {}
    for run in NON_ASCII_RUN_RE.finditer(normalised):
        for found in twitter_emoji_re.finditer(run.group(0)):
            emoji_at[run.start() + found.start()] = found.end() - found.start()
    url_at = dict(covered)
    index = 0
    while index < len(normalised):
        if index in url_at:
            index = url_at[index]
            continue
        if index in emoji_at:
            total += 2
            index += emoji_at[index]
            continue
        total += _x_char_weight(normalised[index])
        index += 1
    return total


# A URL never spans a space or a line break, and twitter-text's URL pattern reads at most one
# character before a URL; the pattern is slow over long texts, so it runs over each stretch
# with a dot in it, from the character before, and the indices are shifted back.
URL_STRETCH_RE = re.compile(r"[^ \n]+")


def x_url_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each URL twitter-text's extractor finds in `text`."""
    spans = []
    for stretch in URL_STRETCH_RE.finditer(text):
        if "." not in stretch.group(0):
            continue
        start = max(0, stretch.start() - 1)
        for url in extract_urls_with_indices(text[start : stretch.end()]):
            spans.append((start + url["indices"][0], start + url["indices"][1]))
    return spans


def grapheme_count(text: str) -> int:
    """Extended grapheme clusters (UAX #29), as Bluesky counts its 300."""
    if text.isascii():
        return len(text.replace("\r\n", "\n"))
    return len(GRAPHEME_RE.findall(text))


def mastodon_length(text: str, *, url_length: int = 23) -> int:
    shortened = MASTODON_REMOTE_MENTION_RE.sub(r"\1", text)
    urls = MASTODON_URL_RE.findall(shortened)
    return len(shortened) - sum(len(u) for u in urls) + url_length * len(urls)


def character_count(text: str) -> int:
    return len(unicodedata.normalize("NFC", text)) if not text.isascii() else len(text)


def measure(text: str, platform: PlatformLimits, *, instance_limit: int | None = None) -> Length:
    """The draft's length and limit in the platform's own unit."""
    if platform.unit == "weighted":
        return Length(x_weighted_length(text), platform.limit, "weighted characters")
    if platform.unit == "graphemes":
        return Length(grapheme_count(text), platform.limit, "graphemes")
    if platform.url_length is not None:
        limit = instance_limit or platform.limit
        return Length(mastodon_length(text, url_length=platform.url_length), limit, "characters")
    return Length(character_count(text), platform.limit, "characters")
