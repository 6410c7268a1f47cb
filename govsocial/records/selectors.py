from __future__ import annotations

from django.db.models import QuerySet

from govsocial.accounts.models import Organisation
from govsocial.records.models import AuditRecord


def audit_list(*, organisation: Organisation, limit: int = 50) -> QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(organisation=organisation).order_by("-created_at", "-id")[
        :limit
    ]
