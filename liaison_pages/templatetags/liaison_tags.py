import logging

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException

from liaison_pages.blocks import outline

register = template.Library()
logger = logging.getLogger(__name__)


@register.filter
def with_heading_levels(stream):
    """`{% for block, level in page.body|with_heading_levels %}`: each block with the heading level
    it renders at (see ``liaison_pages.blocks.outline``)."""
    return list(outline(stream))


@register.simple_tag
def video_embed(url):
    """The oEmbed player when PORTAL_VIDEO_EMBEDS is on and the provider answers; otherwise nothing,
    and the template's plain link stands alone. Never raises."""
    if not settings.PORTAL_VIDEO_EMBEDS:
        return ""
    try:
        return mark_safe(embeds.get_embed(url).html)  # noqa: S308 - HTML from the configured oEmbed finder
    except (EmbedException, OSError) as exc:
        logger.info("Video embed unavailable for %s: %s", url, exc)
        return ""
