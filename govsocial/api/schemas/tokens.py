from __future__ import annotations

from datetime import datetime

from ninja import Schema

from govsocial.accounts.models import ApiToken


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    state: str  # "active", "expired" or "revoked"


def token_out(token: ApiToken, *, now: datetime) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
        state=token.state_at(now),
    )
