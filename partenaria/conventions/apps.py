from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "partenaria.conventions"
    label = "conventions"
