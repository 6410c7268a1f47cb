from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govsocial.accounts"
    label = "accounts"
