"""Pictures that never take a page down with them.

An image record can outlive its file: a database restored without the media folder, object storage
that is briefly unreachable, a file removed by hand. Wagtail then raises ``SourceImageIOError`` (or,
for other storages, whatever the storage raises) when it needs a new rendition. A picture is never
worth a failed page, feed or API answer, so every place that shows one asks ``safe_rendition`` and
leaves the picture out when it gets None. The template side is ``{% image %}`` from
``portal_images`` (``liaison_pages/templatetags/portal_images.py``).
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

# One warning per image in this period (per cache: all workers share it with Redis), so a crawl
# or a busy listing does not write the same line for every request.
LOG_EVERY_SECONDS = 3600


def safe_rendition(image, spec):
    """The rendition of `image` for `spec` (a filter spec string or a Wagtail ``Filter``), or None
    when there is no image or its original file cannot be read."""
    if image is None:
        return None
    try:
        return image.get_rendition(spec)
    except Exception as exc:  # the storage decides what a missing or unreachable file raises
        _log_missing(image, exc)
        return None


def _log_missing(image, exc):
    if cache.add(f"portal:missing-image:{image.pk}", True, LOG_EVERY_SECONDS):
        logger.warning(
            "Image %s (%s): the original file is missing or unreadable, so pages show no "
            "picture for it (%s: %s)",
            image.pk,
            image.file.name,
            type(exc).__name__,
            exc,
        )
