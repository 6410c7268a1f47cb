"""Reads for the IT pages: which accounts make a network enabled."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from govsocial.accounts.models import Organisation
from govsocial.channels.models import OfficialAccount
from govsocial.it.report import Record, RiskReport, summarise
from govsocial.records.models import AuditRecord


def _address_fields(account: OfficialAccount) -> dict[str, str]:
    """The address fields (`*_url`) of the account's stored credentials; never the secrets."""
    if not account.credentials_encrypted:
        return {}
    from django.core.exceptions import ImproperlyConfigured

    from govsocial.channels.crypto import CredentialsUnreadable, decrypt_credentials

    try:
        stored = decrypt_credentials(account.credentials_encrypted)
    except (CredentialsUnreadable, ImproperlyConfigured, ValueError):
        return {}  # an unreadable entry must not hide the rest: the register's address stands in
    return {k: v for k, v in stored.items() if k.endswith("_url") and isinstance(v, str)}


def egress_accounts(
    *, organisation: Organisation | None = None
) -> list[tuple[str, str, str, dict[str, str]]]:
    """(network, handle, instance_url, address fields) of every active official account, or one
    organisation's: the same fields the connectors build their allow-list from."""
    accounts = OfficialAccount.objects.filter(is_active=True)
    if organisation is not None:
        accounts = accounts.filter(organisation=organisation)
    return [
        (a.network, a.handle, a.instance_url, _address_fields(a))
        for a in accounts.order_by("network", "handle")
    ]


def report_records(*, organisation: Organisation, start: date, end: date) -> list[Record]:
    """The organisation's audit records from the start of `start` to the end of `end` (UTC)."""
    since = datetime.combine(start, time.min, tzinfo=UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    rows = (
        AuditRecord.objects.filter(
            organisation=organisation, created_at__gte=since, created_at__lt=until
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    return [
        Record(
            created_at=row.created_at,
            action=row.action,
            actor=str(row.actor) if row.actor else "",
            actor_id=row.actor_id,
            actor_role=row.actor_role,
            target_type=row.target_type,
            data=row.data if isinstance(row.data, dict) else {},
        )
        for row in rows.iterator()
    ]


def report_account_names(*, organisation: Organisation) -> dict[str, str]:
    return {
        str(pk): f"{handle} ({network})"
        for pk, handle, network in OfficialAccount.objects.filter(
            organisation=organisation
        ).values_list("pk", "handle", "network")
    }


def report_response_target_hours(*, organisation: Organisation) -> float | None:
    """The organisation's strictest reply target, from its official accounts."""
    targets = OfficialAccount.objects.filter(organisation=organisation, is_active=True).values_list(
        "response_target_hours", flat=True
    )
    return float(min(targets)) if targets else None


def sso_endpoints() -> list[str]:
    """The identity provider's endpoints the web hosts call, when single sign-on is on."""
    if not getattr(settings, "OIDC_RP_CLIENT_ID", ""):
        return []
    names = ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
    return [str(getattr(settings, name, "") or "") for name in names]


def organisation_risk_report(*, organisation: Organisation, start: date, end: date) -> RiskReport:
    """The organisation's risk, benefit and cost report for the days from `start` to `end`."""
    return summarise(
        report_records(organisation=organisation, start=start, end=end),
        organisation=organisation.name,
        start=start,
        end=end,
        account_names=report_account_names(organisation=organisation),
        response_target_hours=report_response_target_hours(organisation=organisation),
        generated_at=timezone.now(),
    )
