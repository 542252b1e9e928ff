from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for development: `manage.py seed_demo` and the data files it reads.

    Installed by the development and test settings only; no app of the portal imports it."""

    name = "demo"
    verbose_name = "Demo content (development only)"
