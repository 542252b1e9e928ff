from django.apps import AppConfig


class LiaisonPagesConfig(AppConfig):
    name = "liaison_pages"
    verbose_name = "Librarians, guides and news"

    def ready(self):
        from . import caching

        caching.connect()
