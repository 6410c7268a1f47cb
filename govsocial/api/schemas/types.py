"""Field types every API input uses, so the API refuses what the database cannot store.

The rule is the one the CLI and the web forms apply (govsocial.core.text): no NUL byte, no
lone surrogate, the model field's length, and ids in the database's integer range. A refusal
is a 422 (or 400 for the inbox's hand-read bodies) naming the field, never a server error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from govsocial.core.text import LARGEST_ID, SEARCH_MAX_CHARS, text_problem

# Far above any network's post length (Facebook's 63,206), so a megabyte is refused unread.
LONG_TEXT_MAX_CHARS = 70_000
MAX_TAGS = 30
MAX_ACCOUNTS = 100
MAX_ALT_TEXTS = 20  # more images than any network takes in one post


def storable(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Storable = AfterValidator(storable)
# Where a problem was found, without the parts every request has.
LOCATION_NOISE = ("body", "query", "path", "payload", "filters")


def problems_in(errors: Iterable[Mapping[str, Any]]) -> str:
    """pydantic's errors as one line a person can act on: `field: what is wrong; ...`."""

    def one(error: Mapping[str, Any]) -> str:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in LOCATION_NOISE)
        message = str(error.get("msg", ""))
        if error.get("type") == "string_unicode":  # pydantic's words for a lone surrogate
            message = text_problem("\ud800") or message
        return f"{where or 'body'}: {message}"

    return "; ".join(one(error) for error in errors)


RecordId = Annotated[int, Field(ge=1, le=LARGEST_ID)]
Offset = Annotated[int, Field(ge=0, le=LARGEST_ID)]

# Each cap is the model field's max_length (and the web form's).
Slug = Annotated[str, Field(max_length=80), Storable]  # Organisation.slug
Title = Annotated[str, Field(max_length=200), Storable]  # Post.title
CampaignCode = Annotated[str, Field(max_length=60), Storable]  # PostVersion.campaign_code
Reference = Annotated[str, Field(max_length=200), Storable]  # PostVersion.parliamentary_reference
Tag = Annotated[str, Field(max_length=100), Storable]
Username = Annotated[str, Field(max_length=150), Storable]  # Django's User.username
Choice = Annotated[str, Field(max_length=32), Storable]  # a status, queue, kind or reason code
Url = Annotated[str, Field(max_length=500), Storable]  # Delivery.remote_url
DateText = Annotated[str, Field(max_length=32), Storable]
LongText = Annotated[str, Field(max_length=LONG_TEXT_MAX_CHARS), Storable]
Search = Annotated[str, Field(max_length=SEARCH_MAX_CHARS), Storable]
AltText = Annotated[str, Field(max_length=10_000), Storable]  # far above any network's alt text cap
