from __future__ import annotations

from django.db.models import QuerySet

from govsocial.accounts.models import Organisation
from govsocial.channels.models import OfficialAccount


def official_account_list(*, organisation: Organisation) -> QuerySet[OfficialAccount]:
    return OfficialAccount.objects.filter(organisation=organisation).select_related("named_owner")


def official_account_get(*, organisation: Organisation, pk: int) -> OfficialAccount | None:
    return official_account_list(organisation=organisation).filter(pk=pk).first()
