from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "govsocial.api"
    label = "api"
