"""Single sign-on with OpenID Connect (mozilla-django-oidc), tested against Entra ID and Keycloak.

Users are keyed on (issuer, subject), never on email. Identity-provider groups are mapped to
govsocial organisations and roles by OIDC_GROUP_ROLE_MAP, and the user's memberships are
granted and revoked on every sign-in to match (through the audited membership services).
Memberships in organisation-role pairs that no group maps to are left alone: those are
granted by hand.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, add_state_and_verifier_and_nonce_to_session
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from govsocial.accounts.auth.models import AuthMethod
from govsocial.accounts.auth.sessions import session_end_all
from govsocial.accounts.models import Membership, Organisation, User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import membership_grant, membership_revoke

logger = logging.getLogger(__name__)

REFUSAL_KEY = "govsocial_sso_refusal"


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return str(settings.GOVSOCIAL_OIDC_PROVIDER_NAME)


@dataclass(frozen=True)
class RoleGrant:
    organisation_slug: str
    role: str


def group_role_map() -> dict[str, list[RoleGrant]]:
    """Every group that gives a role: OIDC_GROUP_ROLE_MAP plus the mappings IT admins edit."""
    from govsocial.accounts.auth.models import GroupRoleMapping

    result = env_group_role_map()
    for mapping in GroupRoleMapping.objects.select_related("organisation"):
        result.setdefault(mapping.group, []).append(
            RoleGrant(organisation_slug=mapping.organisation.slug, role=mapping.role)
        )
    return result


def env_group_role_map() -> dict[str, list[RoleGrant]]:
    """OIDC_GROUP_ROLE_MAP read into grants, or a clear error naming the bad entry."""
    raw = settings.GOVSOCIAL_OIDC_GROUP_ROLE_MAP
    if not isinstance(raw, dict):
        raise ImproperlyConfigured(
            'OIDC_GROUP_ROLE_MAP must be a JSON object: {"group-name": ["org-slug", "role"]}.'
        )
    result: dict[str, list[RoleGrant]] = {}
    for group, value in raw.items():
        pairs = (
            value if isinstance(value, list) and value and isinstance(value[0], list) else [value]
        )
        grants = []
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2 and pair[1] in Role.values):
                raise ImproperlyConfigured(
                    f"OIDC_GROUP_ROLE_MAP entry for {group!r} is {value!r}: give "
                    f'["organisation-slug", "role"] with a role from {", ".join(Role.values)}.'
                )
            grants.append(RoleGrant(organisation_slug=str(pair[0]), role=str(pair[1])))
        result[str(group)] = grants
    return result


def groups_from_claims(claims: dict[str, Any]) -> set[str]:
    value = claims.get(settings.GOVSOCIAL_OIDC_GROUPS_CLAIM, [])
    if isinstance(value, str):
        value = [value]
    groups = set()
    for group in value if isinstance(value, list) else []:
        # Keycloak's "full group path" sends "/editors"; either spelling matches "editors".
        groups.add(str(group))
        groups.add(str(group).lstrip("/"))
    return groups


def desired_grants(
    groups: set[str], mapping: dict[str, list[RoleGrant]] | None = None
) -> set[tuple[str, str]]:
    wanted: set[tuple[str, str]] = set()
    for group, grants in (group_role_map() if mapping is None else mapping).items():
        if group in groups or group.lstrip("/") in groups:
            wanted |= {(g.organisation_slug, g.role) for g in grants}
    return wanted


@transaction.atomic
def memberships_sync(*, user: User, groups: set[str]) -> set[tuple[str, str]]:
    """Grants what the groups map to and revokes what no group gives any more.

    Revoked: roles single sign-on granted, and roles in a pair the map covers. Roles granted by
    hand in pairs no group maps to are left alone.
    """
    from govsocial.accounts.auth.models import SsoGrantedMembership

    mapping = group_role_map()
    managed = {(g.organisation_slug, g.role) for gs in mapping.values() for g in gs}
    wanted = desired_grants(groups, mapping)
    organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in={s for s, _ in wanted})
    }
    for slug, role in sorted(wanted):
        organisation = organisations.get(slug)
        if organisation is None:
            logger.warning("A group maps to organisation %r, which does not exist", slug)
            continue
        existed = Membership.objects.filter(user=user, organisation=organisation, role=role)
        if not existed.exists():
            membership = membership_grant(organisation=organisation, user=user, role=role)
            SsoGrantedMembership.objects.create(membership=membership)
    memberships = Membership.objects.filter(user=user).select_related("organisation", "user")
    for membership in memberships:
        pair = (membership.organisation.slug, membership.role)
        from_sso = SsoGrantedMembership.objects.filter(membership=membership).exists()
        if pair not in wanted and (pair in managed or from_sso):
            membership_revoke(membership=membership, actor=None)
    return {pair for pair in wanted if pair[0] in organisations}


class SignInRefused(SuspiciousOperation):
    """The identity provider vouched for the user, but govsocial will not let them in."""


class GovsocialOIDCBackend(OIDCAuthenticationBackend):
    """Does nothing until OIDC is configured, so the backend can always be listed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if oidc_enabled():
            super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not oidc_enabled() or request is None:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (userinfo JWTs carry no nonce)
            self._check_id_token(payload)
            self.id_token_claims = payload
        return payload

    def _check_id_token(self, payload: dict[str, Any]) -> None:
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation(
                f"ID token issuer {payload.get('iss')!r} is not OIDC_OP_ISSUER"
            )
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is not for this client")
        if payload.get("exp", 0) < time.time():
            raise SuspiciousOperation("ID token has expired")

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is for another subject than the ID token")
        # Entra ID sends groups, amr and acr only in the ID token: merge, userinfo winning.
        return {**payload, **userinfo}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not claims.get("sub"):
            return False
        required_amr = settings.GOVSOCIAL_OIDC_REQUIRED_AMR.split()
        if required_amr and not set(required_amr) & set(claims.get("amr") or []):
            self._refuse(
                f"{provider_name()} did not confirm a second factor for this sign-in. "
                "Sign in again with multi-factor authentication, or ask your IT team."
            )
        required_acr = settings.GOVSOCIAL_OIDC_REQUIRED_ACR.split()
        if required_acr and claims.get("acr") not in required_acr:
            self._refuse(
                f"{provider_name()} did not sign you in strongly enough for govsocial. "
                "Ask your IT team."
            )
        return True

    def _refuse(self, message: str) -> None:
        self.request.session[REFUSAL_KEY] = message
        raise SignInRefused(message)

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(
            external_issuer=settings.OIDC_OP_ISSUER, external_subject=claims["sub"]
        )

    def create_user(self, claims: dict[str, Any]) -> User:
        if not desired_grants(groups_from_claims(claims)):
            self._refuse(self._no_groups_message())
        base = (claims.get("preferred_username") or claims.get("email") or claims["sub"])[:140]
        username = base
        while User.objects.filter(username=username).exists():
            username = f"{base[:130]}-{get_random_string(6)}"
        user = User.objects.create_user(
            username=username,
            email=claims.get("email", ""),
            external_issuer=settings.OIDC_OP_ISSUER,
            external_subject=claims["sub"],
        )
        return self.update_user(user, claims)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not user.is_active:
            self._refuse("This account is disabled. Ask your account admin to restore it.")
        granted = memberships_sync(user=user, groups=groups_from_claims(claims))
        if not granted:
            # Removed from every group that gives access: a leaver. End their other sessions.
            session_end_all(user=user, actor=None, reason="no groups at the identity provider")
            self._refuse(self._no_groups_message())
        name = claims.get("name") or " ".join(
            p for p in (claims.get("given_name"), claims.get("family_name")) if p
        )
        changed = []
        if name and user.display_name != name:
            user.display_name = str(name)[:200]
            changed.append("display_name")
        if claims.get("email") and user.email != claims["email"]:
            user.email = str(claims["email"])
            changed.append("email")
        if changed:
            user.save(update_fields=changed)
        return user

    def _no_groups_message(self) -> str:
        return (
            f"Your {provider_name()} account is not in a group that gives access to govsocial. "
            "Ask your IT team to add you to the right group, then sign in again."
        )


