"""Ingest: poll each official account's connector and store each inbound item once.

Each page is stored by `store.store_page()` in one transaction, and only then does the account's
cursor move on. A failure anywhere rolls the page back and leaves the cursor where it was, so the next poll
fetches the same page again and nothing is lost or stored twice.

Rate limits, outages and expired tokens back the one account off (`InboxCursor.backoff_until`)
and never stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from govsocial.channels.models import OfficialAccount
from govsocial.connectors.base import Connector
from govsocial.connectors.errors import (
    AuthExpired,
    ConnectorConfigError,
    ConnectorError,
    RateLimited,
)
from govsocial.inbox.models import InboxCursor, InboxSettings
from govsocial.inbox.services.store import PageOutcome, store_page

__all__ = ["PageOutcome", "SyncResult", "inbox_sync", "inbox_sync_account", "store_page"]

logger = logging.getLogger("govsocial.inbox")

ConnectorFactory = Callable[[OfficialAccount], Connector]

MAX_PAGES_PER_SYNC = 10
BASE_BACKOFF = timedelta(seconds=60)
MAX_BACKOFF = timedelta(hours=1)
NEEDS_A_PERSON_BACKOFF = timedelta(hours=1)


@dataclass
class SyncResult:
    account_id: int
    account: str
    status: str  # ok, backing_off, rate_limited, down, auth_expired, not_configured, error
    stored: int = 0
    duplicates: int = 0
    unreadable: int = 0
    pages: int = 0
    message: str = ""
    retry_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "account": self.account,
            "status": self.status,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "unreadable": self.unreadable,
            "pages": self.pages,
            "message": self.message,
            "retry_at": self.retry_at.isoformat() if self.retry_at else None,
        }


def default_connector_factory(account: OfficialAccount) -> Connector:
    """The account's connector, built by the register from its stored (encrypted) credentials.

    A deployment may name another factory in the `GOVSOCIAL_INBOX_CONNECTOR_FACTORY` setting
    (a dotted path to `f(account) -> Connector`). An account that cannot be connected shows why
    on the inbox overview, and is tried again after an hour.
    """
    try:
        from govsocial.channels.services import connector_for_account
    except ImportError:  # an older register without stored credentials
        from govsocial.connectors.registry import connector_for

        credentials = {"instance_url": account.instance_url} if account.instance_url else {}
        return connector_for(account.network, credentials=credentials)
    try:
        return connector_for_account(account)
    except ConnectorError:
        raise
    except Exception as exc:  # not registered, credentials unreadable, ...
        message = getattr(exc, "message", "") or str(exc) or type(exc).__name__
        raise ConnectorConfigError(f"cannot connect: {message}", network=account.network) from exc


def configured_connector_factory() -> ConnectorFactory:
    path = getattr(django_settings, "GOVSOCIAL_INBOX_CONNECTOR_FACTORY", "")
    if path:
        factory: ConnectorFactory = import_string(path)
        return factory
    return default_connector_factory


# --- polling -------------------------------------------------------------------------------


def inbox_sync(
    *,
    connector_factory: ConnectorFactory | None = None,
    now: datetime | None = None,
    accounts: Iterable[OfficialAccount] | None = None,
) -> list[SyncResult]:
    """One poll of every active account (the worker's periodic job). Never raises for one account."""
    factory = connector_factory or configured_connector_factory()
    chosen = (
        accounts
        if accounts is not None
        else OfficialAccount.objects.filter(is_active=True).select_related("organisation")
    )
    results = []
    for account in chosen:
        try:
            results.append(inbox_sync_account(account=account, connector_factory=factory, now=now))
        except Exception as exc:  # one account's bug must not stop the others
            logger.exception("inbox.sync_failed account=%s", account.pk)
            results.append(SyncResult(account.pk, str(account), "error", message=_one_line(exc)))
    return results


def inbox_sync_periodic() -> None:
    """Entry point for the worker (registered in apps.py)."""
    for result in inbox_sync():
        if result.status != "ok" and result.status != "backing_off":
            logger.warning(
                "inbox.sync account=%s status=%s %s",
                result.account_id,
                result.status,
                result.message,
            )


def inbox_sync_account(
    *,
    account: OfficialAccount,
    connector_factory: ConnectorFactory | None = None,
    now: datetime | None = None,
    max_pages: int = MAX_PAGES_PER_SYNC,
) -> SyncResult:
    """Fetch and store new items for one account, page by page, unless it is backing off."""
    moment = now or timezone.now()
    settings = InboxSettings.objects.filter(account=account).first()
    if settings is not None and not settings.polling_enabled:
        return SyncResult(account.pk, str(account), "disabled", message="polling is turned off")
    cursor_row, _ = InboxCursor.objects.get_or_create(account=account)
    result = SyncResult(account.pk, str(account), "ok")
    if cursor_row.backoff_until and cursor_row.backoff_until > moment:
        result.status = "backing_off"
        result.retry_at = cursor_row.backoff_until
        result.message = cursor_row.last_error
        return result
    factory = connector_factory or configured_connector_factory()
    connector: Connector | None = None
    try:
        connector = factory(account)
        for _ in range(max_pages):
            before = cursor_row.cursor or None
            page = connector.fetch_inbound(before)
            outcome = store_page(account=account, page=page, settings=settings, now=moment)
            result.pages += 1
            result.stored += outcome.stored
            result.duplicates += outcome.duplicates
            result.unreadable += outcome.unreadable
            cursor_row.refresh_from_db()
            moved = (cursor_row.cursor or None) != before
            if not (page.items or page.unreadable) or not moved:
                break
    except RateLimited as exc:
        wait = (
            timedelta(seconds=exc.retry_after)
            if exc.retry_after
            else _exponential(cursor_row.failures)
        )
        _back_off(cursor_row, moment, wait, f"rate limited: {exc}", result, "rate_limited")
    except (AuthExpired, ConnectorConfigError) as exc:
        status = "auth_expired" if isinstance(exc, AuthExpired) else "not_configured"
        _back_off(cursor_row, moment, NEEDS_A_PERSON_BACKOFF, str(exc), result, status)
    except ConnectorError as exc:  # PlatformDown, MalformedResponse, BadRequest, ...
        _back_off(cursor_row, moment, _exponential(cursor_row.failures), str(exc), result, "down")
    except Exception as exc:  # a connector bug: back off like an outage, keep the others going
        logger.exception("inbox.sync_account_failed account=%s", account.pk)
        _back_off(
            cursor_row, moment, _exponential(cursor_row.failures), _one_line(exc), result, "error"
        )
    finally:
        if connector is not None:
            connector.close()
    if result.status == "ok":
        InboxCursor.objects.filter(pk=cursor_row.pk).update(
            last_attempt_at=moment,
            last_success_at=moment,
            failures=0,
            backoff_until=None,
            last_error="",
        )
    return result


def _exponential(failures: int) -> timedelta:
    return min(BASE_BACKOFF * (2 ** min(failures, 10)), MAX_BACKOFF)


def _back_off(
    cursor_row: InboxCursor,
    moment: datetime,
    wait: timedelta,
    message: str,
    result: SyncResult,
    status: str,
) -> None:
    until = moment + wait
    InboxCursor.objects.filter(pk=cursor_row.pk).update(
        backoff_until=until,
        failures=cursor_row.failures + 1,
        last_error=message[:500],
        last_attempt_at=moment,
    )
    result.status = status
    result.retry_at = until
    result.message = message


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:500]
