import logging

from django import template
from django.conf import settings

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def video_embed(url):
    """The oEmbed player when PORTAL_VIDEO_EMBEDS is on and the provider answers; otherwise nothing,
    and the template's plain link stands alone. Never raises."""
    if not settings.PORTAL_VIDEO_EMBEDS:
        return ""
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedException

    try:
        from django.utils.safestring import mark_safe

        return mark_safe(embeds.get_embed(url).html)  # noqa: S308 - HTML from the configured oEmbed finder
    except (EmbedException, OSError) as exc:
        logger.info("Video embed unavailable for %s: %s", url, exc)
        return ""
