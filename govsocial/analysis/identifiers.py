"""Identifiers issued to a person: NI, NHS, UTR, card, driving licence, bank account, birth date.

Each finder yields `(kind, start, end)` spans. A regular expression finds candidates; a check
digit, an issuing rule or the words around it decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.gb import nhs, utr

Span = tuple[str, int, int]

# HMRC: first letter never D F I Q U V; second never D F I O Q U V; suffix A-D.
NINO_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d\d) ?(\d\d) ?(\d\d) ?([A-D])"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# Its digits and suffix, digit first so that re finds them quickly: the full pattern runs only
# when they are there.
NINO_DIGITS_RE = re.compile(r"\d\d ?\d\d ?\d\d ?[A-Da-d](?![A-Za-z0-9])")
NINO_UNISSUED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
# Named as one ("your NI number is QQ 12 34 56 B"), any two letters, six digits and a suffix
# are published as an NI number, even with a prefix HMRC never issues (QQ is its specimen).
NINO_ANY_PREFIX_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2} ?\d\d ?\d\d ?\d\d ?[A-D](?![A-Za-z0-9])", re.IGNORECASE
)
NINO_CUE_RE = re.compile(
    r"\b(?:national\s+insurance\b|nino\b|ni\s*(?:number\b|no\b\.?))[^.\n\d]{0,20}$", re.IGNORECASE
)

# (Lookbehinds in these patterns sit after the first digit, so that re skips quickly to a digit.)
# Ten digits, bare or grouped however the writer grouped them (3-3-4 on NHS letters, 5-5 on
# HMRC ones, 4-3-3 by hand), but not ten digits out of a longer run; a UTR may carry a K.
TEN_DIGITS_RE = re.compile(
    r"(\d(?<![\w+]\d)(?<!\d[ -]\d)(?:[ -]?\d){9})(?:K(?![A-Za-z0-9]))?(?![ -]?\d)",
    re.IGNORECASE,
)
CUE_WINDOW = 40
TAX_CUE_RE = re.compile(
    r"\b(?:utr|unique tax(?:payer)?|tax(?:payer)? ref|tax reference|self[- ]assessment|hmrc"
    r"|tax)\b",
    re.IGNORECASE,
)
HEALTH_CUE_RE = re.compile(
    r"\b(?:nhs|patient|hospital|gp|surgery|health|medical|prescription|clinic)\b", re.IGNORECASE
)
# A case, order or booking reference that happens to pass a check digit is nobody's NHS number.
# Named right before it ("your UTR is", "NHS number:"), ten digits are published as one even
# when the check digit fails: the reader takes them for it, and a typo is no excuse.
NAMED_UTR_RE = re.compile(
    r"\b(?:utr|unique\s+tax(?:payer)?\s+ref(?:erence)?)\b[^.\n\d]{0,20}$", re.IGNORECASE
)
NAMED_NHS_NUMBER_RE = re.compile(r"\bnhs\s+(?:number|no\b\.?)[^.\n\d]{0,20}$", re.IGNORECASE)
REFERENCE_CUE_RE = re.compile(
    r"\b(?:ref(?:erence)?|order|case|invoice|tracking|booking|application|ticket|claim|"
    r"customer|account|complaint|meeting|crime|incident|permit)\b[^.\n\d]{0,20}$",
    re.IGNORECASE,
)

# Issuer prefixes 2-6 cover Mastercard 2-series, Amex, Visa, Mastercard, Maestro/Discover,
# and keep 0-led telephone numbers (0044 ...) out.
CARD_RE = re.compile(r"[2-6](?<![\d\w][2-6])\d{3}(?:[ -]?\d){9,15}(?![\d])")

# DVLA: 5 surname chars padded with 9, decade digit, month (+50 for women), day,
# year digit, 2 initials padded with 9, an arbitrary digit, 2 check characters.
DRIVING_LICENCE_RE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:[A-Z]{5}|[A-Z]{4}9|[A-Z]{3}99|[A-Z]{2}999|[A-Z]9999) ?"
    r"\d(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])\d ?"
    r"(?:[A-Z]{2}|[A-Z]9)\d[A-Z0-9]{2}"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)

# The driving licence's birth date part, and the initials and digit after it: the full
# pattern runs only when this finds something (it starts at a digit, which `re` jumps to).
DRIVING_LICENCE_TAIL_RE = re.compile(r"\d{6} ?(?:[A-Z]{2}|[A-Z]9)\d", re.IGNORECASE)
# A sort code names a bank branch, so it is personal only beside the words "sort code"; an
# eight-digit account number only when a sort code is in the same text.
SORT_CODE_RE = re.compile(
    r"\b(?:sort\s?code|s/c)\b[\s:.#-]{0,4}(?:is\s+)?(\d\d([- ]?)\d\d\2\d\d)(?!\d)",
    re.IGNORECASE,
)
ACCOUNT_NUMBER_RE = re.compile(
    r"\b(?:account|acc|acct|a/c)\.?(?:\s*(?:no\.?|number|num|#))?[\s:.-]{0,4}(?:is\s+)?"
    r"(\d{8})(?!\d)",
    re.IGNORECASE,
)

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+\d{{4}}"
    rf"|{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
# "The NHS was born on 5 July 1948": an organisation, scheme or law has a birthday too.
BORN_NOT_A_PERSON_RE = re.compile(
    r"(?:\b[A-Z]{2,}|\b(?i:service|scheme|council|charity|department|act|hospital|university|"
    r"school|library|agency|organisation|institution|welfare\s+state|campaign|movement|town|"
    r"city|park|railway|bridge))\s+(?:was\s+|is\s+|were\s+)?$"
)
# Every date-of-birth cue contains one of these; the regex runs only when one is present.
BIRTH_CUES = ("born", "birth", "dob", "d.o", "d o b")
# A date is a date of birth when the text says so just before it: "DOB", "date of birth",
# "born (on)", "birthday".
DATE_OF_BIRTH_RE = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s?date|birthday|born)"
    rf"[^.!?\n\d]{{0,16}}?({DATE})",
    re.IGNORECASE,
)


def national_insurance_numbers(text: str) -> Iterator[Span]:
    if not NINO_DIGITS_RE.search(text):
        return
    for found in NINO_RE.finditer(text):
        if found.group(1).upper() not in NINO_UNISSUED_PREFIXES:
            yield "national_insurance", found.start(), found.end()
        else:
            yield from _named_nino(text, found.start(), found.end())
    for found in NINO_ANY_PREFIX_RE.finditer(text):
        if not NINO_RE.fullmatch(found.group()):
            yield from _named_nino(text, found.start(), found.end())


def _named_nino(text: str, start: int, end: int) -> Iterator[Span]:
    if NINO_CUE_RE.search(text, max(0, start - CUE_WINDOW), start):
        yield "national_insurance", start, end


def ten_digit_identifiers(text: str) -> Iterator[Span]:
    """NHS numbers and UTRs share a shape; the check digits and the words before decide.

    Named just before ("your UTR", "NHS number:"), it is that, check digit or not. Otherwise tax
    words before it make a valid UTR a `utr`, health words a valid NHS number an
    `nhs_number`. With neither, a reference word ("order", "case ref") means it is a reference
    that happens to pass a check. Otherwise the check digits alone decide, NHS first.
    """
    for found in TEN_DIGITS_RE.finditer(text):
        digits = re.sub(r"\D", "", found.group(1))
        is_nhs, is_utr = nhs_and_utr_check(digits)
        before = text[max(0, found.start() - CUE_WINDOW) : found.start()]
        named = _named_ten_digits(before)
        if named:
            yield named, found.start(), found.end()
            continue
        if not (is_nhs or is_utr):
            continue
        if is_utr and TAX_CUE_RE.search(before):
            kind = "utr"
        elif is_nhs and HEALTH_CUE_RE.search(before):
            kind = "nhs_number"
        elif REFERENCE_CUE_RE.search(before):
            continue
        else:
            kind = "nhs_number" if is_nhs else "utr"
        yield kind, found.start(), found.end()


def _named_ten_digits(before: str) -> str | None:
    if NAMED_UTR_RE.search(before):
        return "utr"
    if NAMED_NHS_NUMBER_RE.search(before):
        return "nhs_number"
    return None


UTR_WEIGHTS = (6, 7, 8, 9, 10, 5, 4, 3, 2)
UTR_CHECK_DIGITS = "21987654321"


def nhs_and_utr_check(digits: str) -> tuple[bool, bool]:
    """Whether `digits` pass the NHS number's and the UTR's check digit: stdnum's own sums
    (`stdnum.gb.nhs`, `stdnum.gb.utr`), done here for ten ASCII digits without its string
    cleaning, which cost more than the sums; tests/analysis/test_check_digits.py holds the
    two to stdnum's answers. Anything else goes to stdnum."""
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return nhs.is_valid(digits), utr.is_valid(digits)
    values = [ord(char) - 48 for char in digits]
    is_nhs = sum(weight * value for weight, value in enumerate(reversed(values), 1)) % 11 == 0
    utr_sum = sum(value * weight for value, weight in zip(values[1:], UTR_WEIGHTS, strict=True))
    return is_nhs, digits[0] == UTR_CHECK_DIGITS[utr_sum % 11]


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def card_numbers(text: str) -> Iterator[Span]:
    for found in CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", found.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            yield "card_number", found.start(), found.end()


def driving_licences(text: str) -> Iterator[Span]:
    if not DRIVING_LICENCE_TAIL_RE.search(text):
        return
    for found in DRIVING_LICENCE_RE.finditer(text):
        yield "driving_licence", found.start(), found.end()


def bank_accounts(text: str) -> Iterator[Span]:
    lowered = text.lower()
    if "sort" not in lowered and "s/c" not in lowered:
        return
    sort_codes = list(SORT_CODE_RE.finditer(text))
    if not sort_codes:
        return
    for found in sort_codes:
        yield "bank_account", found.start(1), found.end(1)
    for found in ACCOUNT_NUMBER_RE.finditer(text):
        yield "bank_account", found.start(1), found.end(1)


def dates_of_birth(text: str) -> Iterator[Span]:
    lowered = text.lower()
    if not any(map(lowered.__contains__, BIRTH_CUES)):
        return
    for found in DATE_OF_BIRTH_RE.finditer(text):
        cue = found.group(0)[:5].lower()
        before = text[max(0, found.start() - 40) : found.start()]
        if cue.startswith(("born", "birth")) and BORN_NOT_A_PERSON_RE.search(before):
            continue
        yield "date_of_birth", found.start(1), found.end(1)
