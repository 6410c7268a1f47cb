"""Invisible and direction-changing Unicode characters (domain rule 19, beside fancy fonts).

A right-to-left override (U+202E) makes an approver read text in an order the network will not
show, and zero-width or tag characters hide text from the approver altogether ("Trojan Source",
CVE-2021-42574; Unicode Technical Standard #39). Every such character blocks, named, with its
position, in each text the network shows: the post (or reply), its title, alt texts, captions
and poll options.

These are not hidden text and pass: a zero-width joiner inside an emoji sequence
(👩‍💻), a variation selector after an emoji (❤️; selectors are not format characters anyway), the
tag characters of a flag such as Wales or Scotland (🏴 + tags + cancel tag), and a zero-width
joiner or non-joiner between letters of a script that needs them to shape words (Arabic, Urdu,
Persian, and the Indic scripts of Punjabi, Bengali, Gujarati, Hindi, Tamil...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from govsocial.checks.model import Finding, Severity
from govsocial.checks.registry import SHOWN_TEXTS, Inspection, checker, define

INVISIBLE_CHARACTER = define(
    "text.invisible-character",
    Severity.BLOCK,
    source="Unicode Technical Standard #39; 'Trojan Source' (CVE-2021-42574)",
    title="An invisible or direction-changing Unicode character",
    number=19,
)

ZWJ, ZWNJ = "\u200d", "\u200c"
# Format (Cf) and control (Cc) characters, plus the invisible letters and selectors that are
# not format characters but show nothing: combining grapheme joiner, Hangul fillers, Mongolian
# free variation selectors and the supplementary variation selectors (used to smuggle bytes).
INVISIBLE_RE = regex.compile(
    r"[\p{Cf}\p{Cc}\u034f\u115f\u1160\u3164\uffa0\u180b-\u180d\u180f\U000E0100-\U000E01EF]"
)
LAYOUT_CONTROLS = frozenset("\t\n\r")
ASCII_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EMOJI_BEFORE_JOINER_RE = regex.compile(r"[\p{Extended_Pictographic}\ufe0f\U0001F3FB-\U0001F3FF]")
EMOJI_RE = regex.compile(r"\p{Extended_Pictographic}")
FLAG_TAG_SEQUENCE_RE = regex.compile(r"\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F")
JOINING_SCRIPT_RE = regex.compile(
    r"[\p{Arabic}\p{Syriac}\p{Thaana}\p{Nko}\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}"
    r"\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Myanmar}\p{Khmer}"
    r"\p{Mongolian}]"
)
SHOWN_AT_MOST = 3


@dataclass(frozen=True)
class InvisibleRun:
    """Consecutive invisible characters: offsets into the text, and the characters."""

    start: int
    end: int
    characters: str

    def describe(self) -> str:
        names: list[str] = []
        for char in dict.fromkeys(self.characters):
            count = self.characters.count(char)
            names.append(character_name(char) + (f" ×{count}" if count > 1 else ""))
        shown = ", ".join(names[:SHOWN_AT_MOST])
        if len(names) > SHOWN_AT_MOST:
            shown += f" and {len(names) - SHOWN_AT_MOST} other kinds"
        if self.end - self.start == 1:
            return f"{shown} at character {self.start + 1}"
        return f"{shown} at characters {self.start + 1} to {self.end}"


def character_name(char: str) -> str:
    name = unicodedata.name(char, "") or "CONTROL CHARACTER"
    return f"U+{ord(char):04X} {name}"


def invisible_runs(text: str) -> list[InvisibleRun]:
    """The runs of invisible characters in `text` that are not part of an allowed sequence."""
    if text.isascii() and not ASCII_CONTROL_RE.search(text):
        return []
    allowed = {
        index
        for flag in FLAG_TAG_SEQUENCE_RE.finditer(text)
        for index in range(flag.start() + 1, flag.end())
    }
    runs: list[InvisibleRun] = []
    for found in INVISIBLE_RE.finditer(text):
        index, char = found.start(), found.group()
        if char in LAYOUT_CONTROLS or index in allowed or joins_legitimately(text, index):
            continue
        if runs and runs[-1].end == index:
            last = runs[-1]
            runs[-1] = InvisibleRun(last.start, index + 1, last.characters + char)
        else:
            runs.append(InvisibleRun(index, index + 1, char))
    return runs


def joins_legitimately(text: str, index: int) -> bool:
    char = text[index]
    if char not in (ZWJ, ZWNJ) or index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    if char == ZWJ and EMOJI_BEFORE_JOINER_RE.match(before) and EMOJI_RE.match(after):
        return True
    return bool(JOINING_SCRIPT_RE.match(before) and JOINING_SCRIPT_RE.match(after))


FIX = (
    "The network may show the text differently from what you approve (reversed, or with hidden "
    "words). Delete the character: retype the text around it, or paste it as plain text."
)


# ASCII control characters are rare but possible, so the checker declares no trigger; the
# `isascii` test in `invisible_runs` is its own fast path.
@checker(fields=SHOWN_TEXTS)
def check_invisible_characters(inspection: Inspection) -> Iterator[Finding]:
    for run in invisible_runs(inspection.text):
        yield INVISIBLE_CHARACTER.finding(
            f"An invisible character: {run.describe()}. {FIX}", run.start, run.end
        )
