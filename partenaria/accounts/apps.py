from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "partenaria.accounts"
    label = "accounts"
