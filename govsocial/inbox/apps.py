from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "govsocial.inbox"
    label = "inbox"
