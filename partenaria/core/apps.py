from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partenaria.core"
    label = "core"
