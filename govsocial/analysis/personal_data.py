"""Find personal data in free text: the one detector the checks gate and the inbox share.

`find_personal_data(text, contacts=...)` returns non-overlapping `PersonalDataMatch`es. The
finders live beside this module (identifiers, contact_details, addresses); the public numbers,
role mailboxes and public-building postcodes they leave alone come from one versioned data file
(`public_contacts.load_public_contacts`). Texts with no digit, no "@" and no spelt-out address
return at once, which is most posts.

Kinds: national_insurance, nhs_number, utr, phone, email, postcode_address, card_number,
driving_licence, bank_account, date_of_birth. docs/analysis.md gives the rules and sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govsocial.analysis import addresses, contact_details, identifiers
from govsocial.analysis.public_contacts import PublicContacts, load_public_contacts

KINDS: tuple[str, ...] = (
    "national_insurance",
    "nhs_number",
    "utr",
    "phone",
    "email",
    "postcode_address",
    "card_number",
    "driving_licence",
    "bank_account",
    "date_of_birth",
)


@dataclass(frozen=True)
class PersonalDataMatch:
    kind: str
    start: int
    end: int
    text: str


HAS_DIGIT_RE = re.compile(r"\d")
SIX_DIGITS_RE = re.compile(r"\d(?:[\s().-]{0,3}\d){5}")
# When two detections overlap, the longer wins; on a tie, the earlier kind here.
PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (
            "card_number",
            "driving_licence",
            "national_insurance",
            "email",
            "postcode_address",
            "date_of_birth",
            "bank_account",
            "phone",
            "nhs_number",
            "utr",
        )
    )
}


def find_personal_data(
    text: str, *, contacts: PublicContacts | None = None
) -> list[PersonalDataMatch]:
    """The personal data in `text`, sorted by start and non-overlapping.

    `contacts` is the list of public numbers, role mailboxes and buildings to leave alone; by
    default the packaged one (pass `load_public_contacts(config_dir)` for an admin's).
    """
    if not isinstance(text, str):
        raise TypeError(f"find_personal_data needs a str, got {type(text).__name__}")
    contacts = contacts or load_public_contacts()
    spans: list[tuple[str, int, int]] = list(contact_details.emails(text, contacts))
    if not HAS_DIGIT_RE.search(text):
        return finished(text, spans)
    # Every identifier and phone number has six digits or more close together; dates of birth
    # and addresses need only a few.
    if has_six_digits(text) and SIX_DIGITS_RE.search(text):
        spans.extend(identifiers.national_insurance_numbers(text))
        spans.extend(identifiers.ten_digit_identifiers(text))
        spans.extend(identifiers.card_numbers(text))
        spans.extend(identifiers.driving_licences(text))
        spans.extend(identifiers.bank_accounts(text))
        spans.extend(contact_details.phone_numbers(text, contacts))
    spans.extend(identifiers.dates_of_birth(text))
    spans.extend(addresses.addresses(text, contacts))
    return finished(text, spans)


ASCII_NOT_DIGITS = bytes(byte for byte in range(128) if not 48 <= byte <= 57)


def has_six_digits(text: str) -> bool:
    """Six digits in all (counted in C for ASCII text): the pattern's cheap precondition."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, ASCII_NOT_DIGITS)) >= 6
    return True


def finished(text: str, spans: list[tuple[str, int, int]]) -> list[PersonalDataMatch]:
    return [
        PersonalDataMatch(kind=kind, start=start, end=end, text=text[start:end])
        for kind, start, end in without_overlaps(spans)
    ]


def without_overlaps(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if len(spans) <= 1:
        return spans
    ranked = sorted(spans, key=lambda s: (s[1] - s[2], PRIORITY[s[0]], s[1]))
    chosen: list[tuple[str, int, int]] = []
    for span in ranked:
        if all(span[2] <= kept[1] or span[1] >= kept[2] for kept in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s[1])
