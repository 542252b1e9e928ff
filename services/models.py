"""The services catalogue at /services/: what the library does for students, faculty, researchers and
outside partners, who offers it and how to ask for it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.forms import CheckboxSelectMultiple
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.caching import PublicPageCacheMixin, public_pages
from core.images import card_images
from core.models import IndexPage
from core.pagination import paginate_when_shown
from core.panels import DraftInlinePanel
from inbox.forms import ContactForm
from inbox.models import Message
from inbox.services import submit_contact_form
from liaison_pages.models import SUMMARY_BOOST, TITLE_BOOST, LiaisonPage
from taxonomy.models import Subject

SERVICES_PER_PAGE = 24


class Audience(models.Model):
    """Who a service is for. A short fixed list (students, faculty, researchers, external partners)
    kept as rows so it filters the same way on SQLite and PostgreSQL; editors may add more."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ServiceIndexPage(PublicPageCacheMixin, IndexPage):
    """The catalogue: every live service, filterable by audience and subject (the filters combine)."""

    subpage_types = ["services.ServicePage"]

    class Meta:
        verbose_name = "services catalogue"

    def get_services(self, audience=None, subject=None):
        """Live services under this index, optionally for one audience AND one subject."""
        services = public_pages(ServicePage.objects.child_of(self))
        if audience:
            services = services.filter(audiences=audience)
        if subject:
            services = services.filter(subjects=subject)
        return (
            services.prefetch_related("audiences", "subjects", offered_by_prefetch())
            .only("id", "title", "slug", "url_path", "depth", "path", "summary", "turnaround")
            .distinct()
            .order_by("title")
        )

    def get_filters(self, request):
        """The chosen audience and subject from ?audience=slug&subject=slug; unknown values are ignored."""
        audience_slug = (request.GET.get("audience") or "")[:80]
        subject_slug = (request.GET.get("subject") or "")[:120]
        audience = Audience.objects.filter(slug=audience_slug).first() if audience_slug else None
        subject = Subject.objects.filter(slug=subject_slug).first() if subject_slug else None
        return audience, subject

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience, subject = self.get_filters(request)
        context.update(
            audience=audience,
            subject=subject,
            audiences=Audience.objects.all(),
            subjects=Subject.objects.filter(
                services__in=public_pages(ServicePage.objects.child_of(self))
            )
            .distinct()
            .order_by("name"),
            services=paginate_when_shown(
                self.get_services(audience, subject),
                request.GET.get("page"),
                per_page=SERVICES_PER_PAGE,
            ),
        )
        return context


class ServiceLiaison(Orderable):
    """A librarian who offers a service, in the order editors choose."""

    page = ParentalKey(
        "services.ServicePage", on_delete=models.CASCADE, related_name="liaison_placements"
    )
    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage", on_delete=models.CASCADE, related_name="service_placements"
    )

    # A draft may be saved before the librarian is chosen (the row is left out of it, see
    # core.panels); publishing needs the choice.
    panels = [FieldPanel("liaison", required_on_save=False)]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "liaison"], name="unique_service_liaison")
        ]

    def __str__(self):
        return str(self.liaison)


def offered_by_prefetch():
    """A service card's librarians (``service.offered_by``): live, public and active only, in
    the editors' order, with the columns a card shows, for all cards in one query."""
    placements = (
        ServiceLiaison.objects.filter(
            liaison__in=public_pages(LiaisonPage.objects).filter(is_active=True)
        )
        .select_related("liaison")
        .only("page_id", "sort_order", "liaison__title", "liaison__url_path", "liaison__depth")
        .order_by("sort_order", "pk")
    )
    return Prefetch("liaison_placements", queryset=placements, to_attr="offered_by")


