from django.urls import path

from govsocial.web.views import public_log

app_name = "records"

urlpatterns = [
    path("public/<slug:org>/log/", public_log.public_log, name="public_log"),
    path(
        "public/<slug:org>/log/entry/<index:index>/",
        public_log.public_log_entry,
        name="public_log_entry",
    ),
    path(
        "public/<slug:org>/log/checkpoint",
        public_log.public_log_checkpoint,
        name="public_log_checkpoint",
    ),
    path("public/<slug:org>/log/key", public_log.public_log_key, name="public_log_key"),
    path(
        "public/<slug:org>/log/tile/<path:tile>", public_log.public_log_tile, name="public_log_tile"
    ),
]
