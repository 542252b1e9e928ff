from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial roles and workflow"

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import policy_registry

        from .permissions import EditorialPagePermissionPolicy, permissions_for_user

        # Every admin view asks `page.permissions_for_user(user)` before acting (edit, publish,
        # unpublish, delete, move, copy, preview, history, revisions, bulk actions). Wagtail lets a
        # page model override that method; doing it once here keeps the portal's ownership rules
        # in one place (editorial/permissions.py) instead of on each page model.
        Page.permissions_for_user = permissions_for_user
        # Listings ask the page permission policy instead; it gets the same rules.
        policy_registry.register(AbstractPage, EditorialPagePermissionPolicy())
