"""Content that liaison librarians own and edit: their profile, subject guides and news posts.

Each page type keeps its queries in named methods (``get_guides()``, ``get_posts()``) that select and
prefetch what the template needs, so a page costs the same number of queries with 5 items or 500.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.caching import (
    PublicPageCacheMixin,
    get_many_or_set,
    get_or_set,
    is_public,
    public_pages,
)
from core.images import card_images
from core.models import IndexPage
from core.pagination import paginate_when_shown
from core.panels import DraftInlinePanel
from core.permissions import OwnedPageMixin
from taxonomy.models import Department, Programme, Subject

from .api import LibrarianField, NamesField, OfficeHoursField, ProgrammesField
from .blocks import GuideStreamBlock, PostStreamBlock
from .feeds import PostFeed
from .panels import COORDINATOR_ONLY, PermissionedInlinePanel, PermissionedPageForm

# Search boosts: a page's title (Wagtail's Page.title has boost=2) and its subjects rank far above
# its body; its summary (job title, intro) in between. Unboosted fields are the body.
TITLE_BOOST = 2
SUMMARY_BOOST = 1


def _lookup(model_or_queryset, field, value):
    """The object whose `field` equals the filter value from the URL, or None (no query when empty)."""
    if not value:
        return None
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return queryset.filter(**{field: value}).first()


# What a link to a page needs (its URL comes from url_path and the site): lists of pages that show
# little more than a title load only these, plus their own fields, instead of every page column.
LISTING_FIELDS = ("id", "title", "slug", "url_path", "depth", "path", "live", "locale")


def librarian_cards(ids):
    """{id: profile} for the live, public profiles among ``ids``, loaded as a librarian card shows
    them (photo renditions and subjects), and kept under the page cache's generation: a card
    costs no query once shown, until a page or the taxonomy changes."""

    def load(missing):
        profiles = card_images(public_pages(LiaisonPage.objects).filter(pk__in=missing))
        return {page.pk: page for page in profiles.prefetch_related("subjects")}

    return get_many_or_set("librarian-card", list(ids), load)


def _card_of(liaison_id):
    """The live, public profile shown as a card on a guide or post, with its photo and subjects."""
    if not liaison_id:
        return None
    return librarian_cards([liaison_id]).get(liaison_id)


def profile_of(user_id):
    """The librarian profile of an account, or None (no query without an account)."""
    if not user_id:
        return None
    return LiaisonPage.objects.filter(user_id=user_id).first()


def offered_programme_codes():
    """[(code, name)] of the offered programmes by name, for the finder's select (kept until the
    taxonomy changes)."""
    programmes = Programme.objects.filter(is_active=True).order_by("name", "pk")
    return get_or_set("offered-programmes", lambda: list(programmes.values_list("code", "name")))


def programme_by_code(code):
    """The programme (with its department and faculty) whose code is ``code`` in any case, or
    None; every programme is kept by code until the taxonomy changes."""
    by_code = get_or_set(
        "programmes-by-code",
        lambda: {
            p.code.casefold(): p for p in Programme.objects.select_related("department__faculty")
        },
    )
    return by_code.get(code.casefold()) if code else None


# --- Librarians ---------------------------------------------------------------------------------


class LiaisonIndexPage(PublicPageCacheMixin, RoutablePageMixin, IndexPage):
    """The librarians directory at /librarians/."""

    subpage_types = ["liaison_pages.LiaisonPage"]

    class Meta:
        verbose_name = "librarians directory"

    def get_liaisons(self, subject=None, department=None, programme=None, q=""):
        """Active librarians; the filters combine (AND), `q` matches every word of the name."""
        liaisons = public_pages(LiaisonPage.objects.child_of(self)).filter(is_active=True)
        if subject:
            liaisons = liaisons.filter(subjects=subject)
        if department:
            liaisons = liaisons.filter(departments=department)
        if programme:
            liaisons = liaisons.filter(programmes=programme)
        for word in q.split()[:5]:
            liaisons = liaisons.filter(title__icontains=word)
        liaisons = liaisons.prefetch_related("subjects").distinct().order_by("title")
        return card_images(liaisons)

    def get_filters(self, request):
        """The chosen subject, department and programme (?subject=slug&department=slug&programme=CODE)
        and name words (?q=); unknown values are ignored."""
        get = {k: "".join(c for c in v[:200] if c.isprintable()) for k, v in request.GET.items()}
        subject, department, programme = (
            get.get(k, "").strip() for k in ("subject", "department", "programme")
        )
        return {
            "subject": _lookup(Subject, "slug", subject[:120]),
            "department": _lookup(Department, "slug", department[:150]),
            "programme": _lookup(Programme, "code__iexact", programme[:20]),
            "q": " ".join(get.get("q", "")[:100].split()),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.get_filters(request)
        # only what the librarians listed here serve
        served = {"liaisons__in": public_pages(LiaisonPage.objects).filter(is_active=True)}
        context.update(
            filters,
            filtered=any(filters.values()),
            liaisons=paginate_when_shown(
                self.get_liaisons(**filters), request.GET.get("page"), per_page=48
            ),
            subjects=Subject.objects.filter(**served).distinct().order_by("name"),
            departments=Department.objects.filter(**served).distinct().order_by("name"),
            programmes=Programme.objects.filter(**served).distinct().order_by("name"),
            lookup_programmes=Programme.objects.filter(is_active=True).only("code", "name"),
        )
        return context

    @path("find/")
    def find_for_programme(self, request):
        """The anonymous "who is my librarian?" lookup: ?programme=CODE. Whom the programme's
        students get is the matching rule's answer, which the template asks ``students`` for
        (``{% librarian_for_programme %}``)."""
        code = (request.GET.get("programme") or "").strip()[:20]
        programme = programme_by_code(code)
        status = 404 if code and programme is None else 200
        return TemplateResponse(
            request,
            "liaison_pages/find_librarian.html",
            {
                "page": self,
                "self": self,
                "programme": programme,
                "code": code,
                "programmes": offered_programme_codes(),
            },
            status=status,
        )


class OfficeHour(Orderable):
    class Day(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        BOTH = "both", "In person or online"

    page = ParentalKey(
        "liaison_pages.LiaisonPage", on_delete=models.CASCADE, related_name="office_hours"
    )
    day = models.PositiveSmallIntegerField(choices=Day.choices)
    start = models.TimeField()
    end = models.TimeField()
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)

    # A row being filled in may be saved as a draft (autosave runs while the liaison types); only
    # publishing needs the day and both times. A profile never published keeps its draft in the
    # database, where the row cannot wait: it is left out of the draft there (core.panels).
    panels = [
        FieldRowPanel(
            [
                FieldPanel("day", required_on_save=False),
                FieldPanel("start", required_on_save=False),
                FieldPanel("end", required_on_save=False),
                FieldPanel("mode"),
            ]
        )
    ]

    class Meta(Orderable.Meta):
        ordering = ["day", "start"]

    def __str__(self):
        times = "–".join(f"{t:%H:%M}" if t else "?" for t in (self.start, self.end))
        return f"{self.get_day_display() or '?'} {times} ({self.get_mode_display()})"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end time must be after the start time."})


class SocialLink(Orderable):
    page = ParentalKey(
        "liaison_pages.LiaisonPage", on_delete=models.CASCADE, related_name="social_links"
    )
    label = models.CharField(max_length=60, help_text="For example: ORCID, Mastodon, LinkedIn.")
    url = models.URLField("link")

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("url")])]

    def __str__(self):
        return self.label


class LiaisonPage(OwnedPageMixin, PublicPageCacheMixin, Page):
    """A liaison librarian's public profile. The page holds the public facts; the linked user the login."""

    owned_kind = "profile"  # its ``user`` owns it (see editorial.permissions)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_profile",
        help_text="The account that signs in to edit this profile and receives its messages.",
    )
    # A copied profile must not take over the original's login (one profile per account).
    exclude_fields_in_copy = ["user"]
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pronouns = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=150)
    bio = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    subjects = ParentalManyToManyField(Subject, blank=True, related_name="liaisons")
    departments = ParentalManyToManyField(Department, blank=True, related_name="liaisons")
    programmes = ParentalManyToManyField(
        Programme,
        blank=True,
        related_name="liaisons",
        help_text="Students on these programmes are matched to this librarian.",
    )
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    office_location = models.CharField(max_length=200, blank=True)
    languages = models.CharField(
        max_length=200, blank=True, help_text="Comma-separated, e.g. English, Spanish."
    )
    booking_url = models.URLField(
        "booking link", blank=True, help_text="A page where students book a consultation."
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive librarians are hidden and never matched."
    )
    accepting_students = models.BooleanField(
        default=True, help_text="New students are matched only while this is on."
    )
    capacity = models.PositiveIntegerField(
        default=150, help_text="How many students this librarian can take in all."
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="messages go to",
        help_text=(
            "Once this librarian is inactive, their profile points here and messages to them go "
            "to this librarian (empty: the general enquiries address)."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("job_title"),
                FieldPanel("pronouns"),
                FieldPanel("photo"),
                FieldPanel("bio"),
            ],
            heading="About you",
        ),
        MultiFieldPanel(
            [
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("office_location"),
                FieldPanel("booking_url"),
                FieldPanel("languages"),
            ],
            heading="Contact",
        ),
        DraftInlinePanel("office_hours", label="Office hours", heading="Office hours"),
        InlinePanel("social_links", label="Link", heading="Social and profile links"),
        # Coordinators only (a liaison's form does not show them; editorial's edit hook refuses a
        # crafted change): what drives matching (departments and programmes served, accepting,
        # capacity), which account a profile is, whether it is active and who answers once not.
        MultiFieldPanel(
            [
                FieldPanel("subjects"),
                FieldPanel("departments", permission=COORDINATOR_ONLY),
                FieldPanel("programmes", permission=COORDINATOR_ONLY),
            ],
            heading="Whom you serve",
        ),
        MultiFieldPanel(
            [
                FieldPanel("accepting_students", permission=COORDINATOR_ONLY),
                FieldPanel("capacity", permission=COORDINATOR_ONLY),
                FieldPanel("is_active", permission=COORDINATOR_ONLY),
                FieldPanel("successor", permission=COORDINATOR_ONLY),
                FieldPanel("user", permission=COORDINATOR_ONLY),
            ],
            heading="Students and account",
        ),
    ]
    # the name and subjects count as titles, the job title as a summary (see TITLE_BOOST)
    search_fields = Page.search_fields + [
        index.SearchField("job_title", boost=SUMMARY_BOOST),
        index.SearchField("bio"),
        index.RelatedFields("subjects", [index.SearchField("name", boost=TITLE_BOOST)]),
        index.RelatedFields("programmes", [index.SearchField("name"), index.SearchField("code")]),
        index.RelatedFields("departments", [index.SearchField("name")]),
        index.FilterField("is_active"),
    ]
    # Open data (/api/v2/pages/?type=liaison_pages.LiaisonPage&fields=…): the public profile.
    api_fields = [
        APIField("job_title"),
        APIField("pronouns"),
        APIField("email"),
        APIField("phone"),
        APIField("office_location"),
        APIField("booking_url"),
        APIField("language_list"),
        APIField("subject_names", serializer=NamesField(source="subjects")),
        APIField("programmes", serializer=ProgrammesField()),
        APIField("office_hours", serializer=OfficeHoursField()),
        APIField("photo", serializer=ImageRenditionField("fill-320x320")),
    ]
    parent_page_types = ["liaison_pages.LiaisonIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "librarian profile"

    def answering_librarian(self):
        """Who answers messages sent to this librarian: themselves while active; once they have
        left, their successor (and on down the line if the successor has left too); None when
        nobody is named: the general enquiries address then."""
        seen, liaison = set(), self
        while liaison is not None and liaison.pk not in seen:
            if liaison.is_active:
                return liaison
            seen.add(liaison.pk)
            liaison = liaison.successor
        return None

    @cached_property
    def language_list(self):
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]

    def get_guides(self):
        # co-edited guides by a subquery rather than a join: no DISTINCT, and the database can
        # look both sets up by index instead of scanning every page
        co_edited = GuideCoEditor.objects.filter(liaison=self).values("page_id")
        return (
            public_pages(GuidePage.objects)
            .filter(Q(liaison=self) | Q(pk__in=co_edited))
            .only(*LISTING_FIELDS, "summary", "last_reviewed")
            .order_by("title")
        )

    def get_posts(self, limit=3, with_images=False):
        """The latest live posts by this librarian; ``with_images`` also loads their listing
        images (not renditions: see ``prefetch_renditions``) for cards."""
        # lists show no body: read only what a link or a card shows
        posts = public_pages(BlogPostPage.objects).filter(author=self)
        if with_images:
            posts = posts.select_related("listing_image").only(
                *LISTING_FIELDS, "date", "intro", "author", "listing_image"
            )
        else:
            posts = posts.only(*LISTING_FIELDS, "date")
        posts = list(posts.order_by("-date", "-id")[:limit])
        for post in posts:
            post.author = self  # known already: no query per card for the byline
        return posts

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # read only when the page's content is not in the cache (see core.caching.content_cache)
        context["guides"] = self.get_guides()
        context["posts"] = SimpleLazyObject(self.get_posts)
        context["office_hours"] = self.office_hours.all()
        if not self.is_active:  # they have left: a pointer to whoever answers now
            context["answering"] = SimpleLazyObject(self.answering_librarian)
        context["message_sent"] = request.GET.get("sent") == "1"
        return context


