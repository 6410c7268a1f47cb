from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Status

from govsocial.accounts.selectors import (
    api_token_get_for_user,
    api_token_list_for_user,
    organisation_list_for_user,
    roles_for_user,
)
from govsocial.accounts.services import api_token_revoke
from govsocial.api.auth import api_user
from govsocial.api.schemas.common import ErrorOut, MeOut, OrganisationOut
from govsocial.api.schemas.tokens import TokenOut, token_out
from govsocial.core.errors import NotFound

router = Router(tags=["me"])
# The database's integer ids are signed 64-bit.
LARGEST_ID = 2**63 - 1


@router.get("/me", response=MeOut, summary="The signed-in user and their organisations")
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
    response={200: list[TokenOut], 401: ErrorOut},
    summary="Your API tokens, newest first (expired and revoked ones included)",
)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    now = timezone.now()
    return [token_out(t, now=now) for t in api_token_list_for_user(user=api_user(request))]


@router.delete(
    "/me/tokens/{token_id}",
    response={200: TokenOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Revoke one of your API tokens: it stops working at once",
)
def revoke_token(
    request: HttpRequest, token_id: int = Path(..., ge=1, le=LARGEST_ID)
) -> Status[Any]:
    user = api_user(request)
    token = api_token_get_for_user(user=user, token_id=token_id)
    if token is None:
        raise NotFound(f"You have no API token {token_id}. List yours at /api/v1/me/tokens.")
    revoked = api_token_revoke(token=token, actor=user)
    return Status(200, token_out(revoked, now=timezone.now()))
