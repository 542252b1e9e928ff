"""The one page tree every test builds on: root → home (the default site's root) → the
librarians directory, the guides and the news index, as `seed_demo` lays them out."""

from wagtail.models import Page, Site

from .pages import (
    BlogIndexPageFactory,
    GuideIndexPageFactory,
    HomePageFactory,
    LiaisonIndexPageFactory,
)


def build_site_tree():
    """Replace Wagtail's welcome page and its site with the portal's tree; return its pages by
    name: ``home``, ``librarians``, ``guides``, ``news``."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()  # Wagtail's "Welcome" page and its site
    home = HomePageFactory(parent=root)
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Liaison"
    )
    return {
        "home": home,
        "librarians": LiaisonIndexPageFactory(parent=home),
        "guides": GuideIndexPageFactory(parent=home),
        "news": BlogIndexPageFactory(parent=home),
    }
