from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    field: str | None = None


# Every answer but success an operation can give: a refusal (400), no or a bad token (401), a
# role that does not allow it (403), not among the caller's (404), a reused Idempotency-Key
# (409), input that does not fit the schema (422), a defect (500) and a busy database (503).
ERRORS: dict[int, type[Schema]] = dict.fromkeys((400, 401, 403, 404, 409, 422, 500, 503), ErrorOut)


class OrganisationOut(Schema):
    slug: str
    name: str
    roles: list[str]


class MeOut(Schema):
    username: str
    display_name: str
    email: str
    organisations: list[OrganisationOut]
