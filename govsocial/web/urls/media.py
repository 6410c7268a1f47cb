from django.urls import path

from govsocial.publishing.media import SIGNED_MEDIA_PATH
from govsocial.web.views import media

app_name = "publishing"

urlpatterns = [
    path(SIGNED_MEDIA_PATH + "<str:token>", media.signed_media, name="signed_media"),
]
