from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from govsocial.accounts.selectors import organisation_list_for_user, roles_for_user
from govsocial.api.schemas.common import ERRORS, MeOut, OrganisationOut

router = Router(tags=["me"])


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
