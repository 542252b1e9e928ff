"""Demo step 2: /enquiries/ with three enquiry forms, and a few messages (demo/data/inbox.yaml).

Runs after the pages step (uses its home page and librarians from `context`, or looks them up).
Idempotent: pages are found by slug, demo messages by their senders' demo addresses. Demo
messages get delivery records directly (one failed, to show how the inbox flags it); no email is
queued for them.
"""

from datetime import timedelta

from django.utils import timezone

from demo.builder import load
from home.models import HomePage
from inbox.models import Delivery, EnquiryFormField, EnquiryFormPage, EnquiryIndexPage, Message
from liaison_pages.models import LiaisonPage
from tests.factories import EnquiryFormPageFactory, EnquiryIndexPageFactory

DEMO_DOMAIN = "students.demo.example.edu"


def _liaisons(context):
    """The demo librarians by name."""
    return context.get("liaisons_by_name") or {
        page.title: page for page in LiaisonPage.objects.live().order_by("pk")
    }


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
    for row in load("inbox")["forms"]:
        slug = row["slug"]
        page = EnquiryFormPage.objects.filter(slug=slug).first()
        if page is None:
            liaison = liaisons.get(row["librarian"]) if row["librarian"] else None
            page = EnquiryFormPageFactory(
                parent=index,
                title=row["title"],
                slug=slug,
                intro=row["intro"],
                liaison=liaison,
                owner=liaison.user if liaison else context.get("admin"),
                thank_you_text="<p>Thank you. Your enquiry has been received.</p>",
                for_partners=slug == "partnership-enquiry",
            )
            for sort_order, field in enumerate(row["fields"]):
                EnquiryFormField.objects.create(
                    page=page,
                    sort_order=sort_order,
                    label=field["label"],
                    field_type=field["type"],
                    required=field["required"],
                    choices="\n".join(field["choices"]),
                )
        forms.append(page)
    context.update(enquiry_index=index, enquiry_forms=forms)


def seed_messages(context, liaisons):
    if not liaisons or Message.objects.filter(sender_email__endswith=DEMO_DOMAIN).exists():
        return
    now = timezone.now()
    programmes = list(context.get("programmes", {}).values())
    fallback = next(iter(liaisons.values()))
    for i, row in enumerate(load("inbox")["messages"]):
        name, status, state = row["sender"], row["status"], row["delivery"]
        liaison = liaisons.get(row["librarian"], fallback)
        programme = programmes[i % len(programmes)] if programmes and status != "spam" else None
        created = now - timedelta(days=row["days_ago"], hours=i)
        message = Message.objects.create(
            liaison=liaison,
            sender_name=name,
            sender_email=f"{name.lower().replace(' ', '.')}@{DEMO_DOMAIN}",
            programme=programme,
            sender_group=programme.name if programme else "",
            subject=row["subject"],
            body=row["body"],
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
