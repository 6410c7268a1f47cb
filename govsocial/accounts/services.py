"""Writes for organisations, users, memberships and API tokens. Each writes its audit record."""

from __future__ import annotations

import hashlib
import secrets

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


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Creates a token and returns it with its plain value, which is shown once and never stored."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "script", prefix=prefix, secret_hash=_hash_secret(secret)
    )
    # A token acts wherever its user is a member, so each of those organisations' trails
    # records it; a user with no organisation yet still leaves one record.
    organisations: list[Organisation | None] = list(
        Organisation.objects.filter(memberships__user=user).distinct()
    ) or [None]
    for organisation in organisations:
        audit_record(
            organisation=organisation,
            actor=user,
            action=AuditAction.API_TOKEN_CREATE,
            target=token,
            data={"name": token.name, "prefix": prefix},
        )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user behind a bearer token, or None for anything malformed, revoked or unknown."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at=None).first()
    if token is None or not secrets.compare_digest(token.secret_hash, _hash_secret(parts[2])):
        return None
    if not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
