"""Demo data for `manage.py seed_demo`: /enquiries/ with three enquiry forms, and a few messages.

Runs after `liaison_pages.demo` (uses its home page and librarians from `context`, or looks them
up). Idempotent: pages are found by slug, demo messages by their senders' demo addresses. Demo
messages get delivery records directly (one failed, to show how the inbox flags it); no email is
queued for them.
"""

from datetime import timedelta

from django.utils import timezone

from home.models import HomePage
from liaison_pages.models import LiaisonPage

from .factories import EnquiryFormPageFactory, EnquiryIndexPageFactory
from .models import Delivery, EnquiryFormField, EnquiryFormPage, EnquiryIndexPage, Message

DEMO_DOMAIN = "students.demo.example.edu"

# (title, slug, liaison position or None for the general address, intro, fields)
FORMS = [
    (
        "Request a consultation",
        "request-a-consultation",
        0,
        "<p>Book a one-to-one meeting to plan a search, find sources or sort out references.</p>",
        [
            ("Your course or research topic", "singleline", True, ""),
            ("What would you like help with?", "multiline", True, ""),
            ("Preferred format", "radio", True, "In person\nOnline\nEither"),
            ("Dates and times that suit you", "singleline", False, ""),
        ],
    ),
    (
        "Request an instruction session",
        "request-an-instruction-session",
        1,
        "<p>For lecturers: a library session built into your module, in class or online.</p>",
        [
            ("Module code and title", "singleline", True, ""),
            ("Number of students", "number", True, ""),
            ("Preferred date", "date", False, ""),
            ("Topics to cover", "checkboxes", False, "Searching\nEvaluating sources\nReferencing"),
            ("Anything else we should know?", "multiline", False, ""),
        ],
    ),
    (
        "Partnership enquiry",
        "partnership-enquiry",
        None,
        "<p>Schools, libraries and organisations: tell us what you would like to do together.</p>",
        [
            ("Organisation", "singleline", True, ""),
            ("Website", "url", False, ""),
            ("Your idea", "multiline", True, ""),
        ],
    ),
]

# (liaison position, sender, subject, body, status, days ago, delivery state)
MESSAGES = [
    (
        0,
        "Maya Chen",
        "Sources for my dissertation",
        "I am writing about green solvents and cannot find recent reviews. Where should I look?",
        "new",
        0,
        "sent",
    ),
    (
        0,
        "Luis Ortega",
        "Referencing software",
        "Which reference manager does the library support, and is there a workshop?",
        "read",
        1,
        "sent",
    ),
    (
        0,
        "Hannah Weiss",
        "Interlibrary loan",
        "A book I need is not in the catalogue. Can you get it from another library?",
        "answered",
        4,
        "sent",
    ),
    (
        1,
        "Kwame Mensah",
        "Archive visit",
        "Can my seminar group visit the special collections next month?",
        "new",
        0,
        "failed",
    ),
    (
        1,
        "Sofia Rossi",
        "Database access off campus",
        "Web of Science asks me to sign in at home. What should I do?",
        "closed",
        9,
        "sent",
    ),
    (
        2,
        "Tom Becker",
        "Data management plan",
        "Could you look over my data management plan before I submit it?",
        "new",
        2,
        "sent",
    ),
    (
        2,
        "WIN A PRIZE",
        "You have been selected",
        "Click here to claim your reward.",
        "spam",
        3,
        "sent",
    ),
]


def _liaisons(context):
    liaisons = context.get("liaisons")
    if liaisons:
        return list(liaisons)
    return list(LiaisonPage.objects.live().order_by("pk"))


def seed_forms(context, home, liaisons):
    index = EnquiryIndexPage.objects.first()
    if index is None:
        index = EnquiryIndexPageFactory(
            parent=home,
            title="Enquiries",
            slug="enquiries",
            intro="<p>Ask for a consultation, a class session or a partnership.</p>",
        )
    forms = []
    for title, slug, position, intro, fields in FORMS:
        page = EnquiryFormPage.objects.filter(slug=slug).first()
        if page is None:
            liaison = (
                liaisons[position] if position is not None and position < len(liaisons) else None
            )
            page = EnquiryFormPageFactory(
                parent=index,
                title=title,
                slug=slug,
                intro=intro,
                liaison=liaison,
                owner=liaison.user if liaison else context.get("admin"),
                thank_you_text="<p>Thank you. Your enquiry has been received.</p>",
                for_partners=slug == "partnership-enquiry",
            )
            for sort_order, (label, field_type, required, choices) in enumerate(fields):
                EnquiryFormField.objects.create(
                    page=page,
                    sort_order=sort_order,
                    label=label,
                    field_type=field_type,
                    required=required,
                    choices=choices,
                )
        forms.append(page)
    context.update(enquiry_index=index, enquiry_forms=forms)


def seed_messages(context, liaisons):
    if not liaisons or Message.objects.filter(sender_email__endswith=DEMO_DOMAIN).exists():
        return
    now = timezone.now()
    programmes = list(context.get("programmes", {}).values())
    for i, (position, name, subject, body, status, days, state) in enumerate(MESSAGES):
        liaison = liaisons[position % len(liaisons)]
        programme = programmes[i % len(programmes)] if programmes and status != "spam" else None
        created = now - timedelta(days=days, hours=i)
        message = Message.objects.create(
            liaison=liaison,
            sender_name=name,
            sender_email=f"{name.lower().replace(' ', '.')}@{DEMO_DOMAIN}",
            programme=programme,
            sender_group=programme.name if programme else "",
            subject=subject,
            body=body,
            status=status,
            created_at=created,
            # answered a few working hours later, so response times look like a real inbox's
            responded_at=min(now, created + timedelta(hours=3 + 7 * (i % 5)))
            if status in Message.RESPONDED
            else None,
            notified_at=created if state == "sent" else None,
            notify_error="SMTPServerDisconnected: demo outage" if state == "failed" else "",
        )
        for kind in Delivery.Kind.values:
            failed = state == "failed" and kind == Delivery.Kind.NOTIFY
            Delivery.objects.create(
                message=message,
                kind=kind,
                status=Delivery.Status.FAILED if failed else Delivery.Status.SENT,
                attempts=5 if failed else 1,
                last_error="SMTPServerDisconnected: demo outage" if failed else "",
                recipient=""
                if failed
                else (liaison.email if kind == "notify" else message.sender_email),
                created_at=created,
                sent_at=None if failed else created,
            )


def seed(context):
    home = context.get("home") or HomePage.objects.first()
    if home is None:
        return
    liaisons = _liaisons(context)
    seed_forms(context, home, liaisons)
    seed_messages(context, liaisons)
    stdout = context.get("stdout")
    if stdout:
        stdout.write(
            f"Inbox: {len(context['enquiry_forms'])} enquiry forms at /enquiries/, "
            f"{Message.objects.count()} messages."
        )
