from django.urls import URLPattern, URLResolver, path

from govsocial.it import views

app_name = "it"

urlpatterns: list[URLPattern | URLResolver] = [
    path("o/<slug:org>/it/egress/", views.egress_page, name="egress"),
    path("o/<slug:org>/it/report/", views.report_page, name="report"),
]
