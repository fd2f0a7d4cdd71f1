from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "partenaria.organisations"
    label = "organisations"
