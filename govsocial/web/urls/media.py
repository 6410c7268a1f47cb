from django.urls import path

from govsocial.web.views import media

app_name = "publishing"

urlpatterns = [
    path("public/media/<str:token>", media.signed_media, name="signed_media"),
]
