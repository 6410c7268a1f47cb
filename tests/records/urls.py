"""The project's URLs plus the public record, until config/urls.py includes govsocial.records.urls."""

from django.urls import include, path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("", include("govsocial.records.urls")),
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
