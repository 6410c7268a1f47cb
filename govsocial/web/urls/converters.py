"""URL converters for ids, so a number the database cannot hold is a 404, not a server error.

Django's `<int:...>` matches any run of digits; SQLite then fails on a number above 2^63-1.
`<id:...>` matches only ids the database can hold (1 to 2^63-1) and `<index:...>` a log entry
number (0 to 2^63-1). Registered when the URL package is imported, before any pattern uses them.
"""

from __future__ import annotations

from django.urls import register_converter

from govsocial.core.text import LARGEST_ID


class RecordIdConverter:
    regex = "[0-9]{1,19}"
    lowest = 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if not self.lowest <= number <= LARGEST_ID:
            raise ValueError(f"{value} is outside the database's id range")  # Django answers 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class EntryIndexConverter(RecordIdConverter):
    lowest = 0


register_converter(RecordIdConverter, "id")
register_converter(EntryIndexConverter, "index")