# --- Guides -------------------------------------------------------------------------------------


class GuideIndexPage(PublicPageCacheMixin, IndexPage):
    """Subject guides at /guides/, filterable by subject and programme."""

    subpage_types = ["liaison_pages.GuidePage"]

    class Meta:
        verbose_name = "guide index"

    def get_guides(self, subject=None, programme=None):
        # only what a guide card shows: title, summary and the owner's name
        guides = public_pages(GuidePage.objects.child_of(self)).select_related("liaison")
        if subject:
            guides = guides.filter(subjects=subject)
        if programme:
            guides = guides.filter(programmes=programme)
        return guides.order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        subject = _lookup(Subject, "slug", request.GET.get("subject", "")[:120])
        programme = _lookup(Programme, "code", request.GET.get("programme", "")[:20])
        context["subject"] = subject
        context["programme"] = programme
        context["subjects"] = (
            Subject.objects.filter(guides__in=public_pages(GuidePage.objects.child_of(self)))
            .distinct()
            .order_by("name")
        )
        context["guides"] = paginate_when_shown(
            self.get_guides(subject, programme), request.GET.get("page"), per_page=24
        )
        return context


class GuideCoEditor(Orderable):
    page = ParentalKey(
        "liaison_pages.GuidePage", on_delete=models.CASCADE, related_name="co_editors"
    )
    liaison = models.ForeignKey(
        LiaisonPage, on_delete=models.CASCADE, related_name="co_edited_guides"
    )

    # A draft may be saved before the co-editor is chosen (the row is left out of it, see
    # core.panels); publishing needs the choice.
    panels = [FieldPanel("liaison", required_on_save=False)]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "liaison"], name="unique_guide_coeditor")
        ]

    def __str__(self):
        return str(self.liaison)


