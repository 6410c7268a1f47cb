from django.urls import URLPattern, URLResolver

app_name = "it"

urlpatterns: list[URLPattern | URLResolver] = []
