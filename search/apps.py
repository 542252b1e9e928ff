from django.apps import AppConfig


class SearchConfig(AppConfig):
    label = "portal_search"
    name = "search"
