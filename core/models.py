"""What every other app of the portal builds on: the site-wide settings editors change and the
shape the section index pages share. This app imports nothing of ours but ``taxonomy``."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


@register_setting(icon="cog")
class PortalSettings(BaseGenericSetting):
    """Site-wide facts that editors change without a deployment (one set for the whole portal).

    Templates read them as ``{{ settings.core.PortalSettings.reply_time }}`` (Wagtail's
    ``settings`` context processor); code as ``PortalSettings.load(request_or_site=request)``."""

    catalogue_search_url = models.URLField(
        default="https://catalogue.library.example.edu/search",
        help_text="Guide search boxes send the query here as ?q=…",
    )
    catalogue_query_param = models.CharField(max_length=30, default="q")
    general_enquiries_email = models.EmailField(default="ask@library.example.edu")
    reply_time = models.CharField(
        max_length=80, default="two working days", help_text="Told to everyone who sends a message."
    )
    footer_text = models.CharField(
        max_length=250, blank=True, default="University Library · Liaison Librarian Programme"
    )

    panels = [
        FieldPanel("catalogue_search_url"),
        FieldPanel("catalogue_query_param"),
        FieldPanel("general_enquiries_email"),
        FieldPanel("reply_time"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "portal settings"


class IndexPage(Page):
    """A section's listing under the home page (/librarians/, /guides/, /news/, /services/, …):
    one per site, an introduction, and the page type it holds in ``subpage_types``."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    show_in_menus_default = True  # a section of the main navigation

    class Meta:
        abstract = True
