from django.urls import URLPattern, URLResolver, path

from govsocial.web.views import it_reports

app_name = "it"

urlpatterns: list[URLPattern | URLResolver] = [
    path("o/<slug:org>/it/egress/", it_reports.egress_page, name="egress"),
    path("o/<slug:org>/it/report/", it_reports.report_page, name="report"),
]
