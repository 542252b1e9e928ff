from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.caching import PublicPageCacheMixin, public_pages
from core.images import card_images
from core.panels import DraftInlinePanel
from liaison_pages.models import BlogPostPage, GuidePage
from taxonomy.models import Programme


class HomePage(PublicPageCacheMixin, Page):
    """What the service is, a find-your-librarian picker, featured guides and the latest news."""

    headline = models.CharField(max_length=150, default="Your personal librarian")
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("headline"),
        FieldPanel("intro"),
        DraftInlinePanel(
            "featured_guides", label="Featured guide", heading="Featured guides", max_num=6
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_featured_guides(self):
        ids = [f.guide_id for f in self.featured_guides.all()]
        guides = {
            g.pk: g
            for g in public_pages(GuidePage.objects).filter(pk__in=ids).select_related("liaison")
        }
        return [guides[i] for i in ids if i in guides]

    def get_latest_posts(self, limit=3):
        return card_images(
            public_pages(BlogPostPage.objects).select_related("author"), "listing_image"
        ).order_by("-date", "-id")[:limit]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_guides"] = self.get_featured_guides()
        context["latest_posts"] = self.get_latest_posts()
        context["programmes"] = (
            Programme.objects.filter(is_active=True).order_by("name").only("code", "name")
        )
        return context


class FeaturedGuide(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_guides")
    guide = models.ForeignKey("liaison_pages.GuidePage", on_delete=models.CASCADE, related_name="+")

    # A draft may be saved before the guide is chosen (the row is left out of it, see core.panels);
    # publishing needs the choice.
    panels = [FieldPanel("guide", required_on_save=False)]
