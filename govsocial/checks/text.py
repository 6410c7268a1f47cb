"""Facts about a draft's text that several rules share, each computed once and only if needed."""

from __future__ import annotations

import enum
import functools
import re
from typing import NamedTuple

import emoji as emoji_lib

from govsocial.checks.data import lower_words
from govsocial.checks.lazy import computed_once

# A URL with a scheme, or a bare domain with a common public-sector or generic TLD.
URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://[^\s<>\"]+|www\.[^\s<>\"]+|"
    r"(?:[a-z0-9-]+\.)+(?:gov\.uk|nhs\.uk|org\.uk|co\.uk|ac\.uk|police\.uk|gov\.scot|gov\.wales|"
    r"com|org|net|uk|scot|wales|io|eu)(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)
URL_LOWER_CASE_RE = re.compile(URL_RE.pattern)
NON_ASCII_RUN_RE = re.compile(r"[#*0-9]?[^\x00-\x7f]+")
LETTER_LIKE_RE = re.compile(r"[^\W\d_]")
# Whether a URL may be here: a dot between a letter, digit or hyphen and a letter. The dot is
# matched first (then looked behind), so that `re` jumps from dot to dot.
URL_HINT_RE = re.compile(r"\.(?<=[A-Za-z0-9-]\.)[A-Za-z]")
TRAILING_PUNCTUATION = ".,;:!?)]}'\"’”"
# "#" or "@" not after a word character: the sign is matched first, then looked behind, so
# that `re` jumps from sign to sign instead of testing every position.
HASHTAG_RE = re.compile(r"#(?<![\w&#]#)(\w*[^\W\d_]\w*)")
MENTION_RE = re.compile(r"@(?<![\w@]@)([A-Za-z0-9_]+(?:[.@][A-Za-z0-9_-]+)*)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A sentence ends at . ! ? or … (not after an initial, "e.g", "i.e", "Mr" and the like, and
# followed by a space or the end) or at line breaks. The first character is matched before the
# look-behinds, so that `re` can skip straight to the candidates instead of trying every position.
SENTENCE_END_RE = re.compile(
    r"[.!?…\n](?:(?<=\n)\n*"
    r"|(?<!\b[A-Z].)(?<!\be\.g.)(?<!\bi\.e.)(?<!\b(?:Mr|Ms|Dr|St|No).)[.!?…]*[\"'’”)]*(?=\s|$))"
)


DIGIT_RE = re.compile(r"\d")
ASCII_NON_LETTERS = "".join(chr(c) for c in range(128) if not chr(c).isalpha())
CAPITALS_RE = re.compile(r"[A-Z][A-Z]")


class Trigger(enum.IntFlag):
    """What a text contains, in the cheap tests rules declare as their triggers; and, for the
    post, what the draft carries besides its text (for checkers of draft-wide fields)."""

    ALWAYS = 0  # declares no trigger: the checker runs on every text
    DIGIT = enum.auto()
    AT = enum.auto()  # "@": e-mail addresses and mentions
    HASH = enum.auto()  # "#": hashtags
    NON_ASCII = enum.auto()  # emoji, fancy fonts, accented letters, invisible characters
    URL = enum.auto()  # a dot between a letter or digit and a letter: a URL or domain may be here
    CAPITALS = enum.auto()  # two capital letters in a row: acronyms, shouting
    AMPERSAND = enum.auto()
    MEDIA = enum.auto()  # the draft has attachments
    REPLY = enum.auto()  # it replies to someone
    SHARES = enum.auto()  # it quotes or reposts, or carries quoted text, comments or links
    TAGS = enum.auto()  # it has tags
    REGISTER = enum.auto()  # the context has the official account register
    AUTOMATED = enum.auto()  # it is marked automated
    PAID = enum.auto()  # it is marked a paid partnership


DIGIT_BIT, AT_BIT, HASH_BIT = int(Trigger.DIGIT), int(Trigger.AT), int(Trigger.HASH)
NON_ASCII_BIT, URL_BIT, CAPITALS_BIT = (
    int(Trigger.NON_ASCII),
    int(Trigger.URL),
    int(Trigger.CAPITALS),
)
AMPERSAND_BIT = int(Trigger.AMPERSAND)


class Span(NamedTuple):
    """A stretch of a text (a tuple: rules make many, and tuples are quick to make)."""

    start: int
    end: int
    text: str


def _strip_url(match: re.Match[str], text: str) -> Span:
    url = text[match.start() : match.end()]
    while url and url[-1] in TRAILING_PUNCTUATION:
        # Keep a closing bracket that balances one inside the URL (Wikipedia links).
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return Span(match.start(), match.start() + len(url), url)


@functools.lru_cache(maxsize=512)
def lowered(text: str) -> str | None:
    """`text` in lower case when that keeps every offset (it does not for a few letters such
    as "İ"); rules then match case-sensitive patterns, which are much faster in `re`."""
    folded = text.lower()
    return folded if len(folded) == len(text) else None


class TextFacts:
    """Lazy, cached views of one text: URLs, hashtags, mentions, emoji, sentences, words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()

    @computed_once
    def triggers(self) -> int:
        """Which triggers occur in the text, as Trigger bits: computed once, then read by the
        engine for each checker (a plain int, because IntFlag arithmetic is slow)."""
        text, found = self.text, 0
        if DIGIT_RE.search(text):
            found |= DIGIT_BIT
        if "@" in text:
            found |= AT_BIT
        if "#" in text:
            found |= HASH_BIT
        if not self.ascii:
            found |= NON_ASCII_BIT
        if "." in text and URL_HINT_RE.search(text):
            found |= URL_BIT
        if CAPITALS_RE.search(text):
            found |= CAPITALS_BIT
        if "&" in text:
            found |= AMPERSAND_BIT
        return found

    @computed_once
    def words(self) -> frozenset[str]:
        """The lower-cased word tokens of the whole text (URLs and hashtags included)."""
        return lower_words(self.text)

    @computed_once
    def emails(self) -> list[Span]:
        if "@" not in self.text:
            return []
        return [Span(m.start(), m.end(), m.group(0)) for m in EMAIL_RE.finditer(self.text)]

    @computed_once
    def urls(self) -> list[Span]:
        if "." not in self.text or not URL_HINT_RE.search(self.text):
            return []
        email_starts = {e.start for e in self.emails}
        folded = lowered(self.text)
        if folded is not None:  # a case-sensitive pattern on the lower-cased text is faster
            found = URL_LOWER_CASE_RE.finditer(folded)
        else:
            found = URL_RE.finditer(self.text)
        spans = [_strip_url(m, self.text) for m in found]
        if not email_starts:
            return spans
        return [s for s in spans if s.start not in email_starts and not self._inside_email(s)]

    def _inside_email(self, span: Span) -> bool:
        return any(e.start <= span.start < e.end for e in self.emails)

    @computed_once
    def hashtags(self) -> list[Span]:
        if "#" not in self.text:
            return []
        spans = [Span(m.start(), m.end(), m.group(1)) for m in HASHTAG_RE.finditer(self.text)]
        if not spans or not self.urls:
            return spans
        return [s for s in spans if not self.in_url(s.start)]

    @computed_once
    def mentions(self) -> list[Span]:
        if "@" not in self.text:
            return []
        spans = [Span(m.start(), m.end(), m.group(1)) for m in MENTION_RE.finditer(self.text)]
        if not spans or not (self.urls or self.emails):
            return spans
        return [s for s in spans if not self.in_url(s.start) and not self._inside_email(s)]

    @computed_once
    def emoji(self) -> list[Span]:
        if self.ascii:
            return []
        # The emoji tokenizer costs time per character, and emoji never contain ASCII
        # letters or spaces: run it over the non-ASCII stretches only.
        spans = []
        for run in NON_ASCII_RUN_RE.finditer(self.text):
            for found in emoji_lib.emoji_list(run.group(0)):
                start = run.start() + found["match_start"]
                spans.append(Span(start, run.start() + found["match_end"], found["emoji"]))
        return spans

    def in_url(self, index: int) -> bool:
        urls = self.urls
        return bool(urls) and any(u.start <= index < u.end for u in urls)

    @computed_once
    def prose(self) -> str:
        """The text with URLs, emails, mentions and hashtags blanked out, offsets unchanged."""
        blanks = [*self.urls, *self.emails, *self.mentions, *self.hashtags]
        if not blanks:
            return self.text
        pieces: list[str] = []
        position = 0
        for span in sorted(blanks, key=lambda b: b.start):
            if span.end <= position:
                continue
            start = max(span.start, position)
            pieces.append(self.text[position:start])
            pieces.append(" " * (span.end - start))
            position = span.end
        pieces.append(self.text[position:])
        return "".join(pieces)

    @computed_once
    def sentences(self) -> list[Span]:
        """Sentences of the prose (URLs blanked), split at full stops and line breaks."""
        prose = self.prose
        spans: list[Span] = []
        start = 0
        for match in SENTENCE_END_RE.finditer(prose):
            end = match.end() if prose[match.start()] != "\n" else match.start()
            sentence = _trimmed(prose, start, end)
            if sentence is not None:
                spans.append(sentence)
            start = match.end()
        sentence = _trimmed(prose, start, len(prose))
        if sentence is not None:
            spans.append(sentence)
        return spans

    @computed_once
    def word_count(self) -> int:
        return len(self.prose.split())

    @computed_once
    def last_letter_end(self) -> int:
        """Index just past the last letter of the prose (0 when there is none)."""
        prose = self.prose
        if prose.isascii():  # every other ASCII character is stripped from the end
            return len(prose.rstrip(ASCII_NON_LETTERS))
        backwards = prose[::-1]
        # Every letter matches [^\W\d_] (so do a few other characters, such as "½"): jump
        # from candidate to candidate instead of testing each character in Python.
        for candidate in LETTER_LIKE_RE.finditer(backwards):
            if backwards[candidate.start()].isalpha():
                return len(prose) - candidate.start()
        return 0


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """text[start:end] without the whitespace around it; None when nothing else is left."""
    piece = text[start:end]
    left = piece.lstrip()
    if not left:
        return None
    trimmed = left.rstrip()
    start += len(piece) - len(left)
    return Span(start, start + len(trimmed), trimmed)


def sentence_start_at(facts: TextFacts, index: int) -> bool:
    """True when `index` is the first word of a sentence (capitals there mean nothing)."""
    before = facts.prose[:index].rstrip(" \t\"'‘“(")
    return not before or before[-1] in ".!?…:\n" or _ends_with_emoji(facts, len(before))


def _ends_with_emoji(facts: TextFacts, index: int) -> bool:
    return any(e.end == index for e in facts.emoji)
