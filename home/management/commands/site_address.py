"""Point Wagtail's default Site at the address the portal is served on, so that every absolute link
made from it (the sitemap, the API's ``html_url``, vCards, "View live" in the admin) has the right
host and port. ``make run`` runs it with ``PORTAL_BASE_URL`` from ``HOST`` and ``PORT``."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


def site_address(base_url):
    """(hostname, port) of a base URL such as ``http://127.0.0.1:8123``."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) address: {base_url!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def follow_base_url(base_url=None):
    """Set the default Site's hostname and port from ``base_url`` (default: the portal's
    ``WAGTAILADMIN_BASE_URL``). Returns the site, or None when there is no default site yet."""
    hostname, port = site_address(base_url or settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site


class Command(BaseCommand):
    help = "Make the default Wagtail site's hostname and port follow the portal's base URL."

    def add_arguments(self, parser):
        parser.add_argument(
            "base_url",
            nargs="?",
            help="e.g. http://127.0.0.1:8123 (default: WAGTAILADMIN_BASE_URL)",
        )

    def handle(self, *args, base_url=None, **options):
        try:
            site = follow_base_url(base_url)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if site is None:
            self.stdout.write("No default site yet (seed_demo or the admin makes one).")
        else:
            self.stdout.write(f"Site {site.site_name or site.pk}: {site.root_url}")
