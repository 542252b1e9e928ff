"""Everything a visitor sends. A message is stored before anything is sent about it.

A ``Message`` is what arrived; each ``Delivery`` is one email sent about it (the notification to
the librarian, the acknowledgement to the sender), tracked until it is sent or has failed for good.
``EnquiryFormPage`` is a form liaisons build in the page editor; its submissions become messages.
"""

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from core.caching import is_public, public_pages
from core.models import IndexPage
from core.permissions import OwnedPageMixin
from liaison_pages.models import profile_of
from liaison_pages.panels import COORDINATOR_ONLY

from .forms import ENQUIRY_FIXED_FIELDS, EnquiryFormBuilder, EnquiryFormPageAdminForm


class Message(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        READ = "read", "Read"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"
        SPAM = "spam", "Spam"

    class Source(models.TextChoices):
        PROFILE = "profile", "Profile contact form"
        MY_LIBRARIAN = "my-librarian", "My librarian page"
        ENQUIRY = "enquiry", "Enquiry form"
        SERVICE = "service", "Service request"

    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name="librarian",
        help_text="Who answers this message. Unassigned messages go to the general enquiries address.",
    )
    sender_name = models.CharField(max_length=150)
    sender_email = models.EmailField(max_length=254)
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sent_messages",
        help_text="The account that was signed in when this was sent. A person's messages are "
        "the ones linked to their account, never the ones that merely carry their address.",
    )
    programme = models.ForeignKey(
        "taxonomy.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_group = models.CharField(
        "programme or department",
        max_length=200,
        blank=True,
        help_text="The sender's programme or department, for counting demand.",
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PROFILE)
    enquiry_page = models.ForeignKey(
        "inbox.EnquiryFormPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        help_text="The enquiry form this came through, if any.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    responded_at = models.DateTimeField(
        "first responded",
        null=True,
        blank=True,
        editable=False,
        help_text="When the message was first marked answered or closed (response times).",
    )
    response_seconds = models.FloatField(
        "seconds to the first response",
        null=True,
        blank=True,
        editable=False,
        help_text="From arrival to the first response, kept with it by save(): the evidence "
        "percentiles sort by it instead of working out every answered message's wait.",
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    notify_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("reassign_message", "Can see all messages, reassign them and resend their emails"),
        ]
        indexes = [
            # Covers the evidence figures (counts by month, programme and status, response
            # times) for a period, so they read this index instead of every message's body.
            models.Index(
                fields=[
                    "created_at",
                    "status",
                    "programme",
                    "liaison",
                    "responded_at",
                    "response_seconds",
                ],
                name="inbox_message_evidence_idx",
            ),
            # The messages still waiting for a first response (no response time, status new or
            # read), by librarian and age: the workload view's overdue counts read these few
            # instead of every message. (Not a partial index: SQLite plans with the statuses as
            # bound parameters, and cannot match those to an index condition.)
            models.Index(
                fields=["responded_at", "status", "liaison", "created_at"],
                name="inbox_message_open_idx",
            ),
            # The messages of a period per programme, read in programme order: counting them per
            # programme (the evidence tables by programme and department, with the response-time
            # counts in the same scan) then needs no sort of every message in the period.
            models.Index(
                fields=["programme", "created_at", "status", "liaison", "responded_at"],
                name="inbox_message_programme_idx",
            ),
        ]

    def __str__(self):
        return f"{self.subject} — {self.sender_name}"

    RESPONDED = frozenset({Status.ANSWERED, Status.CLOSED})

    def save(self, *args, **kwargs):
        # The first time a librarian marks it answered or closed is its first response; a later
        # reopening or change keeps that time. Messages answered before this field existed keep
        # it empty, and response-time figures count them apart rather than guess.
        update_fields = kwargs.get("update_fields")
        changed = set()
        if self.status in self.RESPONDED and self.responded_at is None:
            self.responded_at = timezone.now()
            changed.add("responded_at")
        seconds = (
            (self.responded_at - self.created_at).total_seconds() if self.responded_at else None
        )
        if seconds != self.response_seconds:
            self.response_seconds = seconds
            changed.add("response_seconds")
        if update_fields is not None and changed:
            kwargs["update_fields"] = {*update_fields, *changed}
        return super().save(*args, **kwargs)

    @property
    def delivery_summary(self):
        """'failed' if any email about it failed for good, 'pending' while any is still due, else 'sent'."""
        statuses = {d.status for d in self.deliveries.all()}
        if Delivery.Status.FAILED in statuses:
            return Delivery.Status.FAILED
        if statuses & {Delivery.Status.PENDING, Delivery.Status.SENDING}:
            return Delivery.Status.PENDING
        return Delivery.Status.SENT if statuses else ""


class Delivery(models.Model):
    """One email about a message. Sent at most once per claim; retried with backoff on failure."""

    class Kind(models.TextChoices):
        NOTIFY = "notify", "Notification to the librarian"
        ACK = "ack", "Acknowledgement to the sender"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    recipient = models.CharField(max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["message", "kind"], name="inbox_one_delivery_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for message {self.message_id}: {self.status}"


# --- Enquiry forms built in the page editor -----------------------------------------------------


class EnquiryIndexPage(IndexPage):
    """/enquiries/: the enquiry forms liaisons and coordinators build."""

    subpage_types = ["inbox.EnquiryFormPage"]
    show_in_menus_default = False  # reached from the services and librarians' pages

    class Meta:
        verbose_name = "enquiry forms index"

    def get_forms(self):
        return (
            public_pages(EnquiryFormPage.objects.child_of(self))
            .select_related("liaison")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forms"] = self.get_forms()
        return context


class EnquiryFormField(AbstractFormField):
    page = ParentalKey(
        "inbox.EnquiryFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class EnquiryFormPage(OwnedPageMixin, AbstractForm):
    """A form a liaison builds (consultation, instruction session, partnership enquiry).

    Every form also asks for the sender's name, email and (optionally) programme or department;
    a submission is kept as a Wagtail form submission AND becomes an inbox message for ``liaison``.
    """

    owned_kind, owner_field = "form", "liaison"  # see editorial.permissions

    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiry_forms",
        verbose_name="recipient librarian",
        help_text="Who receives the submissions. Leave empty to use the page owner's profile.",
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    for_partners = models.BooleanField(
        "for people outside the university",
        default=False,
        help_text="Leaves out the programme and department questions. Ask 'Organisation' instead: "
        "its answer is counted as the sender's group.",
    )
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown after sending. The expected reply time is added automatically.",
    )

    content_panels = AbstractForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("for_partners"),
        # who receives the submissions: coordinators only (liaison_pages.panels); a form a
        # liaison builds goes to them
        FieldPanel("liaison", permission=COORDINATOR_ONLY),
        InlinePanel("form_fields", label="Form field", heading="Questions"),
        FieldPanel("thank_you_text"),
    ]
    base_form_class = EnquiryFormPageAdminForm
    parent_page_types = ["inbox.EnquiryIndexPage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "enquiry form"

    @property
    def form_builder(self):
        return EnquiryFormBuilder

    def get_recipient(self):
        """The librarian who gets the submissions: the chosen one, else the owner's profile; once
        that librarian has left, whoever answers for them (None: the general enquiries address).
        Deactivation also moves the recipient, but an older revision published later may still
        name the departed librarian."""
        recipient = self.liaison if self.liaison_id else profile_of(self.owner_id)
        return recipient.answering_librarian() if recipient is not None else None

    def get_recipient_card(self):
        """The recipient named in public listings: only a live profile outside private sections
        (``get_forms`` selects it, so this costs no query)."""
        liaison = self.liaison if self.liaison_id else None
        return liaison if liaison is not None and liaison.live and is_public(liaison) else None

    def save(self, *args, **kwargs):
        if not self.liaison_id and self.owner_id:
            recipient = self.get_recipient()
            if recipient is not None:
                self.liaison = recipient
        return super().save(*args, **kwargs)

    def get_submissions_list_view_class(self):
        # imported here as Wagtail's own method does: admin views need the app registry ready
        from .views import EnquirySubmissionsListView

        return EnquirySubmissionsListView

    def get_data_fields(self):
        return [
            ("submit_time", "Submission date"),
            *ENQUIRY_FIXED_FIELDS,
            *[(field.clean_name, field.label) for field in self.get_form_fields()],
        ]

    def process_form_submission(self, form):
        """Keep Wagtail's submission and put a message through the pipeline (rate limited)."""
        from .services import submit_enquiry  # services stores messages: it imports this module

        return submit_enquiry(self, form, request=getattr(form, "request", None))

    def serve(self, request, *args, **kwargs):
        # The request is needed for the rate limit (client IP); Wagtail's serve does not pass it on.
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            form.request = request
            if form.is_valid():
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            context = self.get_context(request)
            context["form"] = form
            return TemplateResponse(request, self.get_template(request), context, status=400)
        return super().serve(request, *args, **kwargs)
