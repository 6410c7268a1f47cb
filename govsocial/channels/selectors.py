from __future__ import annotations

from django.db.models import QuerySet

from govsocial.accounts.models import Organisation
from govsocial.channels.models import OfficialAccount
from govsocial.core.errors import ApplicationError


def official_account_list(*, organisation: Organisation) -> QuerySet[OfficialAccount]:
    return OfficialAccount.objects.filter(organisation=organisation).select_related("named_owner")


def official_account_get(*, organisation: Organisation, pk: int) -> OfficialAccount | None:
    return official_account_list(organisation=organisation).filter(pk=pk).first()


def official_account_list_by_ids(
    *, organisation: Organisation, ids: list[int]
) -> list[OfficialAccount]:
    """The active accounts with these ids; refuses any id not in the organisation's register."""
    found = list(
        OfficialAccount.objects.filter(organisation=organisation, pk__in=ids, is_active=True)
    )
    missing = sorted(set(ids) - {a.pk for a in found})
    if missing:
        raise ApplicationError(
            f"Accounts {missing} are not in this organisation's official account register.",
            field="accounts",
        )
    return found
