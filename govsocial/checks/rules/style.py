"""GOV.UK style: rules 21 and 22 (style guide A to Z; writing for GOV.UK)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import wordsegment

from govsocial.checks.data import AvoidWord, RuleData, lower_words
from govsocial.checks.model import Finding, Severity
from govsocial.checks.registry import Inspection, checker, define
from govsocial.checks.rules.accessibility_text import word_frequencies_loaded
from govsocial.checks.text import Trigger

STYLE_GUIDE = "GOV.UK style guide A to Z [S26, S27]"
WRITING = "GOV.UK style guide [S27]; writing for GOV.UK [S28]"

ACRONYM = define(
    "style.acronym",
    Severity.WARN,
    source=STYLE_GUIDE,
    title="An acronym not spelled out on first use",
    number=21,
)
WORDS_TO_AVOID = define(
    "style.words-to-avoid",
    Severity.WARN,
    source=WRITING,
    title="A GOV.UK word to avoid",
    number=22,
)
AMPERSAND = define(
    "style.ampersand",
    Severity.WARN,
    source=STYLE_GUIDE,
    title='"&" instead of "and"',
    number=22,
)
LATIN_ABBREVIATION = define(
    "style.latin-abbreviation",
    Severity.WARN,
    source=STYLE_GUIDE,
    title='"eg", "ie" or "etc"',
    number=22,
)
DATE_FORMAT = define(
    "style.date-format",
    Severity.WARN,
    source=STYLE_GUIDE,
    title='A date not written as "4 June 2025"',
    number=22,
)
TIME_FORMAT = define(
    "style.time-format",
    Severity.WARN,
    source=STYLE_GUIDE,
    title='A time not written as "5:30pm", or 12pm/12am instead of midday/midnight',
    number=22,
)
RANGE_DASH = define(
    "style.range-dash",
    Severity.WARN,
    source=STYLE_GUIDE,
    title='A dash in a range instead of "to"',
    number=22,
)
PASSIVE_VOICE = define(
    "style.passive-voice",
    Severity.WARN,
    source=WRITING,
    title="Passive voice",
    number=22,
)

# The capital first, then the character before it looked behind: `re` jumps from capital to
# capital instead of trying every position.
ACRONYM_RE = re.compile(r"([A-Z](?<![\w&/.-][A-Z])[A-Z0-9&]*[A-Z](?:s|'s|’s)?)(?![\w/-])")
TWO_CAPITALS_RE = re.compile(r"[A-Z][A-Z]")
PLURAL_RE = re.compile(r"(?:'s|’s|s)$")
ROMAN_RE = re.compile(r"^(?=[MDCLXVI]+$)M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
# Capitalised words common enough to be emphasis ("IMPORTANT", "NEW:"), not acronyms.
# Three-letter acronyms are often common strings too (ONS, GPS), so they need a higher bar.
COMMON_WORD_COUNT = 5_000_000
COMMON_SHORT_WORD_COUNT = 50_000_000


@functools.lru_cache(maxsize=4096)
def _is_shouted_word(token: str) -> bool:
    if len(token) < 3:
        return False
    word_frequencies_loaded()
    count = wordsegment.UNIGRAMS.get(token.lower(), 0)
    return count >= (COMMON_SHORT_WORD_COUNT if len(token) == 3 else COMMON_WORD_COUNT)


def _explained(text: str, start: int, end: int) -> bool:
    """'Driver and Vehicle Standards Agency (DVSA)' or 'DVSA (Driver and ...)'."""
    after = text[end : end + 3].lstrip()
    before = text[max(0, start - 2) : start]
    return after.startswith("(") or before.endswith("(")


ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
ASCII_NOT_CAPITALS = bytes(b for b in range(128) if not chr(b).isupper())


def _shouted(sentence: str) -> bool:
    """More than 60% of the letters are capitals (counted in C for ASCII text)."""
    if sentence.isascii():
        raw = sentence.encode("ascii")
        letters = len(raw.translate(None, ASCII_NOT_LETTERS))
        capitals = len(raw.translate(None, ASCII_NOT_CAPITALS))
    else:
        alphabetic = [c for c in sentence if c.isalpha()]
        letters, capitals = len(alphabetic), sum(c.isupper() for c in alphabetic)
    return letters > 0 and capitals / letters > 0.6


@checker(when=Trigger.CAPITALS)
def check_acronyms(inspection: Inspection) -> Iterator[Finding]:
    facts, data = inspection.facts, inspection.context.data
    prose = facts.prose
    if not TWO_CAPITALS_RE.search(prose):
        return
    seen: set[str] = set()
    for sentence in facts.sentences:
        if _shouted(sentence.text):
            continue  # a shouted sentence: the capitals are emphasis, not acronyms
        for match in ACRONYM_RE.finditer(sentence.text):
            token = match.group(1)
            bare = PLURAL_RE.sub("", token) if token[-1] == "s" else token
            if bare in seen or token in seen:
                continue
            seen.update((bare, token))
            if token in data.well_known_acronyms or bare in data.well_known_acronyms:
                continue
            if ROMAN_RE.match(bare) or _is_shouted_word(bare) or not any(c.isalpha() for c in bare):
                continue
            start = sentence.start + match.start(1)
            end = start + len(token)
            if _explained(prose, start, end):
                continue
            yield ACRONYM.finding(
                f"{token} is not spelled out. Write it in full the first time, with the acronym "
                f"in brackets after it, unless everyone knows it (like UK or NHS).",
                start,
                end,
            )


NOUNISH_STOP = frozenset(
    "to in is was are be and or for of on at by with from as that this the a an it its if but "
    "not so than then will can may".split()
)
FOLLOWING_RE = re.compile(r"[\s,]*([A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,2})")


def _avoid_exception(word: AvoidWord, text: str, start: int, end: int) -> bool:
    following_match = FOLLOWING_RE.match(text, end)
    following = following_match.group(1).lower() if following_match else ""
    next_word = following.split(" ", 1)[0] if following else ""
    previous = text[max(0, start - 30) : start].lower().split()
    prev_word = previous[-1].strip(",;:") if previous else ""
    if word.unless_prev and prev_word in word.unless_prev:
        return True
    if word.unless_next and any(
        following == n or following.startswith(n + " ") or _within_next(following, n)
        for n in word.unless_next
    ):
        return True
    if word.only_next and not any(
        following == n or following.startswith(n + " ") or next_word == n for n in word.only_next
    ):
        return True
    return word.adjective_only and (not next_word or next_word in NOUNISH_STOP)


def _within_next(following: str, target: str) -> bool:
    return f" {target} " in f" {following} "


def avoid_words(data: RuleData) -> frozenset[str]:
    return frozenset(data.avoid_by_key_word)


@checker(words=avoid_words)
def check_words_to_avoid(inspection: Inspection) -> Iterator[Finding]:
    facts, data = inspection.facts, inspection.context.data
    prose = facts.prose
    candidates: list[AvoidWord] = []
    for token in lower_words(prose) & data.avoid_by_key_word.keys():
        candidates.extend(w for w in data.avoid_by_key_word[token] if w not in candidates)
    for word in candidates:
        for match in word.pattern.finditer(prose):
            if _avoid_exception(word, prose, match.start(), match.end()):
                continue
            yield WORDS_TO_AVOID.finding(
                f'"{match.group(0)}" is on the GOV.UK list of words to avoid. Use {word.suggest}.',
                match.start(),
                match.end(),
            )


AMPERSAND_RE = re.compile(r"(?<=\s)&(?=\s)")
LATIN_RE = re.compile(r"(?<![\w.])(?:e\.g\.?|eg|i\.e\.?|ie|etc\.?)(?![\w])(?!\.\w)", re.IGNORECASE)
LATIN_LOWER_CASE_RE = re.compile(LATIN_RE.pattern)
LATIN_WORDS = frozenset({"eg", "e", "ie", "i", "etc"})
LATIN_FIX = {
    "e": "for example, such as or like",
    "i": "that is, or rephrase",
    "etc": "leave it out",
}


@checker(when=Trigger.AMPERSAND, words=LATIN_WORDS)
def check_punctuation_style(inspection: Inspection) -> Iterator[Finding]:
    prose = inspection.facts.prose
    if " & " in prose:
        for match in AMPERSAND_RE.finditer(prose):
            yield AMPERSAND.finding(
                'Write "and" instead of "&" (unless it is part of a name, like M&S).',
                match.start(),
                match.end(),
            )
    if lower_words(prose).isdisjoint(LATIN_WORDS):
        return
    # IGNORECASE is slow in `re`: ASCII prose is matched lower-cased, case-sensitively.
    folded = prose.lower() if prose.isascii() else None
    found = LATIN_LOWER_CASE_RE.finditer(folded) if folded else LATIN_RE.finditer(prose)
    for match in found:
        token = prose[match.start() : match.end()]
        # "ie" and "eg" in capitals are rarely the abbreviation (IE for Ireland): need lower case.
        if token.lower().startswith(("ie", "eg")) and not token.islower():
            continue
        key = "etc" if token.lower().startswith("etc") else token[0].lower()
        yield LATIN_ABBREVIATION.finding(
            f'Avoid "{token}": {LATIN_FIX[key]}. Screen readers and some readers stumble on it.',
            match.start(),
            match.end(),
        )


MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# Each pattern opens with a lookahead on its possible first characters: `re` then skips most
# positions at once instead of trying every alternative there.
DATE_RE = re.compile(
    rf"(?=[JFMASOND0-9])\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}}|(?=[\s,.!?]|$))"
    rf"|\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?(?:{MONTHS})\b"
    r"|\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b)"
)
TIME_RE = re.compile(
    r"(?=\d)\b(?:(?P<noon>12(?:[:.]00)?\s?(?P<ampm>[ap]\.?m\.?|noon|midnight)(?![a-z]))"
    r"|(?P<zeros>\d{1,2}:00\s?[ap]m(?![a-z]))"
    r"|(?P<dot>\d{1,2}\.\d{2}\s?[ap]\.?m\.?(?![a-z]))"
    r"|(?P<space>\d{1,2}(?::\d{2})?\s(?:[ap]\.?m\.?|[AP]\.?M\.?)(?![A-Za-z]))"
    r"|(?P<upper>\d{1,2}(?::\d{2})?(?:AM|PM|A\.M\.|P\.M\.)(?![A-Za-z]))"
    r"|(?P<dotted>\d{1,2}(?::\d{2})?(?:a\.m\.?|p\.m\.?)))",
)
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun"
RANGE_RE = re.compile(
    rf"(?=[MTWFSJAOND0-9])\b(?:(?:{DAYS})\s?[-–—]\s?(?:{DAYS})"
    rf"|(?:{MONTHS})\s?[-–—]\s?(?:{MONTHS})"
    r"|\d{1,2}(?::\d{2})?\s?(?:am|pm)?\s?[-–—]\s?\d{1,2}(?::\d{2})?\s?(?:am|pm)"
    rf"|\d{{1,2}}\s?[-–—]\s?\d{{1,2}}\s+(?:{MONTHS})"
    r"|(?<![\d-])(?:19|20)\d{2}\s?[-–—]\s?(?:\d{2}|(?:19|20)\d{2})(?![\d-]))\b",
)


DIGIT_RE = re.compile(r"\d")
DAY_WORDS = frozenset(d.lower() for d in DAYS.split("|"))
DATE_SHAPE_RE = re.compile(r"\d/\d|\d{4}-\d")
MONTH_WORDS = frozenset(m.lower() for m in MONTHS.split("|"))
# A digit first (`re` jumps from digit to digit), "12" looked behind.
TIME_SHAPE_RE = re.compile(r"\d(?:\s?[aApP]\.?[mM]|(?<=12)\s?(?:noon|midnight))")
# Whether a range may be here ("Mon - Fri"): the dash first, so `re` jumps from dash to dash.
RANGE_SHAPE_RE = re.compile(r"[-–—](?:(?<=\w[-–—])|(?<=\w\s[-–—]))\s?\w")
DASH_RE = re.compile(r"\s?[-–—]\s?")


DAY_OR_MONTH_WORDS = DAY_WORDS | MONTH_WORDS


@checker(when=Trigger.DIGIT, words=DAY_OR_MONTH_WORDS)
def check_dates_and_times(inspection: Inspection) -> Iterator[Finding]:
    prose = inspection.facts.prose
    has_digit = DIGIT_RE.search(prose) is not None
    if not has_digit and lower_words(prose).isdisjoint(DAY_OR_MONTH_WORDS):
        return
    # Every date and time pattern needs a digit; without one only a range ("Monday-Friday")
    # can be here.
    maybe_date = has_digit and (
        (("/" in prose or "-" in prose) and DATE_SHAPE_RE.search(prose))
        or not lower_words(prose).isdisjoint(MONTH_WORDS)
    )
    dates = DATE_RE.finditer(prose) if maybe_date else iter(())
    for match in dates:
        if match.group(0).startswith(("May ", "March ")) and not re.search(
            r"\d{4}|\d(?:st|nd|rd|th)", match.group(0)
        ):
            # "May 5 people" is rarely a date without a year or an ordinal.
            continue
        yield DATE_FORMAT.finding(
            f'Write dates as "4 June 2025", not "{match.group(0)}" (no ordinals, no '
            "commas, month in words).",
            match.start(),
            match.end(),
        )
    times = TIME_RE.finditer(prose) if has_digit and TIME_SHAPE_RE.search(prose) else iter(())
    for match in times:
        if match.group("noon"):
            ampm = match.group("ampm").lower()
            word = "midday" if ampm.startswith(("p", "n")) else "midnight"
            fix = f'Write "{word}" instead of "{match.group(0)}".'
        elif match.group("zeros"):
            fix = f'Leave out ":00": "{match.group(0).replace(":00", "").replace(" ", "")}".'
        else:
            fix = f'Write times like "5:30pm", not "{match.group(0)}".'
        yield TIME_FORMAT.finding(fix, match.start(), match.end())
    ranges = RANGE_RE.finditer(prose) if RANGE_SHAPE_RE.search(prose) else iter(())
    for match in ranges:
        with_to = DASH_RE.sub(" to ", match.group(0))
        yield RANGE_DASH.finding(
            f'Use "to" in ranges, not a dash: "{with_to}".',
            match.start(),
            match.end(),
        )


BE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has\s+been|have\s+been|had\s+been|will\s+be)\s+"
    r"(?:(?:not|now|also|being|already|currently|fully|being)\s+)?"
    r"([a-z]+ed|[a-z]+en|[a-z]+t)\b(?=[^.!?\n]{0,40}?\bby\s+(?:the\s+|a\s+|an\s+|our\s+)?[A-Za-z])",
)
IMPERSONAL_RE = re.compile(r"\bit\s+(?:is|was|has\s+been)\s+([a-z]+)\s+that\b", re.IGNORECASE)
# The same on lower-cased ASCII prose, case-sensitive, from each "i": many times faster in `re`.
IMPERSONAL_LOWER_CASE_RE = re.compile(r"i(?<!\wi)t\s+(?:is|was|has\s+been)\s+([a-z]+)\s+that\b")
BE_WORDS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
IMPERSONAL_WORDS = frozenset({"it", "that"})
NOT_PARTICIPLES = frozenset("need seed feed speed bed red shed bleed breed indeed deed".split())


@checker(words=("by", "that"))
def check_passive_voice(inspection: Inspection) -> Iterator[Finding]:
    data, prose = inspection.context.data, inspection.facts.prose
    if " by " not in prose and " that " not in prose:
        return
    # Each pattern needs its words; in ASCII prose the shared word set says whether they are
    # there, so the (slow, position by position) patterns run only when they may match.
    words = lower_words(prose) if prose.isascii() else None
    passive = words is None or ("by" in words and not BE_WORDS.isdisjoint(words))
    impersonal = words is None or IMPERSONAL_WORDS <= words
    for match in BE_RE.finditer(prose) if passive else ():
        participle = match.group(1)
        if participle in NOT_PARTICIPLES:
            continue
        if not (participle.endswith("ed") or participle in data.irregular_participles):
            continue
        yield PASSIVE_VOICE.finding(
            f'"{match.group(0)}" is in the passive voice. Say who does what: '
            '"the council approved the plan", not "the plan was approved by the council".',
            match.start(),
            match.end(),
        )
    if not impersonal:
        return
    found = (
        IMPERSONAL_LOWER_CASE_RE.finditer(prose.lower())
        if words is not None  # the prose is ASCII
        else IMPERSONAL_RE.finditer(prose)
    )
    for match in found:
        if match.group(1).lower() in data.impersonal_passives:
            phrase = prose[match.start() : match.end()]
            yield PASSIVE_VOICE.finding(
                f'"{phrase}" hides who is doing it. Say who: "we expect", "experts recommend".',
                match.start(),
                match.end(),
            )
