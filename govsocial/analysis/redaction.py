"""Replace personal data with labelled placeholders and suggest a retention class.

The inbox keeps the original in a restricted field and shows everyone else
`Redacted.text_redacted`; `retention_class_hint` tells the records side how
sensitive the original is.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsocial.analysis.personal_data import PersonalDataMatch, find_personal_data
from govsocial.analysis.public_contacts import PublicContacts

PLACEHOLDERS: dict[str, str] = {
    "national_insurance": "[National Insurance number removed]",
    "nhs_number": "[NHS number removed]",
    "utr": "[tax reference (UTR) removed]",
    "phone": "[phone number removed]",
    "email": "[email address removed]",
    "postcode_address": "[address removed]",
    "card_number": "[card number removed]",
    "driving_licence": "[driving licence number removed]",
    "bank_account": "[bank details removed]",
    "date_of_birth": "[date of birth removed]",
}

# No personal identifier found: the account's ordinary correspondence schedule.
RETENTION_STANDARD = "standard"
# Contact details (phone, email, address) and a date of birth: minimise once the case closes.
RETENTION_PERSONAL = "personal"
# Government or financial identifiers that enable fraud or reveal health or tax
# dealings: the shortest retention and the original visible only to the DPO's roles.
RETENTION_RESTRICTED = "restricted"

_RESTRICTED_KINDS = frozenset(
    {"national_insurance", "nhs_number", "utr", "card_number", "driving_licence", "bank_account"}
)


@dataclass(frozen=True)
class Redacted:
    text_redacted: str
    matches: tuple[PersonalDataMatch, ...]
    retention_class_hint: str

    @property
    def has_personal_data(self) -> bool:
        return bool(self.matches)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(match.kind for match in self.matches)


def retention_class_for(matches: tuple[PersonalDataMatch, ...] | list[PersonalDataMatch]) -> str:
    kinds = {match.kind for match in matches}
    if kinds & _RESTRICTED_KINDS:
        return RETENTION_RESTRICTED
    if kinds:
        return RETENTION_PERSONAL
    return RETENTION_STANDARD


def redact(text: str, *, contacts: PublicContacts | None = None) -> Redacted:
    """Return `text` with each personal identifier replaced by its placeholder.

    `contacts`: the public numbers and role mailboxes to leave alone (default: packaged list).
    """
    if not isinstance(text, str):
        raise TypeError(f"redact needs a str, got {type(text).__name__}")
    matches = tuple(find_personal_data(text, contacts=contacts))
    if not matches:
        return Redacted(text_redacted=text, matches=(), retention_class_hint=RETENTION_STANDARD)
    pieces: list[str] = []
    position = 0
    for match in matches:
        pieces.append(text[position : match.start])
        pieces.append(PLACEHOLDERS[match.kind])
        position = match.end
    pieces.append(text[position:])
    return Redacted(
        text_redacted="".join(pieces),
        matches=matches,
        retention_class_hint=retention_class_for(matches),
    )
