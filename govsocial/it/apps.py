from django.apps import AppConfig


class ItConfig(AppConfig):
    name = "govsocial.it"
    label = "it"
