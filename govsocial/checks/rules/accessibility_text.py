"""Accessibility of the words: rules 14 to 19 (GCS accessible social media; GDS playbook)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import pyphen
import wordsegment

from govsocial.checks.data import lower_words
from govsocial.checks.model import Finding, Severity
from govsocial.checks.registry import SHOWN_TEXTS, Inspection, checker, define
from govsocial.checks.text import Span, TextFacts, Trigger, lowered

GCS_COUNCIL = "GCS accessible social media [S22]; council copy of GCS rules [S24]"

HASHTAG_CAMELCASE = define(
    "accessibility.hashtag-camelcase",
    Severity.WARN,
    source=f"{GCS_COUNCIL}; CamelCase hashtags [S25]",
    title="A multi-word hashtag is not in CamelCase",
    number=14,
)
TOO_MANY_HASHTAGS = define(
    "accessibility.too-many-hashtags",
    Severity.WARN,
    source="Council copy of GCS rules [S24]",
    title="More than 2 hashtags",
    number=15,
)
HASHTAG_MID_TEXT = define(
    "accessibility.hashtag-mid-text",
    Severity.WARN,
    source="Council copy of GCS rules [S24]",
    title="A hashtag in the middle of the text",
    number=15,
)
TOO_MANY_EMOJI = define(
    "accessibility.too-many-emoji",
    Severity.WARN,
    source="GDS playbook [S6]; " + GCS_COUNCIL,
    title="More than 3 emoji",
    number=16,
)
REPEATED_EMOJI = define(
    "accessibility.repeated-emoji",
    Severity.WARN,
    source="GDS playbook [S6]; " + GCS_COUNCIL,
    title="The same emoji repeated",
    number=16,
)
EMOJI_BULLETS = define(
    "accessibility.emoji-bullets",
    Severity.WARN,
    source="GDS playbook [S6]; " + GCS_COUNCIL,
    title="Emoji used as bullet points",
    number=16,
)
EMOJI_MID_SENTENCE = define(
    "accessibility.emoji-mid-sentence",
    Severity.WARN,
    source="GDS playbook [S6]; " + GCS_COUNCIL,
    title="An emoji in the middle of a sentence, or standing in for a word",
    number=16,
)
LINK_TEXT = define(
    "accessibility.link-text",
    Severity.BLOCK,
    source="Council copy of GCS rules [S24]; GOV.UK style guide, links",
    title='Link text such as "click here" that does not say where the link goes',
    number=17,
)
TOO_MANY_LINKS = define(
    "accessibility.too-many-links",
    Severity.WARN,
    source="Council copy of GCS rules [S24]",
    title="More than 1 link in a post",
    number=17,
)
LONG_SENTENCE = define(
    "accessibility.long-sentence",
    Severity.WARN,
    source=GCS_COUNCIL,
    title="A sentence longer than 25 words",
    number=18,
)
WALL_OF_TEXT = define(
    "accessibility.wall-of-text",
    Severity.WARN,
    source=GCS_COUNCIL,
    title="A long block of text with no line breaks",
    number=18,
)
READING_AGE = define(
    "accessibility.reading-age",
    Severity.WARN,
    source="GOV.UK content design, reading age about 9 [S28]",
    title="The reading age is high",
    number=18,
)
FANCY_FONT = define(
    "accessibility.fancy-font",
    Severity.BLOCK,
    source="Council copy of GCS rules [S24]; Unicode Mathematical Alphanumeric Symbols",
    title='"Fancy font" Unicode letters that screen readers skip or garble',
    number=19,
)


@functools.cache
def word_frequencies_loaded() -> bool:
    """Loads wordsegment's word counts once, on first use (they take a moment to read)."""
    wordsegment.load()
    return True


SINGLE_WORD_COUNT = 100_000
COMMON_PART_COUNT = 1_000_000
SHORT_WORDS = frozenset("a i of on in we up to at my us be do go is it no so an by me or".split())


def _plausible_part(part: str) -> bool:
    if len(part) <= 2:
        return part in SHORT_WORDS
    return wordsegment.UNIGRAMS.get(part, 0) >= COMMON_PART_COUNT


