from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "partenaria.dashboard"
    label = "dashboard"
