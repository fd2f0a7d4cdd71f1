from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partenaria.core"
    label = "core"

    def ready(self):
        from partenaria.core import stored_state  # noqa: F401  (connects the pre_save check, trust 22)
