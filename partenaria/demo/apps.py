from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "partenaria.demo"
    label = "demo"