@functools.lru_cache(maxsize=4096)
def camel_case_suggestion(tag: str) -> str | None:
    """'accessibilityawareness' -> 'AccessibilityAwareness'; None for a one-word tag."""
    if len(tag) < 6 or not tag.isalpha() or not tag.islower():
        return None
    word_frequencies_loaded()
    if wordsegment.UNIGRAMS.get(tag, 0) >= SINGLE_WORD_COUNT:
        return None  # one word in its own right (#facebook, #weekend)
    parts = wordsegment.segment(tag)
    if len(parts) < 2 or "".join(parts) != tag:
        return None
    if any(not _plausible_part(p) for p in parts):
        return None  # a made-up word split into fragments (#brexit -> br + exit)
    return "".join(p.capitalize() for p in parts)


@checker(when=Trigger.HASH)
def check_hashtags(inspection: Inspection) -> Iterator[Finding]:
    facts, data = inspection.facts, inspection.context.data
    tags = facts.hashtags
    if not tags:
        return
    for tag in tags:
        suggestion = camel_case_suggestion(tag.text)
        if suggestion:
            yield HASHTAG_CAMELCASE.finding(
                f"#{tag.text} joins several words in lower case, so screen readers read it as one "
                f"word. Capitalise each word: #{suggestion}.",
                tag.start,
                tag.end,
            )
    if len(tags) > data.max_hashtags:
        yield TOO_MANY_HASHTAGS.finding(
            f"The post has {len(tags)} hashtags. Use no more than {data.max_hashtags}: each one is "
            "read out in full by screen readers.",
            tags[data.max_hashtags].start,
            tags[-1].end,
        )
    for tag in tags:
        if tag.end < facts.last_letter_end:
            yield HASHTAG_MID_TEXT.finding(
                f"#{tag.text} sits in the middle of the text. Put hashtags at the end, so the "
                "sentence reads naturally.",
                tag.start,
                tag.end,
            )


# Symbols the emoji data lists but posts use as text (©, ®, ™, arrows).
TEXT_SYMBOLS_RE = re.compile(r"^[\u00a9\u00ae\u2122\u2190-\u21ff\u2022]$")


def _real_emoji(spans: list[Span]) -> list[Span]:
    return [s for s in spans if not TEXT_SYMBOLS_RE.match(s.text)]


LETTER_AT_END_RE = re.compile(r"[A-Za-z]\s*$")
LOWER_AT_START_RE = re.compile(r"\s*[a-z]")


@checker(when=Trigger.NON_ASCII)
def check_emoji(inspection: Inspection) -> Iterator[Finding]:
    facts, data = inspection.facts, inspection.context.data
    if facts.ascii:
        return
    found = _real_emoji(facts.emoji)
    if not found:
        return
    text = facts.text
    if len(found) > data.max_emoji:
        yield TOO_MANY_EMOJI.finding(
            f"The post has {len(found)} emoji. Use no more than {data.max_emoji}: screen readers "
            "read out each one's full name.",
            found[data.max_emoji].start,
            found[-1].end,
        )
    for previous, current in zip(found, found[1:], strict=False):
        if previous.text == current.text and not text[previous.end : current.start].strip():
            yield REPEATED_EMOJI.finding(
                f"{current.text} is repeated. A screen reader reads its name each time: use it once.",
                previous.start,
                current.end,
            )
            break
    line_starts = [e for e in found if not text[: e.start].rsplit("\n", 1)[-1].strip()]
    if len(line_starts) >= 2:
        yield EMOJI_BULLETS.finding(
            "Emoji are used as bullet points. Screen readers read each one's name before the "
            "line: use plain line breaks, or a dash or bullet character.",
            line_starts[0].start,
            line_starts[-1].end,
        )
    for emo in found:
        before = text[: emo.start].rsplit("\n", 1)[-1]
        after = text[emo.end :].split("\n", 1)[0]
        if LETTER_AT_END_RE.search(before) and LOWER_AT_START_RE.match(after):
            yield EMOJI_MID_SENTENCE.finding(
                f"{emo.text} sits in the middle of a sentence. If it stands for a word, write the "
                "word; emoji must never carry the message. Put any emoji at the end.",
                emo.start,
                emo.end,
            )