class ServicePage(PublicPageCacheMixin, Page):
    summary = models.TextField(
        max_length=400, help_text="One or two sentences shown in the catalogue and in search."
    )
    body = RichTextField(
        blank=True, features=["h2", "h3", "bold", "italic", "link", "ul", "ol", "document-link"]
    )
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="services")
    subjects = ParentalManyToManyField(Subject, blank=True, related_name="services")
    request_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="request form page",
        help_text="The page where people ask for this service, e.g. an enquiry form.",
    )
    request_url = models.URLField(
        "request link", blank=True, help_text="Used when there is no form page in the portal."
    )
    request_email = models.EmailField(blank=True)
    request_note = models.CharField(
        max_length=250,
        blank=True,
        help_text="Anything people should know before asking, e.g. 'Book two weeks ahead'.",
    )
    turnaround = models.CharField(
        "expected turnaround",
        max_length=120,
        blank=True,
        help_text="For example: 'A reply within two working days'.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=CheckboxSelectMultiple),
                FieldPanel("subjects"),
            ],
            heading="Who it is for",
        ),
        DraftInlinePanel(
            "liaison_placements", label="Librarian", heading="Librarians who offer it"
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("request_page"),
                FieldPanel("request_url"),
                FieldPanel("request_email"),
                FieldPanel("request_note"),
                FieldPanel("turnaround"),
            ],
            heading="How to request it",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("body"),
        index.RelatedFields("subjects", [index.SearchField("name", boost=TITLE_BOOST)]),
        index.RelatedFields("audiences", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("turnaround"),
        APIField("audience_names"),
        APIField("subject_names"),
    ]
    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "service"

    def clean(self):
        super().clean()
        if self.request_url and self.request_page_id:
            raise ValidationError({"request_url": "Choose either a form page or a link, not both."})

    @property
    def audience_names(self):
        return [a.name for a in self.audiences.all()]

    @property
    def subject_names(self):
        return [s.name for s in self.subjects.all()]

    def get_liaisons(self):
        """The live, active librarians who offer this service, in the editors' order."""
        return list(
            card_images(
                public_pages(LiaisonPage.objects)
                .filter(service_placements__page=self, is_active=True)
                .prefetch_related("subjects")
            ).order_by("service_placements__sort_order", "pk")
        )

    @cached_property
    def request_link(self):
        """(url, label) for the 'how to request it' button, or None when only an email is given."""
        if self.request_page_id:
            page = Page.objects.live().filter(pk=self.request_page_id).first()
            if page is not None:
                return page.url, page.title
        if self.request_url:
            return self.request_url, "Request this service"
        return None

    def get_request_form(self, data=None):
        """Where no form page is chosen, people ask here and the request reaches the inbox of the
        first librarian who offers the service (else general enquiries)."""
        return ContactForm(
            data=data, initial={"subject": f"Request: {self.title}"[:200]}, prefix="request"
        )

    def is_cacheable(self):
        """Without a form page or link of its own, the page shows a request form (see below),
        which carries the visitor's CSRF token."""
        return self.request_link is not None

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and self.request_link is None:
            form = self.get_request_form(data=request.POST)
            if form.is_valid():
                liaisons = self.get_liaisons()
                submit_contact_form(
                    form,
                    liaison=liaisons[0] if liaisons else None,
                    request=request,
                    source=Message.Source.SERVICE,
                )
                return redirect(f"{self.url}?sent=1#request")
            context = self.get_context(request, request_form=form)
            return TemplateResponse(request, self.get_template(request), context, status=400)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, request_form=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # read only when the page's content is not in the cache (see core.caching.content_cache)
        liaisons = SimpleLazyObject(self.get_liaisons)
        context["liaisons"] = liaisons
        context["request_link"] = self.request_link
        if context["request_link"] is None:
            context["request_form"] = request_form or self.get_request_form()
            context["request_sent"] = request.GET.get("sent") == "1"
            # whom a request reaches (named once it is sent)
            context["request_to"] = SimpleLazyObject(lambda: liaisons[0] if liaisons else None)
        return context
