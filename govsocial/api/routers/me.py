from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from govsocial.accounts.selectors import (
    api_token_get_for_user,
    api_token_list_for_user,
    organisation_list_for_user,
    roles_for_user,
)
from govsocial.accounts.services import api_token_revoke
from govsocial.api.auth import api_user
from govsocial.api.pagination import PageQuery, keyset_page
from govsocial.api.schemas.common import ERRORS, MeOut, OrganisationOut
from govsocial.api.schemas.tokens import TokenOut, token_out
from govsocial.api.schemas.types import RecordId
from govsocial.core.errors import NotFound

router = Router(tags=["me"])
TOKEN_ORDER = ("-created_at", "-id")


class TokenPage(Schema):
    items: list[TokenOut]
    next: str | None  # the next page's address (path and query), or null on the last page


@router.get(
    "/me", response={200: MeOut, **ERRORS}, summary="The signed-in user and their organisations"
)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    organisations = [
        OrganisationOut(
            slug=org.slug,
            name=org.name,
            roles=sorted(roles_for_user(user=user, organisation=org)),  # type: ignore[arg-type]
        )
        for org in organisation_list_for_user(user=user)  # type: ignore[arg-type]
    ]
    return MeOut(
        username=user.get_username(),
        display_name=getattr(user, "display_name", ""),
        email=getattr(user, "email", ""),
        organisations=organisations,
    )


@router.get(
    "/me/tokens",
    response={200: TokenPage, **ERRORS},
    summary="Your API tokens, newest first (expired and revoked ones included)",
)
def list_tokens(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    now = timezone.now()
    tokens = api_token_list_for_user(user=api_user(request))
    found = keyset_page(request, tokens, ordering=TOKEN_ORDER, page=page)
    return {"items": [token_out(t, now=now) for t in found.rows], "next": found.next}


@router.delete(
    "/me/tokens/{token_id}",
    response={200: TokenOut, **ERRORS},
    summary="Revoke one of your API tokens: it stops working at once",
)
def revoke_token(request: HttpRequest, token_id: RecordId) -> Status[Any]:
    user = api_user(request)
    token = api_token_get_for_user(user=user, token_id=token_id)
    if token is None:
        raise NotFound(f"You have no API token {token_id}. List yours at /api/v1/me/tokens.")
    revoked = api_token_revoke(token=token, actor=user)
    return Status(200, token_out(revoked, now=timezone.now()))
