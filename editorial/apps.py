from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial roles and workflow"

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from wagtail.models import AbstractPage
        from wagtail.permissions import policy_registry

        from .permissions import EditorialPagePermissionPolicy

        # Every admin view asks `page.permissions_for_user(user)` before acting: the owned page
        # types answer with this app's tester (wagtail_hooks.py). Listings ask the page
        # permission policy instead; it gets the same rules.
        policy_registry.register(AbstractPage, EditorialPagePermissionPolicy())
