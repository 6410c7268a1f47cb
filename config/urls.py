from django.urls import include, path

from govsocial.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("govsocial.accounts.urls")),
    path("", include("govsocial.inbox.urls")),
    path("", include("govsocial.it.urls")),
    path("", include("govsocial.publishing.urls")),
    path("", include("govsocial.records.urls")),
    path("", include("govsocial.web.urls")),
]

handler404 = "govsocial.web.views.errors.not_found"
handler403 = "govsocial.web.views.errors.forbidden"
handler500 = "govsocial.web.views.errors.server_error"
