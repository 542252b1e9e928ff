"""Cards show a picture (a librarian's photo, a post's listing image): load their renditions with
the listing, so a page costs the same queries with 5 cards or 500."""

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model


def _renditions():
    return get_image_model().get_rendition_model().objects.all()


def card_images(queryset, field="photo"):
    """Prefetch the renditions of the image in ``field`` that cards show: no query per card."""
    return queryset.select_related(field).prefetch_related(
        Prefetch(f"{field}__renditions", queryset=_renditions())
    )


def prefetch_renditions(images):
    """Load the renditions of several images (of any pages) in one query, as ``card_images``
    does for one listing. ``None`` entries are skipped."""
    images = [image for image in images if image is not None]
    if images:
        prefetch_related_objects(images, Prefetch("renditions", queryset=_renditions()))
    return images
