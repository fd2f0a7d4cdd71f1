from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "partenaria.deadlines"
    label = "deadlines"
