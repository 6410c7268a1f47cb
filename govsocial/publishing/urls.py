from django.urls import path

from govsocial.publishing import views

app_name = "publishing"

urlpatterns = [
    path("public/media/<str:token>", views.signed_media, name="signed_media"),
]
