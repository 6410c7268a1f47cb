"""Find UK personal identifiers and contact details in free text.

Each detector is a precompiled regular expression plus a validity check (check
digits, issuing rules). Texts with no digit and no "@" return at once, which is
most posts; this is what keeps the checks engine at thousands of drafts a second.

Kinds: national_insurance, nhs_number, utr, phone, email, postcode_address,
card_number, driving_licence. See docs/analysis.md for the rules and sources.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum.gb import nhs, utr

KINDS: tuple[str, ...] = (
    "national_insurance",
    "nhs_number",
    "utr",
    "phone",
    "email",
    "postcode_address",
    "card_number",
    "driving_licence",
)


@dataclass(frozen=True)
class PersonalDataMatch:
    kind: str
    start: int
    end: int
    text: str


_HAS_DIGIT = re.compile(r"\d")

# HMRC: first letter never D F I Q U V; second never D F I O Q U V; suffix A-D.
_NINO = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d\d) ?(\d\d) ?(\d\d) ?([A-D])"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NINO_UNISSUED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})

# Ten digits, bare or grouped 3-3-4 (NHS style) or 5-5 (UTR style); a UTR may carry a K.
_TEN_DIGITS = re.compile(
    r"(?<![\w+])(\d{3}([ -]?)\d{3}\2\d{4}|\d{5} \d{5})(?:K(?![A-Za-z0-9]))?(?![\d])",
    re.IGNORECASE,
)
_TAX_CONTEXT = re.compile(
    r"\b(?:utr|unique taxpayer|taxpayer reference|tax reference|self[- ]assessment|hmrc|tax)\b",
    re.IGNORECASE,
)
_TAX_CONTEXT_WINDOW = 60

# Issuer prefixes 2-6 cover Mastercard 2-series, Amex, Visa, Mastercard, Maestro/Discover,
# and keep 0-led telephone numbers (0044 ...) out.
_CARD = re.compile(r"(?<![\d\w])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d])")

# DVLA: 5 surname chars padded with 9, decade digit, month (+50 for women), day,
# year digit, 2 initials padded with 9, an arbitrary digit, 2 check characters.
_DRIVING_LICENCE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:[A-Z]{5}|[A-Z]{4}9|[A-Z]{3}99|[A-Z]{2}999|[A-Z]9999) ?"
    r"\d(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])\d ?"
    r"(?:[A-Z]{2}|[A-Z]9)\d[A-Z0-9]{2}"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![\w-])"
)
# A public body's own role mailbox (foi@dwp.gov.uk) identifies no one, and
# official posts publish them; a named officer's address still fires.
_ROLE_MAILBOXES = frozenset(
    {
        "foi",
        "foirequests",
        "foi.requests",
        "enquiries",
        "enquiry",
        "info",
        "press",
        "pressoffice",
        "press.office",
        "media",
        "newsdesk",
        "contact",
        "contactus",
        "help",
        "helpdesk",
        "support",
        "complaints",
        "feedback",
        "dataprotection",
        "data.protection",
        "dpo",
        "noreply",
        "no-reply",
        "correspondence",
        "customerservices",
        "publications",
        "webmaster",
    }
)
_PUBLIC_SECTOR_DOMAINS = (".gov.uk", ".nhs.uk", ".nhs.net", ".police.uk", ".mod.uk")

# Phone candidates start with +, 00 or a 0 trunk prefix, so order numbers,
# dates (which never start with 0 followed by a digit and a separator of
# digits only) and reference numbers stay out; phonenumbers then validates.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?:\+|\(?0)\d[\d \-()]{6,17}\d(?![\d])",
)
_PHONE_SPLIT = re.compile(r"[ \-()]+")
# Ofcom reserves these ranges for drama; they look real to a reader and are
# what people paste into tests, so treat them as phone numbers too.
_OFCOM_DRAMA_PREFIXES = (
    "7700900",
    "1632960",
    "1134960",
    "1144960",
    "1154960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "1914980",
    "2079460",
    "2920180",
    "2896496",
    "8081570",
    "9098790",
    "3069990",
)
_MIN_PHONE_DIGITS = 7

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|close|cl|drive|dr|way|court|ct|crescent|cres"
    r"|place|pl|gardens|gdns|grove|gr|terrace|terr|hill|park|square|sq|mews|walk|row|parade"
    r"|green|view|rise|vale|boulevard|gate|wharf|yard|croft|fold|meadows?|chase|circus"
    r"|embankment|quay|broadway|crossway|way"
)
# Anchored at the end of the window that precedes a postcode: an address line
# (house number and street, or a capitalised street name) then up to four town
# or county words. A postcode on its own is a place, not a person.
_ADDRESS_BEFORE_POSTCODE = re.compile(
    r"(?:(?i:flat|apartment|apt|unit)\s+\d{1,4}[A-Za-z]?\s*,?\s*)?"
    r"(?:"
    r"\d{1,4}[A-Za-z]?(?:-\d{1,4})?\s*,?\s+(?:[A-Za-z][\w'.-]*\s+){1,3}"
    r"|(?:[A-Z][\w'.-]*\s+){1,3}"
    r")"
    rf"(?i:{_STREET_TYPES})\.?"
    r"(?:[\s,]+[A-Za-z][\w'-]*){0,4}[\s,]*\Z"
)
_ADDRESS_WINDOW = 120

# When two detections overlap, the longer wins; on a tie, the earlier kind here.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (
            "card_number",
            "driving_licence",
            "national_insurance",
            "email",
            "postcode_address",
            "phone",
            "nhs_number",
            "utr",
        )
    )
}


def find_personal_data(text: str) -> list[PersonalDataMatch]:
    """Return the personal identifiers in `text`, sorted by start and non-overlapping."""
    if not isinstance(text, str):
        raise TypeError(f"find_personal_data needs a str, got {type(text).__name__}")
    has_at = "@" in text
    if not has_at and not _HAS_DIGIT.search(text):
        return []
    candidates: list[PersonalDataMatch] = []
    if has_at:
        candidates.extend(_emails(text))
    candidates.extend(_national_insurance_numbers(text))
    candidates.extend(_ten_digit_identifiers(text))
    candidates.extend(_card_numbers(text))
    candidates.extend(_driving_licences(text))
    candidates.extend(_phone_numbers(text))
    candidates.extend(_addresses(text))
    return _without_overlaps(candidates)


def _match(kind: str, text: str, start: int, end: int) -> PersonalDataMatch:
    return PersonalDataMatch(kind=kind, start=start, end=end, text=text[start:end])


def _national_insurance_numbers(text: str) -> Iterator[PersonalDataMatch]:
    for found in _NINO.finditer(text):
        if found.group(1).upper() not in _NINO_UNISSUED_PREFIXES:
            yield _match("national_insurance", text, found.start(), found.end())


def _ten_digit_identifiers(text: str) -> Iterator[PersonalDataMatch]:
    """NHS numbers and UTRs share a shape; the check digits and the context decide.

    Valid for NHS only → nhs_number. Valid for UTR only → utr. Valid for both
    (about 1 in 121 numbers) → utr when tax words are near, otherwise nhs_number.
    Valid for neither (an order number) → nothing.
    """
    for found in _TEN_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", found.group(1))
        is_nhs = nhs.is_valid(digits)
        is_utr = utr.is_valid(digits)
        if not (is_nhs or is_utr):
            continue
        if is_nhs and is_utr:
            window = text[max(0, found.start() - _TAX_CONTEXT_WINDOW) : found.end()]
            kind = "utr" if _TAX_CONTEXT.search(window) else "nhs_number"
        else:
            kind = "nhs_number" if is_nhs else "utr"
        yield _match(kind, text, found.start(), found.end())


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _card_numbers(text: str) -> Iterator[PersonalDataMatch]:
    for found in _CARD.finditer(text):
        digits = re.sub(r"\D", "", found.group())
        if 13 <= len(digits) <= 19 and _luhn_valid(digits):
            yield _match("card_number", text, found.start(), found.end())


def _driving_licences(text: str) -> Iterator[PersonalDataMatch]:
    for found in _DRIVING_LICENCE.finditer(text):
        yield _match("driving_licence", text, found.start(), found.end())


def _emails(text: str) -> Iterator[PersonalDataMatch]:
    for found in _EMAIL.finditer(text):
        local, _, domain = found.group().lower().partition("@")
        if local in _ROLE_MAILBOXES and domain.endswith(_PUBLIC_SECTOR_DOMAINS):
            continue
        yield _match("email", text, found.start(), found.end())


@functools.lru_cache(maxsize=4096)  # parsing is slow, and the same numbers recur in posts
def _is_phone_number(candidate: str) -> bool:
    try:
        number = phonenumbers.parse(candidate, "GB")
    except phonenumbers.NumberParseException:
        return False
    if phonenumbers.is_valid_number(number):
        return True
    national = str(number.national_number)
    return (
        number.country_code == 44 and len(national) == 10 and national[:7] in _OFCOM_DRAMA_PREFIXES
    )


def _phone_numbers(text: str) -> Iterator[PersonalDataMatch]:
    for found in _PHONE_CANDIDATE.finditer(text):
        candidate = found.group()
        if sum(char.isdigit() for char in candidate) < _MIN_PHONE_DIGITS:
            continue
        # The candidate may run on into a neighbouring number ("07911 123456 2 times"):
        # try it whole, then shorter by whole groups.
        groups = [group for group in _PHONE_SPLIT.split(candidate) if group]
        consumed = candidate
        for keep in range(len(groups), 0, -1):
            if _is_phone_number(consumed):
                end = found.start() + len(consumed)
                if consumed.startswith("(") and ")" not in consumed:
                    yield _match("phone", text, found.start() + 1, end)
                else:
                    yield _match("phone", text, found.start(), end)
                break
            if keep > 1:
                last_group_at = consumed.rfind(groups[keep - 1])
                consumed = consumed[:last_group_at].rstrip(" -(")
                if sum(char.isdigit() for char in consumed) < _MIN_PHONE_DIGITS:
                    break


def _addresses(text: str) -> Iterator[PersonalDataMatch]:
    for postcode in _POSTCODE.finditer(text):
        window_start = max(0, postcode.start() - _ADDRESS_WINDOW)
        window = text[window_start : postcode.start()]
        address = _ADDRESS_BEFORE_POSTCODE.search(window)
        if address:
            yield _match("postcode_address", text, window_start + address.start(), postcode.end())


def _without_overlaps(candidates: list[PersonalDataMatch]) -> list[PersonalDataMatch]:
    if len(candidates) <= 1:
        return candidates
    ranked = sorted(candidates, key=lambda m: (m.start - m.end, _PRIORITY[m.kind], m.start))
    chosen: list[PersonalDataMatch] = []
    for candidate in ranked:
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda m: m.start)
