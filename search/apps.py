from django.apps import AppConfig


class SearchConfig(AppConfig):
    label = "portal_search"
    name = "search"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion

        from taxonomy.models import Subject

        # The site search keeps the subjects' librarians and the promoted queries under the page
        # cache's generation (core.caching); a change to either starts a new one.
        for model in (Subject, SearchPromotion, Query):
            label = model._meta.label_lower
            post_save.connect(_changed, sender=model, dispatch_uid=f"search-{label}-saved")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"search-{label}-deleted")


def _changed(sender, **kwargs):
    from core import caching

    caching.invalidate()
