"""IT admin pages: what the proxy must allow, and the risk, benefit and cost report."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.connectors.errors import ConnectorConfigError
from govsocial.it.egress import egress_report
from govsocial.it.report import csv_rows, safe_csv_cell
from govsocial.it.selectors import (
    egress_accounts,
    organisation_risk_report,
    sso_endpoints,
)
from govsocial.web.charts import bar_chart
from govsocial.web.forms.it import ReportPeriodForm
from govsocial.web.views.decorators import organisation_view


@organisation_view(Action.IT_ADMIN)
def egress_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    error = ""
    report = None
    try:
        report = egress_report(
            egress_accounts(organisation=organisation), sso_endpoints=sso_endpoints()
        )
    except ConnectorConfigError as exc:
        error = f"The egress settings cannot be read: {exc}. Fix the environment and reload."
    return render(
        request,
        "it/egress.html",
        {"organisation": organisation, "report": report, "error": error},
    )


@organisation_view(Action.IT_ADMIN)
def report_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    data = request.GET if "start" in request.GET or "end" in request.GET else None
    today = timezone.now().date()
    form = ReportPeriodForm(data or ReportPeriodForm.default_period(today))
    if not form.is_valid():
        return render(
            request,
            "it/report.html",
            {"organisation": organisation, "form": form, "report": None},
            status=400 if data is not None else 200,
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    report = organisation_risk_report(organisation=organisation, start=start, end=end)
    name = f"govsocial-report-{organisation.slug}-{start.isoformat()}-to-{end.isoformat()}"
    wanted = request.GET.get("format", "")
    if wanted == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        writer = csv.writer(response)
        for row in csv_rows(report):
            writer.writerow([safe_csv_cell(cell) for cell in row])
        return response
    if wanted == "pdf":
        from govsocial.it.pdf import report_pdf

        response = HttpResponse(report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    sections = [{"series": s, "chart": bar_chart(s)} for s in report.series]
    return render(
        request,
        "it/report.html",
        {
            "organisation": organisation,
            "form": form,
            "report": report,
            "sections": sections,
            "query": query,
        },
    )