LINK_WORDS = frozenset({"click", "tap", "press", "here", "link"})
LINK_TEXT_PATTERN = (
    r"\b(?:click|tap|press)\s+(?:here|this|on\s+(?:the|this)\s+link|the\s+link|this\s+link|below|link)\b"
    r"|\b(?:more|details|info|information|guidance|read|apply|register|book|sign\s+up|"
    r"find\s+out(?:\s+more)?|see|visit|available|full\s+story|watch|listen|donate|it|them|form|"
    r"report|check|learn)\s+here(?=\s*(?:[:.!,)\-–—]|$|https?://|www\.|[^\w\s]))"
    r"|(?:^|\n)\s*here\s*[:\-–—]?\s*(?=https?://|www\.|$)"
    r"|\b(?:follow|use|via|at|through|visit|open|see|check)\s+(?:this|the|our)\s+link\b"
    r"|\blink\s+(?:below|above|in\s+(?:the\s+)?(?:bio|comments?|profile))\b"
    r"|\blink\s*:\s*(?=https?://|www\.)"
)
LINK_TEXT_RE = re.compile(LINK_TEXT_PATTERN)
LINK_TEXT_ANY_CASE_RE = re.compile(LINK_TEXT_PATTERN, re.IGNORECASE)


# "Do not click the link": a scam warning, not link text.
NEGATED_RE = re.compile(r"\b(?:not|never|n['’]t|avoid)\s+$", re.IGNORECASE)
# "here" right before a URL with only punctuation, arrows or emoji between ("Apply here 👉 URL"), or
# only what to do with it ("here for you to read URL"). "We're here to help: URL" is the team.
HERE_BEFORE_URL_RE = re.compile(
    r"(?<![\w'’])here(?:(?:\s+for\s+(?:you|everyone|anyone|all|residents|parents|people))?\s+to\s+"
    r"(?:read|see|view|download|look\s+at|browse|check|find|watch|explore|print|share|use|"
    r"comment\s+on|fill\s+in|complete|(?:have|take)\s+a\s+look(?:\s+at)?)"
    r"(?:\s+(?:it|them|this|online|now|in\s+full|through|over))?)?[^\w\n]*$",
    re.IGNORECASE,
)


def _link_text_phrase(prose: str) -> tuple[int, int] | None:
    folded = lowered(prose)
    pattern, searched = (LINK_TEXT_RE, folded) if folded else (LINK_TEXT_ANY_CASE_RE, prose)
    for found in pattern.finditer(searched):
        start = found.start() + (len(found.group(0)) - len(found.group(0).lstrip()))
        if not NEGATED_RE.search(prose, max(0, start - 12), start):
            return start, found.end()
    return None


def _here_before_a_url(facts: TextFacts) -> tuple[int, int] | None:
    for url in facts.urls:
        line_start = facts.text.rfind("\n", 0, url.start) + 1
        before = HERE_BEFORE_URL_RE.search(facts.text, line_start, url.start)
        if before:
            return before.start(), before.start() + len("here")
    return None


@checker(when=Trigger.URL, words=LINK_WORDS)
def check_links(inspection: Inspection) -> Iterator[Finding]:
    facts, data = inspection.facts, inspection.context.data
    found = None
    if not lower_words(facts.prose).isdisjoint(LINK_WORDS):
        found = _link_text_phrase(facts.prose) or _here_before_a_url(facts)
    if found:
        phrase = facts.text[found[0] : found[1]].strip()
        yield LINK_TEXT.finding(
            f'"{phrase}" does not say where the link goes. Describe the destination instead, '
            'for example "Read guidance on applying for a driving licence".',
            *found,
        )
    if len(facts.urls) > data.max_links:
        yield TOO_MANY_LINKS.finding(
            f"The post has {len(facts.urls)} links. Use {data.max_links}: choose the one place "
            "you most want people to go.",
            facts.urls[data.max_links].start,
            facts.urls[-1].end,
        )


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@functools.lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables the way textstat 0.7.3 counts them (pyphen hyphenation points + 1)."""
    return len(_hyphenator().positions(word.lower())) + 1


def reading_age(sentences: list[list[str]]) -> float | None:
    """Flesch-Kincaid grade + 5, over sentences of words (textstat's formula, computed locally)."""
    counted = [s for s in sentences if len(s) > 2] or sentences
    words = [w for s in sentences for w in s]
    if not words or not counted:
        return None
    per_sentence = len(words) / len(counted)
    per_word = sum(map(syllables, words)) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1) + 5


