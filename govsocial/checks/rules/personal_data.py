"""Personal data and safety: rules 9 to 11 (UK GDPR; DVSA, DWP, Welsh Government house rules; HMRC)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govsocial.analysis.personal_data import PersonalDataMatch, find_personal_data
from govsocial.checks.data import RuleData
from govsocial.checks.model import Finding, Severity
from govsocial.checks.registry import SHOWN_TEXTS, Inspection, Rule, checker, define
from govsocial.checks.text import Trigger

SOURCE_9 = "DVSA, DWP and Welsh Government house rules [S18, S19, S20]; HMRC [S21]; UK GDPR"

# Kind (from govsocial.analysis.personal_data) -> (rule id, what it is).
KIND_RULES: dict[str, tuple[str, str]] = {
    "national_insurance": ("personal-data.national-insurance", "a National Insurance number"),
    "nhs_number": ("personal-data.nhs-number", "an NHS number"),
    "utr": ("personal-data.utr", "an HMRC Unique Taxpayer Reference"),
    "driving_licence": ("personal-data.driving-licence", "a DVLA driving licence number"),
    "card_number": ("personal-data.card-number", "a payment card number"),
    "phone": ("personal-data.phone", "a personal telephone number"),
    "email": ("personal-data.email", "a personal email address"),
    "postcode_address": ("personal-data.address", "a home address"),
    "bank_account": ("personal-data.bank-account", "a sort code or bank account number"),
    "date_of_birth": ("personal-data.date-of-birth", "a date of birth"),
}
RULES_BY_KIND: dict[str, Rule] = {
    kind: define(
        rule_id,
        Severity.BLOCK,
        source=SOURCE_9,
        title=f"The post contains {what}",
        number=9,
    )
    for kind, (rule_id, what) in KIND_RULES.items()
}
OTHER_IDENTIFIER = define(
    "personal-data.other",
    Severity.BLOCK,
    source=SOURCE_9,
    title="The post contains another personal identifier",
    number=9,
)
INDIVIDUAL_CASE = define(
    "personal-data.individual-case",
    Severity.WARN,
    source="DWP social media use [S19]",
    title="A public reply about an individual benefit or tax case",
    number=10,
)
IDENTIFIABLE_PEOPLE = define(
    "personal-data.identifiable-people",
    Severity.BLOCK,
    source="DVSA social media use [S18]; UK GDPR",
    title="An image shows identifiable people with no consent record",
    number=11,
)

# The organisation publishing its own contact details ("call us on", "our helpline") is not
# leaking a person's data; the words must sit right before the number or address.
OWN_CONTACT_RE = re.compile(
    r"(?:\b(?:call|ring|phone|text|contact|email|e-mail|write\s+to|visit|find|reach|message|"
    r"whatsapp)\s+us\b[^.\n]{0,25}"
    r"|\bour\s+(?:[\w-]+\s+){0,3}(?:helpline|number|line|switchboard|office|offices|address|team|"
    r"inbox|email|centre|hub|headquarters|reception)\b[^.\n]{0,15}"
    r"|\b(?:helpline|switchboard|freephone|textphone|relay\s+uk|minicom|enquiries)\b[^.\n]{0,20})$",
    re.IGNORECASE,
)
# A telephone number after an imperative with no one named is the organisation's own line:
# "Call 01872 322000", "Tel: 01872 ...", "Ring the highways team on ...".
OWN_PHONE_RE = re.compile(
    r"(?:^|[.!?:\n]\s*|\b(?:or|and|please)\s+)(?:call|ring|phone|telephone|tel|contact|text)"
    r"\s*[:.]?\s*(?:(?:the|our)\s+[a-z][a-z\s]{0,30}?\s+)?(?:on\s+)?$",
    re.IGNORECASE,
)
OWN_CONTACT_KINDS = frozenset({"phone", "email", "postcode_address"})
# "Ring our officer Sue on her mobile": a number said to be one person's is never the
# organisation's own line.
SOMEONES_NUMBER_RE = re.compile(
    r"\b(?:his|her|their|my|personal|private|home)\s+(?:mobile|phone|number|landline)\b"
    r"[^.\n]{0,12}$",
    re.IGNORECASE,
)


def _published_contact(match: PersonalDataMatch, inspection: Inspection) -> bool:
    """The account's own listed contacts, or a number or address the post gives as its own
    (never an address at a personal webmail provider, unless the account lists it).

    Public numbers and role mailboxes in general are left out by the shared detector already.
    """
    account, text = inspection.account, inspection.text
    if account and _normalised(match.text) in {_normalised(c) for c in account.public_contacts}:
        return True
    contacts = inspection.context.data.public_contacts
    if match.kind == "email" and contacts.is_personal_webmail(match.text):
        return False  # "email us from jo@gmail.com": a person's inbox, however it is introduced
    before = text[max(0, match.start - 60) : match.start]
    if match.kind == "phone" and SOMEONES_NUMBER_RE.search(before):
        return False
    if match.kind == "phone" and OWN_PHONE_RE.search(before):
        return True
    if match.kind in OWN_CONTACT_KINDS:
        return bool(OWN_CONTACT_RE.search(before))
    return False


def _normalised(contact: str) -> str:
    return re.sub(r"[\s()-]", "", contact.lower())


def spelt_out_email_words(data: RuleData) -> set[str]:
    """Words without which a text holds no spelt-out address ("jo at outlook dot com")."""
    return {"dot", *data.public_contacts.spelt_out_providers}


# The shared detector has its own fast path (identifiers need six digits close together, e-mail
# an "@" or a spelt-out address); a date of birth or an address needs only a digit.
@checker(fields=SHOWN_TEXTS, when=Trigger.DIGIT | Trigger.AT, words=spelt_out_email_words)
def check_personal_data(inspection: Inspection) -> Iterator[Finding]:
    contacts = inspection.context.data.public_contacts
    for match in find_personal_data(inspection.text, contacts=contacts):
        if _published_contact(match, inspection):
            continue
        rule = RULES_BY_KIND.get(match.kind, OTHER_IDENTIFIER)
        what = KIND_RULES.get(match.kind, ("", "a personal identifier"))[1]
        yield rule.finding(
            f'"{match.text}" looks like {what}. Never publish personal data: remove it, and '
            "if it came from a member of the public, move the conversation to a secure channel.",
            match.start,
            match.end,
        )


@checker(when=Trigger.REPLY)
def check_individual_case(inspection: Inspection) -> Iterator[Finding]:
    draft, data = inspection.draft, inspection.context.data
    if not draft.in_reply_to:
        return
    case = data.individual_case_re.search(draft.text)
    if not case or data.secure_channel.found_in(draft.text):
        return
    account = inspection.account
    channel = (account.secure_channel_url if account else None) or data.secure_channel_default
    yield INDIVIDUAL_CASE.finding(
        f'This public reply discusses an individual case ("{case.group(0)}"). Social media '
        "cannot handle individual claims or changes of circumstances: send the person to the "
        f'secure channel instead, for example: "We cannot discuss your case here. Please '
        f'contact us securely at {channel} and we will help."',
        case.start(),
        case.end(),
    )


@checker(when=Trigger.MEDIA)
def check_identifiable_people(inspection: Inspection) -> Iterator[Finding]:
    for index, media in enumerate(inspection.draft.media, 1):
        if media.shows_people and not (media.consent_record or "").strip():
            yield IDENTIFIABLE_PEOPLE.finding(
                f"{media.kind.capitalize()} {index} shows identifiable members of the public or "
                "staff, and no consent record is attached. Attach the consent record, or blur or "
                "crop out the people."
            )
