"""Loading what ``merge`` needs for each recipient, once per campaign rather than once per email:
the cleaned body for each librarian (their adaptation or the original), each librarian's name,
photo and booking link, and the guides for each programme."""

from django.conf import settings
from django.utils.html import escape
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import expand_db_html

from liaison_pages.models import GuidePage, LiaisonPage

from . import merge
from .models import Campaign
from .sanitise import clean_html

GUIDES_PER_EMAIL = 5
PHOTO_SPEC = "fill-120x120"


def absolute(url):
    if not url or url.startswith(("http://", "https://")):
        return url or ""
    return settings.PORTAL_BASE_URL.rstrip("/") + "/" + url.lstrip("/")


class RenderContext:
    """Everything shared between the recipients of one campaign, loaded on first use."""

    def __init__(self, campaign):
        self.campaign = campaign
        self.base = settings.PORTAL_BASE_URL
        self.adaptations = {a.liaison_id: a for a in campaign.adaptations.all()}
        self._templates = {}
        self._librarians = {}
        self._guides = {}
        self._digest = None

    def digest_listing(self):
        if self._digest is None:
            self._digest = ""
            if self.campaign.kind == Campaign.Kind.DIGEST:
                pages = (
                    self.campaign.pages.live().public().specific().order_by("-first_published_at")
                )
                items = "".join(
                    f'<li><a href="{escape(absolute(p.get_url()))}">{escape(p.title)}</a></li>'
                    for p in pages
                )
                self._digest = f"<ul>{items}</ul>" if items else ""
        return self._digest

    def template(self, liaison_id):
        """(subject, cleaned body) for the students of this librarian."""
        if liaison_id not in self._templates:
            adaptation = self.adaptations.get(liaison_id)
            subject = self.campaign.subject
            body = self.campaign.body
            if adaptation is not None:
                subject = adaptation.subject or subject
                body = adaptation.body
            cleaned = clean_html(expand_db_html(body), self.base) + self.digest_listing()
            self._templates[liaison_id] = (subject, cleaned)
        return self._templates[liaison_id]

    def librarian(self, liaison):
        if liaison.pk not in self._librarians:
            self._librarians[liaison.pk] = merge.Librarian(
                name=liaison.title,
                email=liaison.email,
                photo_url=photo_url(liaison),
                booking_url=liaison.booking_url or absolute(liaison.get_url()),
            )
        return self._librarians[liaison.pk]

    def guides(self, programme_id):
        if programme_id is None:
            return ()
        if programme_id not in self._guides:
            pages = (
                GuidePage.objects.live()
                .public()
                .filter(programmes=programme_id)
                .order_by("title")[:GUIDES_PER_EMAIL]
            )
            self._guides[programme_id] = tuple(
                merge.Guide(title=p.title, url=absolute(p.get_url())) for p in pages
            )
        return self._guides[programme_id]


def photo_url(liaison):
    if not liaison.photo_id:
        return ""
    try:
        return absolute(liaison.photo.get_rendition(PHOTO_SPEC).url)
    except (SourceImageIOError, OSError):
        return ""  # a missing original: the email goes without the photo


def recipient_of(student):
    programme = student.programme.name if student.programme_id else "your programme"
    return merge.Recipient(preferred_name=student.display_name, programme=programme)


def render(campaign, student, liaison=None, context=None):
    """What ``student`` reads for ``campaign``, from ``liaison`` (default: their librarian)."""
    context = context or RenderContext(campaign)
    if liaison is None:
        assignment = student.current_assignment()
        liaison = assignment.liaison if assignment else None
    if liaison is None:
        return None
    subject, body = context.template(liaison.pk)
    return merge.merge(
        subject,
        body,
        recipient_of(student),
        context.librarian(liaison),
        context.guides(student.programme_id),
    )


def liaisons_by_id(ids):
    return LiaisonPage.objects.in_bulk(ids)
