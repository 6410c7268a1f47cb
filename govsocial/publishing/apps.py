from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "govsocial.publishing"
    label = "publishing"