class GuidePage(OwnedPageMixin, PublicPageCacheMixin, Page):
    owned_kind, owner_field = "guide", "liaison"  # and its co-editors edit it

    liaison = models.ForeignKey(
        LiaisonPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_guides",
        verbose_name="owner librarian",
        help_text="Shown in the 'ask your librarian' box.",
    )
    summary = models.TextField(
        max_length=400, help_text="One or two sentences shown in listings and search."
    )
    subjects = ParentalManyToManyField(Subject, blank=True, related_name="guides")
    programmes = ParentalManyToManyField(Programme, blank=True, related_name="guides")
    last_reviewed = models.DateField(default=datetime.date.today)
    body = StreamField(GuideStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                # who owns the guide and who may edit it: coordinators only (see
                # liaison_pages.panels); a guide a liaison creates is theirs
                FieldPanel("liaison", permission=COORDINATOR_ONLY),
                FieldPanel("subjects"),
                FieldPanel("programmes"),
                FieldPanel("last_reviewed"),
            ],
            heading="About this guide",
        ),
        PermissionedInlinePanel(
            "co_editors", label="Co-editor", heading="Co-editors", permission=COORDINATOR_ONLY
        ),
        FieldPanel("body"),
    ]
    base_form_class = PermissionedPageForm
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("body"),
        index.RelatedFields("subjects", [index.SearchField("name", boost=TITLE_BOOST)]),
        index.FilterField("last_reviewed"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("librarian", serializer=LibrarianField(source="liaison")),
        APIField("subject_names", serializer=NamesField(source="subjects")),
        APIField("programmes", serializer=ProgrammesField()),
        APIField("last_reviewed"),
    ]
    parent_page_types = ["liaison_pages.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "subject guide"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.liaison_id:
            self.liaison = profile_of(self.owner_id)  # the librarian who creates it owns it
        return super().save(*args, **kwargs)

    def get_sections(self):
        """The H2 headings of the body, as (anchor, text), for the table of contents."""
        return [
            (f"section-{block.id}", block.value["text"])
            for block in self.body
            if block.block_type == "heading" and block.value["level"] == "h2"
        ]

    def is_due_for_review(self, today=None, months=None):
        months = months or getattr(settings, "GUIDE_REVIEW_MONTHS", 12)
        today = today or timezone.localdate()
        return (today - self.last_reviewed).days > months * 30.5

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = self.get_sections()
        context["sections"] = sections if len(sections) >= 3 else []
        # read only when the page's content is not in the cache (see core.caching.content_cache)
        context["owner"] = SimpleLazyObject(self.get_owner)
        return context

    def get_owner(self):
        """The owner for the "ask your librarian" box, if their profile is live and public, with
        the photo and subjects their card shows."""
        return _card_of(self.liaison_id)

    def get_owner_card(self):
        """The owner named on guide cards, if their profile is live and public (listings select
        it with the guide, so this costs no query)."""
        liaison = self.liaison if self.liaison_id else None
        return liaison if liaison is not None and liaison.live and is_public(liaison) else None


# --- News ---------------------------------------------------------------------------------------


class BlogIndexPage(PublicPageCacheMixin, RoutablePageMixin, IndexPage):
    """News at /news/: filters by author, subject and tag; RSS feeds for all, per librarian, per subject."""

    subpage_types = ["liaison_pages.BlogPostPage"]

    class Meta:
        verbose_name = "news index"

    def get_posts(self, author=None, subject=None, tag=None):
        # what a post card shows: author's name and the listing image's rendition
        posts = card_images(
            public_pages(BlogPostPage.objects.child_of(self)).select_related("author"),
            "listing_image",
        )
        if author:
            posts = posts.filter(author=author)
        if subject:
            posts = posts.filter(subjects=subject)
        if tag:
            posts = posts.filter(tags__slug=tag)
        return posts.order_by("-date", "-id")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        author = _lookup(
            public_pages(LiaisonPage.objects), "slug", request.GET.get("author", "")[:255]
        )
        subject = _lookup(Subject, "slug", request.GET.get("subject", "")[:120])
        tag = request.GET.get("tag", "")[:100] or None
        context.update(
            author=author,
            subject=subject,
            tag=tag,
            posts=paginate_when_shown(
                self.get_posts(author, subject, tag), request.GET.get("page")
            ),
            authors=public_pages(LiaisonPage.objects)
            .filter(posts__in=public_pages(BlogPostPage.objects.child_of(self)))
            .distinct()
            .order_by("title")
            .only("id", "title", "slug"),
            subjects=Subject.objects.filter(
                posts__in=public_pages(BlogPostPage.objects.child_of(self))
            )
            .distinct()
            .order_by("name"),
        )
        return context

    @path("feed/")
    def feed_all(self, request):
        return PostFeed(self)(request)

    @re_path(r"^feed/librarian/(?P<slug>[-\w]+)/$")
    def feed_librarian(self, request, slug):
        author = public_pages(LiaisonPage.objects).filter(slug=slug).first()
        if author is None:
            return _not_found(request)
        return PostFeed(self, author=author)(request)

    @re_path(r"^feed/subject/(?P<slug>[-\w]+)/$")
    def feed_subject(self, request, slug):
        subject = Subject.objects.filter(slug=slug).first()
        if subject is None:
            return _not_found(request)
        return PostFeed(self, subject=subject)(request)


def _not_found(request):
    raise Http404("No such feed.")


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "liaison_pages.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPostPage(OwnedPageMixin, PublicPageCacheMixin, Page):
    owned_kind, owner_field = "post", "author"

    author = models.ForeignKey(
        LiaisonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    date = models.DateField("post date", default=datetime.date.today)
    intro = models.TextField(
        max_length=400, help_text="Shown in listings, feeds and search results."
    )
    body = StreamField(PostStreamBlock(), blank=True)
    subjects = ParentalManyToManyField(Subject, blank=True, related_name="posts")
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)
    listing_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("author", permission=COORDINATOR_ONLY),  # its owner: see GuidePage
                FieldPanel("date"),
                FieldPanel("subjects"),
                FieldPanel("tags"),
                FieldPanel("listing_image"),
            ],
            heading="About this post",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=SUMMARY_BOOST),
        index.SearchField("body"),
        index.RelatedFields("subjects", [index.SearchField("name", boost=TITLE_BOOST)]),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("author", serializer=LibrarianField()),
        APIField("subject_names", serializer=NamesField(source="subjects")),
        APIField("tag_names", serializer=NamesField(source="tags")),
        APIField("listing_image", serializer=ImageRenditionField("fill-640x360")),
    ]
    parent_page_types = ["liaison_pages.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news post"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.author_id:
            self.author = profile_of(self.owner_id)  # the librarian who writes it
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # read only when the page's content is not in the cache (see core.caching.content_cache)
        context["author_card"] = SimpleLazyObject(lambda: _card_of(self.author_id))
        return context

    def get_author_card(self):
        """The author named on post cards, if their profile is live and public (listings select
        it with the post, so this costs no query)."""
        author = self.author if self.author_id else None
        return author if author is not None and author.live and is_public(author) else None
