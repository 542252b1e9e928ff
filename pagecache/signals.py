"""Bump the page-cache generation whenever content that a public page may show changes.

Rather than list the models public pages read (and miss the next one added), every save or delete
invalidates, except for models that never appear on a public page or change on every request:
sessions, accounts, revisions and logs, renditions, search index rows, tasks, students and messages.
Wagtail's publish, unpublish and move signals are connected as well, for clarity.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache as pagecache

IGNORED_APPS = {
    "sessions",
    "contenttypes",
    "admin",
    "auth",
    "account",  # allauth: email addresses, confirmations
    "socialaccount",
    "django_tasks_db",
    "wagtailusers",
    "wagtailadmin",
    "wagtailsearch",
    "students",
    "inbox",
    "pagecache",
}
IGNORED_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.commentreply",
    "wagtailcore.comment",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailimages.rendition",  # made while pages render; a new rendition changes no page
}


def _relevant(model):
    meta = model._meta
    return meta.app_label not in IGNORED_APPS and meta.label_lower not in IGNORED_MODELS


def _on_change(sender, created=False, **kwargs):
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return  # made with its defaults on first read, while a page renders: nothing changed
    if _relevant(sender):
        pagecache.bump()


def _on_m2m_change(sender, action, **kwargs):
    if (
        action.startswith("post_")
        and _relevant(kwargs["model"])
        and _relevant(type(kwargs["instance"]))
    ):
        pagecache.bump()


def _on_page_signal(sender, **kwargs):
    pagecache.bump()


def connect():
    post_save.connect(_on_change, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_change, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="pagecache-m2m")
    page_published.connect(_on_page_signal, dispatch_uid="pagecache-published")
    page_unpublished.connect(_on_page_signal, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_on_page_signal, dispatch_uid="pagecache-moved")