@checker
def check_readability(inspection: Inspection) -> Iterator[Finding]:
    facts, data = inspection.facts, inspection.context.data
    yield from _wall_of_text(inspection)
    fewest = min(data.max_sentence_words, data.reading_age_min_words - 1)
    if (len(facts.text) + 1) // 2 <= fewest:
        return  # too short to hold that many words: no need to find them
    if facts.word_count <= fewest:
        return  # too short for a long sentence or a meaningful reading age
    sentence_words: list[list[str]] = []
    for sentence in facts.sentences:
        words = WORD_RE.findall(sentence.text)
        sentence_words.append(words)
        if len(words) > data.max_sentence_words:
            yield LONG_SENTENCE.finding(
                f"This sentence has {len(words)} words. Keep sentences to "
                f"{data.max_sentence_words} words or fewer: split it in two.",
                sentence.start,
                sentence.end,
            )
    if sum(len(s) for s in sentence_words) >= data.reading_age_min_words:
        age = reading_age(sentence_words)
        if age is not None and age > data.reading_age_warn:
            yield READING_AGE.finding(
                f"The reading age is about {age:.0f}. GOV.UK aims for about 9: use shorter "
                "sentences and everyday words."
            )


def _wall_of_text(inspection: Inspection) -> Iterator[Finding]:
    text, limit = inspection.draft.text, inspection.context.data.max_paragraph_chars
    if len(text) <= limit:
        return
    offset = 0
    for paragraph in text.split("\n"):
        if len(paragraph) > limit:
            yield WALL_OF_TEXT.finding(
                f"This block is {len(paragraph)} characters with no line break. Break it into "
                "short paragraphs so it is easier to read on a phone.",
                offset,
                offset + len(paragraph),
            )
            return
        offset += len(paragraph) + 1


WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")

# Letters from these blocks are styling, not text: screen readers skip or spell them out.
ALWAYS_FANCY = (
    "\U0001d400-\U0001d7ff"  # Mathematical Alphanumeric Symbols
    "\uff21-\uff3a\uff41-\uff5a"  # fullwidth Latin letters
    "\u24b6-\u24e9"  # circled Latin letters
    "\U0001f130-\U0001f149\U0001f150-\U0001f169"  # squared and negative circled letters
)
FANCY_IN_RUNS = (
    "\u1d00-\u1d2b"  # small capitals
    "\u2102\u210a-\u2113\u2115\u2119-\u211d\u2124\u212c-\u212d\u212f-\u2131\u2133\u2134"
    "\U0001f170-\U0001f189"  # negative squared letters (some are emoji on their own)
    "\u0299\u029c\u026a\u028f\u0280\u0274"  # small capital B H I Y R N in IPA Extensions
)
FANCY_RE = re.compile(
    rf"[{ALWAYS_FANCY}][{ALWAYS_FANCY}{FANCY_IN_RUNS}\s]*"
    rf"|[{FANCY_IN_RUNS}](?:\s?[{ALWAYS_FANCY}{FANCY_IN_RUNS}])+"
)


@checker(fields=SHOWN_TEXTS, when=Trigger.NON_ASCII)
def check_fancy_font(inspection: Inspection) -> Iterator[Finding]:
    if inspection.facts.ascii:
        return
    for match in FANCY_RE.finditer(inspection.text):
        fancy = match.group(0).rstrip()
        yield FANCY_FONT.finding(
            f'"{fancy}" uses decorative Unicode letters, which screen readers skip or read as '
            "symbol names, and search cannot find. Type it in ordinary letters; use plain text "
            "for emphasis.",
            match.start(),
            match.start() + len(fancy),
        )
