"""Serving uploaded media from this process: images only.

Documents live under ``MEDIA_ROOT/documents/`` but must only ever leave through Wagtail's serve view
(``/documents/<id>/<name>``), which checks the collection's privacy and sends safe headers. A
pattern that excludes ``documents/`` is not enough: ``/media//documents/…``, ``/media/./documents/…``
and ``/media/x/../documents/…`` all name the same file once ``django.views.static.serve`` has
normalised them. So the path is normalised first and served only if it then lies inside one of the
folders Wagtail's images use (originals and renditions).
"""

import posixpath
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

SERVED_FOLDERS = ("images", "original_images")


def servable_path(path):
    """``path`` normalised, if it names a file inside one of SERVED_FOLDERS; otherwise None."""
    if "\\" in path or "\x00" in path:
        return None
    normalised = posixpath.normpath(path).lstrip("/")
    folder, _, rest = normalised.partition("/")
    if folder not in SERVED_FOLDERS or not rest:
        return None
    return normalised


def serve_media(request, path):
    normalised = servable_path(path)
    if normalised is None:
        raise Http404("Not a public media file")
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)


def media_urlpatterns():
    """The media URL pattern, unless media has its own origin (object storage or a CDN)."""
    prefix = settings.MEDIA_URL
    if not prefix or urlsplit(prefix).netloc:
        return []
    return [re_path(rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.+)$", serve_media)]
