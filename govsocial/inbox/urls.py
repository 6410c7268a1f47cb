from django.urls import URLPattern, URLResolver

app_name = "inbox"

urlpatterns: list[URLPattern | URLResolver] = []
