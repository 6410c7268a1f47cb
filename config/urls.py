from django.urls import include, path

from govsocial.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("govsocial.web.urls.accounts")),
    path("", include("govsocial.web.urls.inbox")),
    path("", include("govsocial.web.urls.it")),
    path("", include("govsocial.web.urls.media")),
    path("", include("govsocial.web.urls.public_log")),
    path("", include("govsocial.web.urls.desk")),
]

handler404 = "govsocial.web.views.errors.not_found"
handler403 = "govsocial.web.views.errors.forbidden"
handler500 = "govsocial.web.views.errors.server_error"
