from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal settings and shared building blocks"

    def ready(self):
        from . import caching

        caching.connect()
