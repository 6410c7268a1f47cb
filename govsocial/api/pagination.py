"""Keyset pages for the API's lists: `limit` and an opaque `cursor` in, `items` and `next` out.

A page is the rows after the last row of the page before, in a fixed order whose last key is
unique (the id), so following `next` from the first page reaches every row exactly once, even
while rows are added. django-ninja's own CursorPagination was not used: see docs/adr/0009.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from django.db.models import DateTimeField, Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 200
#: Keys are 64-bit integers on both databases; a larger number in a cursor is not ours.
INTEGER_RANGE = range(-(2**63), 2**63)

M = TypeVar("M", bound=Model)


class PageQuery(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}."
    )
    cursor: str = Field(
        "",
        max_length=MAX_CURSOR_LENGTH,
        description="Leave out for the first page; after that, follow the `next` link.",
    )


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next: str | None  # the address of the next page, or None on the last page


def bad_cursor() -> ValidationError:
    return ValidationError(
        [
            {
                "loc": ["query", "cursor"],
                "msg": "this is not a cursor from this list; leave it out to start again",
            }
        ]
    )


def encode_cursor(values: list[Any]) -> str:
    tagged = [
        ["t", value.isoformat()] if isinstance(value, datetime) else ["i", int(value)]
        for value in values
    ]
    return base64.urlsafe_b64encode(json.dumps(tagged).encode()).decode().rstrip("=")


def key_kind(items: QuerySet[Any], key: str) -> str:
    """ "t" for a time key, "i" for an integer key (a model field or an annotation)."""
    name = key.removeprefix("-")
    annotation = items.query.annotations.get(name)
    field = annotation.output_field if annotation is not None else items.model._meta.get_field(name)
    return "t" if isinstance(field, DateTimeField) else "i"


def decode_value(tagged: Any, *, kind: str) -> Any:
    match tagged:
        case ["i", int() as number] if kind == "i" and not isinstance(number, bool):
            if number in INTEGER_RANGE:
                return number
        case ["t", str() as text] if kind == "t":
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is not None:
                try:
                    return moment.astimezone(UTC)  # the databases compare in UTC
                except OverflowError:  # year 1 or 9999 pushed past the calendar's edge
                    pass
    raise ValueError("not a value of this list's keys")


def decode_cursor(cursor: str, *, kinds: list[str]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        tagged = json.loads(raw)
        if not isinstance(tagged, list) or len(tagged) != len(kinds):
            raise ValueError("wrong number of keys")
        return [decode_value(value, kind=kind) for value, kind in zip(tagged, kinds, strict=True)]
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise bad_cursor() from None


def after(ordering: tuple[str, ...], values: list[Any]) -> Q:
    """Rows that come after the row with these key values in this ordering."""
    condition = Q()
    for position, key in enumerate(ordering):
        name = key.removeprefix("-")
        beyond = Q(**{f"{name}__{'lt' if key.startswith('-') else 'gt'}": values[position]})
        for earlier, value in zip(ordering[:position], values, strict=False):
            beyond &= Q(**{earlier.removeprefix("-"): value})
        condition |= beyond
    return condition


def next_href(request: HttpRequest, cursor: str) -> str:
    """This request's address with the cursor replaced; filters and limit are kept."""
    query = request.GET.copy()
    query["cursor"] = cursor
    return f"{request.path}?{query.urlencode()}"


def keyset_page(
    request: HttpRequest, items: QuerySet[M], *, ordering: tuple[str, ...], page: PageQuery
) -> KeysetPage[M]:
    """One page of `items` in `ordering`, whose keys must be non-null and end with the id."""
    ordered = items.order_by(*ordering)
    if page.cursor:
        kinds = [key_kind(items, key) for key in ordering]
        ordered = ordered.filter(after(ordering, decode_cursor(page.cursor, kinds=kinds)))
    rows = list(ordered[: page.limit + 1])
    if len(rows) <= page.limit:
        return KeysetPage(rows=rows, next=None)
    rows = rows[: page.limit]
    last = [getattr(rows[-1], key.removeprefix("-")) for key in ordering]
    return KeysetPage(rows=rows, next=next_href(request, encode_cursor(last)))
