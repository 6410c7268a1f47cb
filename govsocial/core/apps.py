from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govsocial.core"
    label = "core"
