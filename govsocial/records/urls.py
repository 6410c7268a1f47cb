from django.urls import path

from govsocial.records import views

app_name = "records"

urlpatterns = [
    path("public/<slug:org>/log/", views.public_log, name="public_log"),
    path(
        "public/<slug:org>/log/entry/<int:index>/", views.public_log_entry, name="public_log_entry"
    ),
    path(
        "public/<slug:org>/log/checkpoint",
        views.public_log_checkpoint,
        name="public_log_checkpoint",
    ),
    path("public/<slug:org>/log/key", views.public_log_key, name="public_log_key"),
    path("public/<slug:org>/log/tile/<path:tile>", views.public_log_tile, name="public_log_tile"),
]
