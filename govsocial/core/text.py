"""What text and ids the database can store, as one rule every interface applies.

The CLI (click types), the API (pydantic types) and the web (form validators and URL
converters) all ask these functions, so SQLite and PostgreSQL refuse the same input with the
same words instead of one of them failing with a server error. Pure Python: no Django.
"""

from __future__ import annotations

# The database's integer columns are signed 64-bit: ids run from 1 to this.
LARGEST_ID = 2**63 - 1
# A search box takes a phrase, not a document: longer input is refused before it reaches a query.
SEARCH_MAX_CHARS = 200


def text_problem(value: str, *, max_length: int | None = None) -> str | None:
    """Why the database cannot store this text as it is, or None when it can."""
    if "\x00" in value:
        return "it contains a NUL byte, which cannot be stored; remove it"
    if any("\ud800" <= character <= "\udfff" for character in value):
        return "it is not valid UTF-8 text; retype it as UTF-8"
    if max_length is not None and len(value) > max_length:
        return f"it is {len(value)} characters long; shorten it to {max_length} at most"
    return None


def record_id_or_none(value: str | None) -> int | None:
    """The value as an id if it is ASCII digits naming one the database can hold, else None."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= LARGEST_ID else None
