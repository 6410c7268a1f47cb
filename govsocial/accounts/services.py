"""Writes for organisations, users, memberships and API tokens. Each writes its audit record."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from govsocial.accounts.models import ApiToken, Membership, Organisation, User
from govsocial.accounts.roles import Role
from govsocial.core.errors import ApplicationError
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

TOKEN_PREFIX = "gs"  # noqa: S105 (a label, not a secret)


@transaction.atomic
def organisation_create(*, name: str, actor: User | None = None) -> Organisation:
    name = name.strip()
    if not name:
        raise ApplicationError("Give the organisation a name.", field="name")
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ApplicationError(f"An organisation called {name!r} already exists.", field="name")
    organisation = Organisation.objects.create(name=name, slug=slugify(name)[:80])
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.ORGANISATION_CREATE,
        target=organisation,
    )
    return organisation


@transaction.atomic
def membership_grant(
    *, organisation: Organisation, user: User, role: str, actor: User | None = None
) -> Membership:
    if role not in Role.values:
        raise ApplicationError(
            f"{role!r} is not a role. Choose one of: {', '.join(Role.values)}.", field="role"
        )
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, role=role
    )
    if created:
        audit_record(
            organisation=organisation,
            actor=actor,
            action=AuditAction.MEMBERSHIP_GRANT,
            target=membership,
            data={"user": user.get_username(), "role": role},
        )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User | None = None) -> None:
    audit_record(
        organisation=membership.organisation,
        actor=actor,
        action=AuditAction.MEMBERSHIP_REVOKE,
        target=membership,
        data={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# last_used_at is shown to a day-or-minute precision; writing it on every call would make each
# API read a database write (and on SQLite take the write lock).
LAST_USED_RESOLUTION = timedelta(minutes=1)
NOT_VALID_HELP = (
    "That API token is not valid. Send `Authorization: Bearer <token>` with a token from "
    "your “Your API tokens” page."
)


class TokenRefused(ApplicationError):
    """A bearer token that does not authenticate, with what its holder should do about it."""


def api_token_lifetime_days(days: int | None) -> int:
    """The days a new token works: the chosen number, or the configured default, within the cap."""
    longest = settings.GOVSOCIAL_API_TOKEN_MAX_DAYS
    chosen = settings.GOVSOCIAL_API_TOKEN_DAYS if days is None else days
    if not 1 <= chosen <= longest:
        raise ApplicationError(
            f"A token must expire within 1 to {longest} days; {chosen} is outside that.",
            field="days",
        )
    return chosen


def _audit_token(token: ApiToken, *, action: AuditAction, actor: User | None) -> None:
    # A token acts wherever its user is a member, so each of those organisations' trails
    # records it; a user with no organisation yet still leaves one record.
    organisations: list[Organisation | None] = list(
        Organisation.objects.filter(memberships__user=token.user).distinct()
    ) or [None]
    for organisation in organisations:
        audit_record(
            organisation=organisation,
            actor=actor,
            action=action,
            target=token,
            data={
                "name": token.name,
                "prefix": token.prefix,
                "expires_at": token.expires_at.isoformat(),
            },
        )


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Creates a token and returns it with its plain value, which is shown once and never stored.
    It expires after `days` (the configured default when None)."""
    lifetime = api_token_lifetime_days(days)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "script",
        prefix=prefix,
        secret_hash=_hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=lifetime),
    )
    _audit_token(token, action=AuditAction.API_TOKEN_CREATE, actor=user)
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    """Stops the token working from now on. Revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _audit_token(token, action=AuditAction.API_TOKEN_REVOKE, actor=actor)
    return token


def token_prefix_of(raw: str) -> str | None:
    """The public prefix of a whole token (`gs_<prefix>_<secret>`), or None if it is not one."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    return parts[1]


def api_token_authenticate(*, raw: str) -> User:
    """The active user behind a bearer token. Raises TokenRefused, saying why, for anything
    malformed, unknown, expired, revoked or belonging to a disabled user; the reason is told
    only to whoever holds the whole secret."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise TokenRefused(NOT_VALID_HELP)
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.secret_hash, _hash_secret(parts[2])):
        raise TokenRefused(NOT_VALID_HELP)
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(
            f"That API token was revoked on {token.revoked_at:%d %b %Y}. Create a new one on "
            "your “Your API tokens” page and send it as `Authorization: Bearer <token>`."
        )
    if token.expires_at <= now:
        raise TokenRefused(
            f"That API token expired on {token.expires_at:%d %b %Y}. Create a new one on "
            "your “Your API tokens” page and send it as `Authorization: Bearer <token>`."
        )
    if not token.user.is_active:
        raise TokenRefused(NOT_VALID_HELP)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
