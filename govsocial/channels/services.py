"""Writes for the official account register: registration, credentials and token health."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.alerts import alert_raise
from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.channels.crypto import decrypt_credentials, encrypt_credentials
from govsocial.channels.models import Network, OfficialAccount
from govsocial.connectors.base import Connector
from govsocial.connectors.errors import ConnectorError
from govsocial.connectors.http import EgressSettings
from govsocial.connectors.registry import connector_for
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

EXPIRY_WARNING_DAYS = 7
REFRESH_EARLY_DAYS = 10


def _require(actor: User, organisation: Organisation, action: str, what: str) -> None:
    if not user_can(user=actor, action=action, organisation=organisation):
        raise PermissionDenied(f"Your role does not let you {what} in {organisation}.")


@transaction.atomic
def account_register(
    *,
    organisation: Organisation,
    actor: User,
    network: str,
    handle: str,
    owning_unit: str,
    named_owner: User,
    house_rules_url: str = "",
    staffed_hours: str = "Monday to Friday, 9am to 5pm",
    two_factor_confirmed: bool = False,
    instance_url: str = "",
    credentials: Mapping[str, str] | None = None,
    automated: bool = False,
) -> OfficialAccount:
    """Adds an account to the register. Publishing to it is impossible until it is here."""
    _require(actor, organisation, Action.MANAGE_ACCOUNTS, "add official accounts")
    if network not in Network.values:
        raise ApplicationError(
            f"{network!r} is not a supported network. Choose one of: {', '.join(Network.values)}.",
            field="network",
        )
    for value, name, label in (
        (handle, "handle", "the account's handle"),
        (owning_unit, "owning_unit", "the unit that owns the account"),
    ):
        if not value.strip():
            raise ApplicationError(f"Enter {label}.", field=name)
    if not named_owner.memberships.filter(organisation=organisation).exists():
        raise ApplicationError(
            "The named owner must be a member of this organisation.", field="named_owner"
        )
    if OfficialAccount.objects.filter(
        organisation=organisation, network=network, handle=handle.strip()
    ).exists():
        raise ApplicationError(f"{handle} on {network} is already registered.", field="handle")
    account = OfficialAccount.objects.create(
        organisation=organisation,
        network=network,
        handle=handle.strip(),
        owning_unit=owning_unit.strip(),
        named_owner=named_owner,
        house_rules_url=house_rules_url,
        staffed_hours=staffed_hours,
        two_factor_confirmed=two_factor_confirmed,
        instance_url=instance_url,
        automated=automated,
    )
    if credentials:
        _store_credentials(account, credentials)
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.ACCOUNT_REGISTER,
        target=account,
        data={"network": network, "handle": account.handle, "owner": named_owner.get_username()},
    )
    return account


def _store_credentials(account: OfficialAccount, new: Mapping[str, str]) -> list[str]:
    """Merges new values over the stored ones. An empty value never overwrites a stored one,
    because reconnect flows that return no refresh token would otherwise kill the account
    when its access token expires (Postiz #1884)."""
    stored = decrypt_credentials(account.credentials_encrypted)
    changed = []
    for key, value in new.items():
        if value is None or str(value).strip() == "":
            continue
        if stored.get(key) != value:
            stored[key] = str(value)
            changed.append(key)
    account.credentials_encrypted = encrypt_credentials(stored)
    account.save(update_fields=["credentials_encrypted", "updated_at"])
    return changed


@transaction.atomic
def account_set_credentials(
    *,
    account: OfficialAccount,
    actor: User | None,
    credentials: Mapping[str, str],
    expires_at: datetime | None = None,
) -> list[str]:
    """Stores new credentials (encrypted). Returns the names of the fields that changed."""
    if actor is not None:
        _require(actor, account.organisation, Action.MANAGE_ACCOUNTS, "change account credentials")
    changed = _store_credentials(account, credentials)
    if expires_at is not None:
        account.token_expires_at = expires_at
        account.token_refreshed_at = timezone.now()
        account.expiry_warning_sent_at = None
        account.save(
            update_fields=[
                "token_expires_at",
                "token_refreshed_at",
                "expiry_warning_sent_at",
                "updated_at",
            ]
        )
    audit_record(
        organisation=account.organisation,
        actor=actor,
        action=AuditAction.ACCOUNT_CREDENTIALS,
        target=account,
        data={"fields": changed, "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return changed


# The register's instance address, under the name each connector reads it by.
INSTANCE_CREDENTIAL: dict[str, str] = {Network.MASTODON: "instance_url", Network.BLUESKY: "pds_url"}


def account_credentials(account: OfficialAccount) -> dict[str, str]:
    credentials = decrypt_credentials(account.credentials_encrypted)
    field = INSTANCE_CREDENTIAL.get(account.network)
    if account.instance_url and field:
        credentials.setdefault(field, account.instance_url)
    return credentials


def connector_for_account(account: OfficialAccount) -> Connector:
    """The connector for one registered account; refuses anything not in the register."""
    if not account.pk or not account.is_active:
        raise ApplicationError(
            f"{account} is not an active entry in the official account register; "
            "an account admin must register it before anything is published to it."
        )
    return connector_for(
        account.network, credentials=account_credentials(account), egress=EgressSettings.from_env()
    )


def account_check(*, account: OfficialAccount, actor: User | None = None) -> str:
    """Asks the network who the credentials belong to, and records the result on the account."""
    try:
        with connector_for_account(account) as connector:
            info = connector.verify_credentials()
    except (ConnectorError, ApplicationError) as exc:
        OfficialAccount.objects.filter(pk=account.pk).update(
            last_health_error=str(exc)[:500], last_verified_at=timezone.now()
        )
        raise ApplicationError(f"{account}: {exc}") from None
    OfficialAccount.objects.filter(pk=account.pk).update(
        last_health_error="", last_verified_at=timezone.now()
    )
    return info.handle


@transaction.atomic
def token_expiry_warn(*, now: datetime | None = None) -> int:
    """Warns each named owner once, 7 days before their account's token expires."""
    now = now or timezone.now()
    due = OfficialAccount.objects.select_for_update().filter(
        is_active=True,
        token_expires_at__isnull=False,
        token_expires_at__lte=now + timedelta(days=EXPIRY_WARNING_DAYS),
        expiry_warning_sent_at__isnull=True,
    )
    count = 0
    for account in due:
        alert_raise(
            organisation=account.organisation,
            recipient=account.named_owner,
            kind="token_expiry",
            message=(
                f"The connection to {account} expires on "
                f"{timezone.localtime(account.token_expires_at):%-d %B %Y}. Reconnect it before then "
                "or scheduled posts to it will fail."
            ),
        )
        account.expiry_warning_sent_at = now
        account.save(update_fields=["expiry_warning_sent_at", "updated_at"])
        audit_record(
            organisation=account.organisation,
            actor=None,
            action=AuditAction.ACCOUNT_TOKEN_EXPIRY_WARNING,
            target=account,
            data={"expires_at": str(account.token_expires_at)},
        )
        count += 1
    return count
