"""Home addresses: a postcode with the address line before it, or a street after "I live at".

A postcode on its own is a place, and so is a street with a postcode: a person is in it only
with a house number or a house name, or when the text says someone lives there. A public
building's address (a building word such as "Town Hall", or a listed postcode with no house
number) is the organisation's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govsocial.analysis.public_contacts import PublicContacts
from govsocial.analysis.words import lower_words

Span = tuple[str, int, int]

POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# A postcode's inward part and the digit before it, digit first (re skips quickly to a digit);
# POSTCODE_RE runs only when this finds something.
POSTCODE_SHAPE_RE = re.compile(r"\d(?<=[A-Za-z]\d)[A-Za-z\d]?\s*\d[A-Za-z]{2}")
STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|close|cl|drive|dr|way|court|ct|crescent|cres"
    r"|place|pl|gardens|gdns|grove|gr|terrace|terr|hill|park|square|sq|mews|walk|row|parade"
    r"|green|view|rise|vale|boulevard|gate|wharf|yard|croft|fold|meadows?|chase|circus"
    r"|embankment|quay|broadway|crossway|approach|wynd|brae|loan|end|side|bank|parkway"
)
# Welsh and Scots street names put the type first: Heol y Parc, Ffordd Las, Lôn Isaf.
STREET_PREFIXES = r"heol|ffordd|stryd|lôn|lon|rhodfa|cilgant|maes|stryt"
HOUSE_NAMES = (
    r"cottage|house|farm|farmhouse|lodge|barn|forge|mill|villa|manor|bungalow|grange"
    r"|rectory|vicarage|nook|cottages"
)
ADDRESS_WINDOW = 120
# The address line that ends where the postcode starts: a flat, a house number or a house
# name, then up to seven words of street, district and town, separated by spaces or commas.
NUMBERED_ADDRESS_RE = re.compile(
    r"(?:(?i:flat|apartment|apt|unit|room)\s+\d{1,4}[A-Za-z]?\s*,?\s*)?"
    r"(?:(?:[A-Z][\w'’-]*\s+){1,3}(?i:house|court|mill|lodge|mansions|buildings)\s*,\s*)?"
    r"(?<![\w/.,£$:-])(?P<number>\d{1,4}[A-Za-z]?(?:-\d{1,4})?)\s*,?\s+"
    r"(?P<street>(?:[^\W\d][\w'’.-]*[\s,]+){1,7})\Z"
)
STREET_ADDRESS_RE = re.compile(
    r"(?P<house>(?:[A-Z][\w'’-]*\s+){0,3}(?i:" + HOUSE_NAMES + r")\s*,\s*)?"
    r"(?:(?:[A-Z][\w'’.-]*\s+){1,3}(?i:" + STREET_TYPES + r")\.?"
    r"|(?i:" + STREET_PREFIXES + r")(?:\s+[\w'’-]+){1,3})"
    r"(?:[\s,]+[A-Za-z][\w'’-]*){0,4}[\s,]*\Z"
)
# Words in a run of address words that end it: sentences run into an address ("meet on 12 March
# at LS1 4AP", "it's 2 minutes from SW1A 1AA").
NOT_ADDRESS_WORDS = frozenset(
    """at in on from to near by for of the and or is was are am i we you my our your it its
    his her their this that with about minutes mins miles hours days weeks years pm am bus
    route number no people households homes times""".split()
)
MONTH_RE = re.compile(r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$")
# Words before an address that say a person lives or receives post there.
RESIDENCE_CUE = (
    r"\b(?:live|lives|living|reside|resides|moved|move|moving|staying)\s+(?:at|to|in)"
    r"|\b(?:my|our|his|her|their|home|new|old)\s+(?:home\s+)?address(?:\s+is)?\s*[:-]?"
    r"|\b(?:send|deliver|post)\s+(?:it|them|this|the\s+\w+(?:\s+\w+)?)?\s*to"
)
RESIDENCE_CUE_BEFORE_RE = re.compile(rf"(?:{RESIDENCE_CUE})\s*$", re.IGNORECASE)
CUE_WINDOW = 40
# A house number and street with no postcode, found digit first (re scans for a digit quickly);
# the words before it decide whether someone lives there.
UNPOSTCODED_STREET_RE = re.compile(
    r"\d(?<![\w/.,£$:-]\d)\d{0,3}[A-Za-z]?\s*,?\s+(?:[A-Z][\w'’.-]*\s+){1,3}(?i:"
    + STREET_TYPES
    + r")\b\.?(?:,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?"
)
FLAT_BEFORE_RE = re.compile(r"(?i:flat|apartment|apt|unit)\s+\d{1,4}[A-Za-z]?\s*,?\s*$")


def addresses(text: str, contacts: PublicContacts) -> Iterator[Span]:
    yield from cued_streets(text)
    if not POSTCODE_SHAPE_RE.search(text):
        return
    for postcode in POSTCODE_RE.finditer(text):
        window_start = max(0, postcode.start() - ADDRESS_WINDOW)
        window = text[window_start : postcode.start()]
        start = address_start(window, postcode.group(), contacts)
        if start is not None:
            yield "postcode_address", window_start + start, postcode.end()


def address_start(window: str, postcode: str, contacts: PublicContacts) -> int | None:
    """Where the home address that ends `window` starts, or None if it is not one."""
    numbered = NUMBERED_ADDRESS_RE.search(window)
    if numbered and plausible_street(numbered.group("street")):
        if names_public_building(window[max(0, numbered.start() - 30) :], contacts):
            return None
        return numbered.start()
    street = STREET_ADDRESS_RE.search(window)
    if street is None or names_public_building(window[max(0, street.start() - 30) :], contacts):
        return None
    has_house_name = street.group("house") is not None
    if contacts.is_public_building_postcode(postcode) and not has_house_name:
        return None
    lived_in = RESIDENCE_CUE_BEFORE_RE.search(
        window[max(0, street.start() - CUE_WINDOW) : street.start()]
    )
    if has_house_name or lived_in:
        return street.start()
    return None


def plausible_street(words: str) -> bool:
    parts = [part for part in re.split(r"[\s,]+", words) if part]
    if not parts or MONTH_RE.match(parts[0]):
        return False
    if any(part.lower().strip(".'’") in NOT_ADDRESS_WORDS for part in parts):
        return False
    return parts[0][0].isalpha()


def names_public_building(address: str, contacts: PublicContacts) -> bool:
    lowered = address.lower()
    for word in contacts.building_words:
        at = lowered.find(word)
        while at != -1:
            after = lowered[at + len(word) :]
            before_ok = at == 0 or not lowered[at - 1].isalnum()
            after_ok = not after[:1].isalnum()
            if before_ok and after_ok and not STREET_AFTER_RE.match(after):
                return True
            at = lowered.find(word, at + 1)
    return False


STREET_AFTER_RE = re.compile(r"\s+(?:" + STREET_TYPES + r")\b", re.IGNORECASE)


# Every residence cue contains one of these (lower case); in ASCII text, where lower-casing
# changes nothing else, a text with none of them has no cued street.
RESIDENCE_CUE_PARTS = ("liv", "resid", "mov", "stay", "address", "send", "deliver", "post")


# A street type ends every unpostcoded street as a whole word: in ASCII text, one must be among
# the text's words (a set the checks engine has already made).
STREET_TYPE_WORDS = frozenset(
    word for kind in STREET_TYPES.split("|") for word in (kind.rstrip("?"), kind.rstrip("s?"))
)


def cued_streets(text: str) -> Iterator[Span]:
    """ "I live at 23 Holly Road, Bexley": a house number and street with no postcode."""
    if text.isascii():
        if STREET_TYPE_WORDS.isdisjoint(lower_words(text)):
            return
        lowered = text.lower()
        if not any(part in lowered for part in RESIDENCE_CUE_PARTS):
            return
    for street in UNPOSTCODED_STREET_RE.finditer(text):
        start = street.start()
        flat = FLAT_BEFORE_RE.search(text, max(0, start - 20), start)
        before = text[max(0, (flat.start() if flat else start) - CUE_WINDOW) : start]
        if flat:
            before = before[: len(before) - len(flat.group())]
        if RESIDENCE_CUE_BEFORE_RE.search(before):
            yield "postcode_address", flat.start() if flat else start, street.end()
