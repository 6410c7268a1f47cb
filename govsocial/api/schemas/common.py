from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class OrganisationOut(Schema):
    slug: str
    name: str
    roles: list[str]


class MeOut(Schema):
    username: str
    display_name: str
    email: str
    organisations: list[OrganisationOut]
