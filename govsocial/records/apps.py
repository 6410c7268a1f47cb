from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "govsocial.records"
    label = "records"
