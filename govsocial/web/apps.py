from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "govsocial.web"
    label = "web"
