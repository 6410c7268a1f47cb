from __future__ import annotations

from django.db.models import QuerySet

from govsocial.accounts.models import Organisation
from govsocial.records.models import AuditRecord


def audit_list(*, organisation: Organisation) -> QuerySet[AuditRecord]:
    """The organisation's audit records, most recent first (page through it; it only grows)."""
    return (
        AuditRecord.objects.filter(organisation=organisation)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