class SignInStart(OIDCAuthenticationRequestView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if oidc_enabled():
            super().__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("Single sign-on is not set up on this service.")
        return super().get(request)


class SignInCallback(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("Single sign-on is not set up on this service.")
        request._govsocial_auth_method = AuthMethod.SSO  # type: ignore[attr-defined]
        try:
            return super().get(request)
        except ImproperlyConfigured as exc:
            logger.error("OIDC sign-in misconfigured: %s", exc)
            request.session[REFUSAL_KEY] = (
                "Single sign-on is not set up correctly, so nobody can sign in with it. "
                "Tell your IT team: the server log says what to fix."
            )
            return self.login_failure()
        except SuspiciousOperation as exc:
            # A replayed or forged callback: refuse it without a 400 page.
            logger.warning("OIDC callback refused: %s", exc)
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        from django.contrib.auth import logout

        if self.request.user.is_authenticated:
            logout(self.request)
        message = self.request.session.pop(REFUSAL_KEY, None) or (
            f"Signing in with {provider_name()} did not work. Try again, or ask your IT team."
        )
        messages.error(self.request, message)
        return HttpResponseRedirect(reverse("web:login"))

    def login_success(self) -> HttpResponse:
        self.request.session.pop(REFUSAL_KEY, None)
        response: HttpResponse = super().login_success()
        return response


def silent_refresh_redirect(request: HttpRequest) -> HttpResponse:
    """Re-asks the identity provider with prompt=none: a disabled or removed user is signed out."""
    state = get_random_string(32)
    params = {
        "response_type": "code",
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "redirect_uri": absolutify(request, reverse(settings.OIDC_AUTHENTICATION_CALLBACK_URL)),
        "state": state,
        "scope": settings.OIDC_RP_SCOPES,
        "prompt": "none",
        "nonce": get_random_string(32),
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, None)
    request.session["oidc_login_next"] = request.get_full_path()
    query = urlencode(params, quote_via=quote)
    return HttpResponseRedirect(f"{settings.OIDC_OP_AUTHORIZATION_ENDPOINT}?{query}")


def provider_logout_url(request: HttpRequest) -> str | None:
    """Where to send an SSO user after signing out here, to end the provider's session too."""
    from govsocial.accounts.auth.sessions import AUTH_METHOD_KEY

    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not (oidc_enabled() and endpoint) or request.session.get(AUTH_METHOD_KEY) != AuthMethod.SSO:
        return None
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": absolutify(request, reverse("web:login")),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"
