"""The IT REST API: the egress allow-list and the risk, benefit and cost report, for ICT's scripts.

GET /api/v1/organisations/{org}/it/egress   what the proxy must allow (as `govsocial it egress`)
GET /api/v1/organisations/{org}/it/report   the report's numbers for ?start=&end= (ISO dates)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.api.auth import api_organisation
from govsocial.api.schemas.common import ERRORS
from govsocial.api.schemas.types import DateText, Slug
from govsocial.connectors.errors import ConnectorConfigError
from govsocial.core.errors import ApplicationError
from govsocial.it.egress import egress_report
from govsocial.it.report import MAX_REPORT_DAYS
from govsocial.it.selectors import (
    egress_accounts,
    organisation_risk_report,
    sso_endpoints,
)

router = Router(tags=["it"])


def _it_organisation(request: HttpRequest, org: str) -> Organisation:
    return api_organisation(
        request,
        org,
        action=Action.IT_ADMIN,
        refusal="Only an IT admin of this organisation can see this.",
    )


@router.get(
    "/organisations/{org}/it/egress",
    response={200: dict[str, Any], **ERRORS},
    summary="Host names and ports the proxy must allow",
)
def egress(request: HttpRequest, org: Slug) -> dict[str, Any]:
    organisation = _it_organisation(request, org)
    try:
        report = egress_report(
            egress_accounts(organisation=organisation), sso_endpoints=sso_endpoints()
        )
    except ConnectorConfigError as exc:
        raise ApplicationError(f"The egress settings cannot be read: {exc}") from None
    return report.as_dict()


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApplicationError(
            f"{name} must be a date such as 2026-09-01, not {value!r}", field=name
        ) from None


@router.get(
    "/organisations/{org}/it/report",
    response={200: dict[str, Any], **ERRORS},
    summary="The risk, benefit and cost report",
)
def report(
    request: HttpRequest, org: Slug, start: DateText = "", end: DateText = ""
) -> dict[str, Any]:
    organisation = _it_organisation(request, org)
    today = timezone.now().date()
    last = _date(end, "end") if end else today
    first = _date(start, "start") if start else last - timedelta(days=89)
    if last < first:
        raise ApplicationError("end must be the same as or after start", field="end")
    if (last - first).days > MAX_REPORT_DAYS:
        raise ApplicationError("Choose a period of at most two years", field="end")
    result = organisation_risk_report(organisation=organisation, start=first, end=last)
    return {
        "organisation": result.organisation,
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "headline": {row.label: row.value for row in result.headline},
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "unit": s.unit,
                "rows": [{"label": r.label, "value": r.value, "note": r.note} for r in s.rows],
            }
            for s in result.series
        ],
        "overrides": [
            {"when": o.when.isoformat(), "who": o.who, "rule": o.rule, "reason": o.reason}
            for o in result.overrides
        ],
    }
