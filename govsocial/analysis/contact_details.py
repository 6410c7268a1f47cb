"""A person's telephone numbers and e-mail addresses, and the organisations' ones they are not.

Each finder yields `(kind, start, end)` spans and takes the public contacts list
(`public_contacts.PublicContacts`): public helplines, switchboards and role mailboxes are not
personal data.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import phonenumbers

from govsocial.analysis.public_contacts import PublicContacts

Span = tuple[str, int, int]

EMAIL_RE = re.compile(
    # "@" before the local part makes it a fediverse handle (@name@instance.social).
    r"(?<![\w.%+@-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![\w-])"
)

# Addresses spelt out to dodge spam filters: "jo at outlook dot com", "jo [at] gmail [dot] com",
# "jo(at)yahoo(dot)co(dot)uk".
BRACKETED_AT = r"\s*[\[({<]\s*at\s*[\])}>]\s*"
WORD_AT = r"\s+at\s+"
SIGN_AT = r"\s*@\s*"  # "jo@gmail dot com", "jo @ gmail dot com"
DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
SPELT_TLDS = r"(?:com|net|org|uk|me|io|info|biz|eu|scot|wales|ie)"
LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
SPELT_EMAIL_RE = re.compile(
    rf"(?<![\w.%+@'’-])(?P<local>[a-z0-9][a-z0-9_%+-]*(?:{DOT}[a-z0-9_%+-]+)*)"
    rf"(?P<at>{BRACKETED_AT}|{WORD_AT}|{SIGN_AT})"
    rf"(?P<domain>{LABEL}(?:{DOT}{LABEL})*?{DOT}{SPELT_TLDS})(?![\w-])",
    re.IGNORECASE,
)
DOT_WORD_RE = re.compile(rf"(?i){DOT}")
# Words that stand before " at " in ordinary sentences ("email me at ..."), never an address.
NOT_LOCAL_PARTS = frozenset(
    """me us him her them you it we i or and is am are was be here there home work look arrive
    arrived email e-mail mail write contact reach on in address more online details find visit
    go apply book register out information""".split()
)

# Phone candidates start with +, 00 or a 0 trunk prefix, so order numbers and reference
# numbers stay out; phonenumbers then validates.
# (Each lookbehind sits after the first character, so that re can skip quickly to a +, ( or 0.)
PHONE_CANDIDATE_RE = re.compile(
    r"(?:\+(?<![\w+/]\+)|\((?<![\w+/]\()0|0(?<![\w+/]0))\d[\d \-()]{6,17}\d(?![\d/])"
)
PHONE_SPLIT_RE = re.compile(r"[ \-()]+")
MIN_PHONE_DIGITS = 7
# Ofcom reserves these ranges for drama; they look real to a reader and are what people paste
# into tests, so treat them as phone numbers too.
OFCOM_DRAMA_PREFIXES = (
    "7700900", "1632960", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960",
    "1214960", "1314960", "1414960", "1514960", "1614960", "1914980", "2079460", "2920180",
    "2896496", "8081570", "9098790", "3069990",
)  # fmt: skip
# UK numbers people have: geographic (01, 02) and mobile (07), ten digits after the 0. A number
# of that shape is a phone number even in a block phonenumbers thinks unallocated.
UK_PERSONAL_NUMBER_RE = re.compile(r"[127]\d{9}")
# A number the text introduces as a public line ("our helpline", "switchboard on").
# A number the text introduces as a public line ("our helpline", "switchboard on"), or as an
# organisation's own number ("the school's number", "the council's main line", "rang the
# council on").
PUBLIC_LINE_CUE_RE = re.compile(
    r"(?:\b(?:helpline|switchboard|freephone|textphone|hotline|advice\s+line|floodline|"
    r"contact\s+centre|call\s+centre|customer\s+service\s+centre)\b"
    r"|\b(?:school|council|surgery|practice|hospital|office|library|department|jobcentre|"
    r"centre|trust|service|team)(?:'s|’s)\s+(?:\w+\s+)?(?:number|line|phone\s+number)\b"
    r"|\b(?:council|surgery|practice|hospital|school|jobcentre|library|helpline|switchboard|"
    r"dwp|hmrc|dvla|dvsa|police|department|trust|centre)\s+(?:on|at|number|no\.?)\b)"
    r"[^.\n\d]{0,12}$",
    re.IGNORECASE,
)
PUBLIC_LINE_WINDOW = 40


def emails(text: str, contacts: PublicContacts) -> Iterator[Span]:
    if "@" in text:
        for found in EMAIL_RE.finditer(text):
            if not contacts.is_role_mailbox(found.group()):
                yield "email", found.start(), found.end()
    if contacts.may_spell_out_address(text):
        yield from spelt_out_emails(text, contacts)


def spelt_out_emails(text: str, contacts: PublicContacts) -> Iterator[Span]:
    for found in SPELT_EMAIL_RE.finditer(text):
        local, at, domain = found.group("local"), found.group("at"), found.group("domain")
        if local.lower() in NOT_LOCAL_PARTS:
            continue
        provider = DOT_WORD_RE.split(domain)[0].lower()
        spelt_dots = any(part.strip() for part in DOT_WORD_RE.findall(domain) if part != ".")
        # " at " is an ordinary word: only a spelt-out dot or a webmail name makes it an address.
        if at.strip() == "at" and not (spelt_dots or provider in contacts.spelt_out_providers):
            continue
        address = f"{DOT_WORD_RE.sub('.', local)}@{DOT_WORD_RE.sub('.', domain)}"
        if not contacts.is_role_mailbox(address):
            yield "email", found.start(), found.end()


@functools.lru_cache(maxsize=4096)  # parsing is slow, and the same numbers recur in posts
def is_phone_number(candidate: str) -> str | None:
    """The number in E.164 form when `candidate` is one someone could ring, else None."""
    written_the_uk_way = uk_personal_number(candidate)
    if written_the_uk_way is not None:
        return written_the_uk_way
    try:
        number = phonenumbers.parse(candidate, "GB")
    except phonenumbers.NumberParseException:
        return None
    national = str(number.national_number)
    uk = number.country_code == 44
    if phonenumbers.is_valid_number(number) or (
        uk
        and (national.startswith(OFCOM_DRAMA_PREFIXES) or UK_PERSONAL_NUMBER_RE.fullmatch(national))
    ):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


UK_NUMBER_SEPARATORS = str.maketrans("", "", " -()")


def uk_personal_number(candidate: str) -> str | None:
    """The most common shape, answered without phonenumbers: a trunk 0 and ten digits starting
    1, 2 or 7 (geographic or mobile), in ASCII digits with any spaces, hyphens and brackets.
    phonenumbers reads such a candidate as +44 and those ten digits, and UK_PERSONAL_NUMBER_RE
    accepts them whatever phonenumbers thinks of their block; tests/analysis/
    test_phone_numbers.py holds the two answers equal. None when the shape is another."""
    digits = candidate.translate(UK_NUMBER_SEPARATORS)
    if (
        len(digits) == 11
        and digits[0] == "0"
        and digits[1] in "127"
        and digits.isascii()
        and digits.isdigit()
    ):
        return f"+44{digits[1:]}"
    return None


def phone_numbers(text: str, contacts: PublicContacts) -> Iterator[Span]:
    for found in PHONE_CANDIDATE_RE.finditer(text):
        if rough_e164(found.group()).startswith(contacts.number_prefixes):
            continue  # 03, 08: an organisation's line, whatever follows it
        located = longest_phone_number(found.group())
        if located is None:
            continue
        length, e164 = located
        start, end = found.start(), found.start() + length
        if text[start] == "(" and ")" not in text[start:end]:
            start += 1
        if contacts.is_public_number(e164):
            continue
        before = text[max(0, start - PUBLIC_LINE_WINDOW) : start]
        if PUBLIC_LINE_CUE_RE.search(before):
            continue
        yield "phone", start, end


def rough_e164(candidate: str) -> str:
    """The E.164 prefix a UK-written number has, without parsing it ("0300 …" -> "+44300…")."""
    digits = "".join(char for char in candidate if char.isdigit())
    if candidate.startswith("+"):
        return f"+{digits}"
    if digits.startswith("00"):
        return f"+{digits[2:]}"
    return f"+44{digits[1:]}"


def longest_phone_number(candidate: str) -> tuple[int, str] | None:
    """The candidate may run on into a neighbouring number ("07911 123456 2 times"): try it
    whole, then shorter by whole groups. Returns the length kept and the number in E.164."""
    if sum(char.isdigit() for char in candidate) < MIN_PHONE_DIGITS:
        return None
    groups = [group for group in PHONE_SPLIT_RE.split(candidate) if group]
    consumed = candidate
    for keep in range(len(groups), 0, -1):
        e164 = is_phone_number(consumed)
        if e164 is not None:
            return len(consumed), e164
        if keep > 1:
            consumed = consumed[: consumed.rfind(groups[keep - 1])].rstrip(" -(")
            if sum(char.isdigit() for char in consumed) < MIN_PHONE_DIGITS:
                return None
    return None
